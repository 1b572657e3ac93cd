import type { CircularOptions } from './circularArguments.js';
import { circularSpectrum } from './circularSpectrum.js';
import type { NormBound } from './NormBound.js';

/** The norm of a convolution with circular padding as a `NormBound`: exact, from `circularSpectrum`. */
export function circularNormBound(kernel: { shape: readonly number[]; data: ArrayLike<number> }, grid: readonly [number, number], options: CircularOptions = {}): NormBound {
  const t0 = performance.now();
  const values = circularSpectrum(kernel, grid, options);
  const norm = values[0] ?? 0;
  return {
    lower: norm, upper: norm, exact: true, method: 'sedghi-circular',
    rests: `the 2-D DFT block-diagonalises a circular convolution, so its ${values.length} singular values are those of the per-frequency matrices P(ω) (Sedghi, Gupta & Long 2019), each by a float64 SVD.`,
    smallest: values[values.length - 1] ?? 0,
    ms: performance.now() - t0,
  };
}
