import { LayerproofError } from '../core/LayerproofError.js';
import { nonNegativeInteger } from '../core/validate.js';

/** Largest n for which `allPermutations` enumerates (8! = 40 320). */
export const MAX_EXHAUSTIVE_NODES = 8;

/**
 * Every permutation of $0, \dots, n-1$, lazily, in lexicographic order (the identity first):
 * $n!$ arrays, each a fresh copy. Refuses $n > 8$, where $n!$ exceeds 40 320.
 */
export function* allPermutations(n: number): Generator<number[], void, undefined> {
  const op = 'allPermutations';
  nonNegativeInteger(op, 'n', n);
  if (n > MAX_EXHAUSTIVE_NODES) {
    throw LayerproofError.invalid({
      op, argument: 'n', value: n,
      expected: `at most ${MAX_EXHAUSTIVE_NODES} (${n}! permutations are too many to enumerate)`,
      hint: 'Use randomPermutation(n, rng) to sample instead.',
    });
  }
  const p = Array.from({ length: n }, (_v, i) => i);
  for (;;) {
    yield p.slice();
    // Next lexicographic permutation (Knuth, TAOCP 7.2.1.2, algorithm L).
    let i = n - 2;
    while (i >= 0 && (p[i] as number) > (p[i + 1] as number)) i--;
    if (i < 0) return;
    let j = n - 1;
    while ((p[j] as number) < (p[i] as number)) j--;
    swap(p, i, j);
    for (let a = i + 1, b = n - 1; a < b; a++, b--) swap(p, a, b);
  }
}

function swap(p: number[], i: number, j: number): void {
  const t = p[i] as number;
  p[i] = p[j] as number;
  p[j] = t;
}
