import { allPermutations, MAX_EXHAUSTIVE_NODES } from '../gcn/allPermutations.js';
import { randomPermutation } from '../gcn/randomPermutation.js';
import type { Rng } from '../core/rng.js';

/**
 * The symmetric group $S_n$ as the channel and node actions use it: permutations `p` of
 * $0, \dots, n-1$ in layerproof's convention (entry i of g·x is entry `p[i]` of x).
 */
export const symmetricGroup = {
  /** $n!$ (Infinity past 170). */
  order: (n: number): number => {
    let f = 1;
    for (let k = 2; k <= n; k++) f *= k;
    return f;
  },
  /** Every permutation, the identity first; only for n ≤ 8 (8! = 40 320). */
  elements: (n: number): Iterable<number[]> => (n <= MAX_EXHAUSTIVE_NODES ? allPermutations(n) : []),
  random: (n: number, rng: Rng): number[] => randomPermutation(n, rng),
  /** How many entries p moves. */
  size: (p: readonly number[]): number => p.filter((v, i) => v !== i).length,
  /** `[1,0,2]`, as the GCN checks print a permutation. */
  format: (p: readonly number[]): string => JSON.stringify(p),
} as const;
