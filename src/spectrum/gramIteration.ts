import type { ComplexMatrix } from './complexSingularValues.js';

/**
 * Gram iteration (Delattre, Barthélemy, Araujo & Allauzen, ICML 2023): an upper bound on ‖P‖₂
 * from G₀ = P, G_{t+1} = G_tᴴG_t, since ‖P‖₂ = ‖G_t‖₂^{1/2^t} ≤ ‖G_t‖_F^{1/2^t}; the excess
 * (Σᵢ (σᵢ/σ₁)^{2^{t+1}})^{1/2^{t+1}} tends to 1 quadratically once σ₂ < σ₁. Each G_t is rescaled
 * by its Frobenius norm and the scale kept as a logarithm, so nothing overflows. The Gram is
 * formed on the smaller side (PᴴP or PPᴴ). The bound holds up to float64 rounding of the
 * products (relative ≲ 10⁻¹³ here), not rigorously.
 */
export function gramIterationBound(p: ComplexMatrix, iterations: number): number {
  const n = Math.min(p.rows, p.cols);
  if (n === 0) return 0;
  // Start from P or Pᴴ so that the first Gram is n×n.
  let rows = p.rows;
  let cols = p.cols;
  let re: Float64Array = Float64Array.from(p.re);
  let im: Float64Array = Float64Array.from(p.im);
  if (p.cols > p.rows) {
    ({ re, im } = conjugateTranspose(p));
    rows = p.cols;
    cols = p.rows;
  }
  let logScale = 0;
  for (let t = 0; t < iterations; t++) {
    const norm = frobenius(re, im);
    if (norm === 0) return 0;
    const inv = 1 / norm;
    for (let i = 0; i < re.length; i++) {
      re[i] = (re[i] as number) * inv;
      im[i] = (im[i] as number) * inv;
    }
    logScale = 2 * (logScale + Math.log(norm));
    ({ re, im } = gram(re, im, rows, cols));
    rows = cols;
  }
  const norm = frobenius(re, im);
  if (norm === 0) return 0;
  return Math.exp((logScale + Math.log(norm)) / 2 ** iterations);
}

function frobenius(re: Float64Array, im: Float64Array): number {
  let s = 0;
  for (let i = 0; i < re.length; i++) s += (re[i] as number) ** 2 + (im[i] as number) ** 2;
  return Math.sqrt(s);
}

function conjugateTranspose(p: ComplexMatrix): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(p.re.length);
  const im = new Float64Array(p.im.length);
  for (let i = 0; i < p.rows; i++) {
    for (let j = 0; j < p.cols; j++) {
      re[j * p.rows + i] = p.re[i * p.cols + j] as number;
      im[j * p.rows + i] = -(p.im[i * p.cols + j] as number);
    }
  }
  return { re, im };
}

/** GᴴG for a rows×cols complex G (a cols×cols Hermitian result). */
function gram(re: Float64Array, im: Float64Array, rows: number, cols: number): { re: Float64Array; im: Float64Array } {
  const outRe = new Float64Array(cols * cols);
  const outIm = new Float64Array(cols * cols);
  for (let k = 0; k < rows; k++) {
    const base = k * cols;
    for (let i = 0; i < cols; i++) {
      // conj(G[k, i])·G[k, j]
      const ar = re[base + i] as number;
      const ai = -(im[base + i] as number);
      if (ar === 0 && ai === 0) continue;
      const row = i * cols;
      for (let j = 0; j < cols; j++) {
        const br = re[base + j] as number;
        const bi = im[base + j] as number;
        outRe[row + j] = (outRe[row + j] as number) + ar * br - ai * bi;
        outIm[row + j] = (outIm[row + j] as number) + ar * bi + ai * br;
      }
    }
  }
  return { re: outRe, im: outIm };
}
