import { float32Accumulation, float64Reordering, type Tolerance } from '../../core/tolerance.js';

/**
 * The default tolerance of `assertAffine` and `assertLinear` for one case, built from the rules of
 * src/core/tolerance.ts. Each output of an affine map of n inputs is a sum of at most n products
 * (plus a bias), and each of f(z), f(x) and f(y) carries that sum's rounding error; the difference
 * f(z) − αf(x) − βf(y) carries the three, weighted by 1, |α| and |β|.
 *
 * The rounding error of a sum is bounded by its terms' absolute sum Σ|Tᵢⱼvⱼ|, which a black box does
 * not show; we stand in √n·‖f(v)‖∞ for it (for inputs of random signs a sum of n terms is about √n
 * times smaller than their absolute sum), so the scale is √n·(‖f(z)‖∞ + |α|·‖f(x)‖∞ + |β|·‖f(y)‖∞)
 * and the tolerance is `float32Accumulation(n, scale)` for TensorFlow.js (≈ 4n·2⁻²⁴ of the outputs)
 * and `float64Reordering(n, scale)` for a plain function. A map whose outputs cancel to far below
 * their terms (a difference of two large, nearly equal branches) needs an explicit `tolerance`.
 */
export function linearityTolerance(precision: 'float32' | 'float64', inputSize: number, scale: number): Tolerance {
  const n = Math.max(1, inputSize);
  const sumAbs = Math.sqrt(n) * scale;
  return precision === 'float32' ? float32Accumulation(n, sumAbs) : float64Reordering(n, sumAbs);
}
