import { Matrix, SingularValueDecomposition } from '../core/mlMatrix.js';

/** A complex matrix A + iB, row-major real and imaginary parts. */
export interface ComplexMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** The real 2r×2c matrix [[A, −B], [B, A]], which has every singular value of A + iB twice. */
export function realEmbedding(m: ComplexMatrix): Matrix {
  const { rows: r, cols: c, re, im } = m;
  const out = new Matrix(2 * r, 2 * c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const a = re[i * c + j] as number;
      const b = im[i * c + j] as number;
      out.set(i, j, a);
      out.set(i, c + j, -b);
      out.set(r + i, j, b);
      out.set(r + i, c + j, a);
    }
  }
  return out;
}

/**
 * The min(rows, cols) singular values of a complex matrix, descending. A row or a column is
 * its Euclidean norm; otherwise ml-matrix's SVD (float64, backward stable) of the real
 * embedding, each value taken once of its two copies.
 */
export function complexSingularValues(m: ComplexMatrix): Float64Array {
  const { rows, cols, re, im } = m;
  const k = Math.min(rows, cols);
  if (k === 0) return new Float64Array(0);
  if (k === 1) {
    let s = 0;
    for (let i = 0; i < re.length; i++) s += (re[i] as number) ** 2 + (im[i] as number) ** 2;
    return Float64Array.of(Math.sqrt(s));
  }
  const svd = new SingularValueDecomposition(realEmbedding(m), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true });
  const doubled = Float64Array.from(svd.diagonal).sort().reverse();
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) out[i] = doubled[2 * i] as number;
  return out;
}

/**
 * The largest singular value σ₁ of a complex matrix and a unit right singular vector u
 * (‖(A + iB)u‖ = σ₁), as real and imaginary parts.
 */
export function topSingularPair(m: ComplexMatrix): { sigma: number; re: Float64Array; im: Float64Array } {
  const { rows, cols, re, im } = m;
  if (rows === 1) {
    // u = conj(row)/‖row‖.
    const sigma = complexSingularValues(m)[0] ?? 0;
    const scale = sigma === 0 ? 0 : 1 / sigma;
    const ur = Float64Array.from(re, (v) => v * scale);
    const ui = Float64Array.from(im, (v) => -v * scale);
    if (sigma === 0 && cols > 0) ur[0] = 1;
    return { sigma, re: ur, im: ui };
  }
  const svd = new SingularValueDecomposition(realEmbedding(m), { computeLeftSingularVectors: false, computeRightSingularVectors: true, autoTranspose: true });
  const d = svd.diagonal;
  let best = 0;
  for (let i = 1; i < d.length; i++) if ((d[i] as number) > (d[best] as number)) best = i;
  const v = svd.rightSingularVectors.getColumn(best);
  return { sigma: d[best] ?? 0, re: Float64Array.from(v.slice(0, cols)), im: Float64Array.from(v.slice(cols, 2 * cols)) };
}
