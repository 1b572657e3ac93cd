import { LayerproofError } from '../core/LayerproofError.js';

/**
 * Checks that `p` is a permutation of $0, \dots, n-1$ (each index exactly once) and returns a
 * copy. layerproof's convention: `p[i]` is the old label of the node that gets label `i`, so
 * row `i` of $PX$ is row `p[i]` of $X$, i.e. $P_{i,\,p_i} = 1$.
 *
 * @param n Expected length; when absent, `p.length`.
 * @throws LayerproofError naming the repeated or missing index.
 */
export function validatePermutation(p: readonly number[], n?: number): number[] {
  return permutationOf('validatePermutation', 'p', p, n);
}

/** The checks of `validatePermutation`, with the caller's `op` and argument name in the message. */
export function permutationOf(op: string, argument: string, p: unknown, n?: number): number[] {
  if (!Array.isArray(p)) {
    throw LayerproofError.invalid({ op, argument, value: p, expected: 'an array of node indices (a permutation of 0, …, n−1)' });
  }
  const values = p as readonly unknown[];
  const size = n ?? values.length;
  if (values.length !== size) {
    throw LayerproofError.invalid({ op, argument: `${argument}.length`, value: values.length, expected: `${size}, one entry per node` });
  }
  const seen = new Int32Array(size).fill(-1);
  const result: number[] = [];
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= size) {
      throw LayerproofError.invalid({ op, argument: `${argument}[${i}]`, value: v, expected: `an integer node index in [0, ${size - 1}]` });
    }
    const first = seen[v] as number;
    if (first !== -1) {
      throw LayerproofError.invalid({
        op, argument: `${argument}[${i}]`, value: v,
        expected: `an index not used before (${argument}[${first}] is already ${v}); a permutation uses each of 0, …, ${size - 1} exactly once`,
      });
    }
    seen[v] = i;
    result.push(v);
  });
  return result;
}
