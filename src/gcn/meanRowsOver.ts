import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from '../exact/Arithmetic.js';

/**
 * The mean of the rows of an $n\times d$ matrix over any arithmetic,
 * $\tfrac1n \sum_{i=1}^n H_{i:}$: each column summed from zero over the rows in order, then
 * divided by $n$, as `meanRows` does (so the float64 instance equals it bit for bit; division by
 * the constant $n$ is exact in an exact arithmetic).
 */
export function meanRowsOver<T>(ar: Arithmetic<T>, H: readonly (readonly T[])[]): T[] {
  const n = H.length;
  const d = H[0]?.length ?? 0;
  if (n < 1 || d < 1) throw LayerproofError.invalid({ op: 'meanRowsOver', argument: 'H', value: H, expected: 'an n×d matrix with n, d ≥ 1' });
  const count = ar.fromInt(n);
  const mean: T[] = [];
  for (let j = 0; j < d; j++) {
    let sum = ar.zero;
    for (let i = 0; i < n; i++) sum = ar.add(sum, (H[i] as readonly T[])[j] as T);
    mean.push(ar.div(sum, count));
  }
  return mean;
}
