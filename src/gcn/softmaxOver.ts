import type { Arithmetic } from '../exact/Arithmetic.js';

/**
 * $\operatorname{softmax}(v)_k = e^{v_k} / \sum_j e^{v_j}$ over any arithmetic, the sum from zero
 * in order. Unshifted, unlike `softmax`, which subtracts $\max v$ first so that float64 cannot
 * overflow: the shift cancels in real arithmetic, and without it an exact arithmetic keeps one
 * atom $e^{v_k}$ per entry instead of atoms of $v_k - \max v$. The float64 instance equals
 * `softmax` within float64 rounding (for inputs far from overflow).
 */
export function softmaxOver<T>(ar: Arithmetic<T>, v: readonly T[]): T[] {
  const e = v.map((x) => ar.exp(x));
  let sum = ar.zero;
  for (const x of e) sum = ar.add(sum, x);
  return e.map((x) => ar.div(x, sum));
}
