import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from '../core/mlMatrix.js';

/** Above this many cells an SVD is replaced by the eigenvalues of the smaller Gram matrix. */
const SVD_CELLS = 2 ** 14;

/**
 * The min(rows, cols) singular values of a real row-major matrix, descending, in float64: an SVD
 * (ml-matrix) for small matrices; for larger ones the square roots of the eigenvalues of the
 * smaller Gram matrix (symmetric QR, ~10× faster), which keeps σ₁ to a relative ~10⁻¹⁵ but a
 * σᵢ only to an absolute ~10⁻⁸·σ₁.
 */
export function realSingularValues(data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  if (rows === 0 || cols === 0) return new Float64Array(0);
  if (rows === 1 || cols === 1) {
    let s = 0;
    for (let i = 0; i < rows * cols; i++) s += (data[i] as number) ** 2;
    return Float64Array.of(Math.sqrt(s));
  }
  if (rows * cols <= SVD_CELLS) {
    const m = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, data[i * cols + j] as number);
    const svd = new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true });
    return Float64Array.from(svd.diagonal).sort().reverse().slice(0, Math.min(rows, cols));
  }
  // G = AᵀA (cols ≤ rows) or AAᵀ, accumulated row by row of the longer side.
  const k = Math.min(rows, cols);
  const g = new Float64Array(k * k);
  const long = Math.max(rows, cols);
  const v = new Float64Array(k);
  for (let l = 0; l < long; l++) {
    for (let i = 0; i < k; i++) v[i] = (cols <= rows ? data[l * cols + i] : data[i * cols + l]) as number;
    for (let i = 0; i < k; i++) {
      const vi = v[i] as number;
      if (vi === 0) continue;
      const row = i * k;
      for (let j = i; j < k; j++) g[row + j] = (g[row + j] as number) + vi * (v[j] as number);
    }
  }
  const m = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      m.set(i, j, g[i * k + j] as number);
      m.set(j, i, g[i * k + j] as number);
    }
  }
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  return Float64Array.from(e.realEigenvalues, (l) => Math.sqrt(Math.max(l, 0))).sort().reverse();
}
