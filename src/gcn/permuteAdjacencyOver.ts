import type { MatrixOver } from '../exact/matrixOver.js';
import { squareSize } from './normalizeAdjacencyOver.js';
import { permutationOf } from './validatePermutation.js';

/**
 * $PAP^\top$ over any values, without forming $P$: entry $(i, j)$ is $A_{p_i p_j}$ (as
 * `permuteAdjacency`). It only moves values, so it needs no arithmetic.
 *
 * @throws LayerproofError unless `A` is square and `perm` a permutation of its nodes.
 */
export function permuteAdjacencyOver<T>(perm: readonly number[], A: readonly (readonly T[])[]): MatrixOver<T> {
  const p = permutationOf('permuteAdjacencyOver', 'perm', perm, squareSize('permuteAdjacencyOver', A));
  return p.map((from) => p.map((to) => (A[from] as readonly T[])[to] as T));
}
