import type { MatrixOver } from '../exact/matrixOver.js';
import { permutationOf } from './validatePermutation.js';

/**
 * $PM$ over any values, without forming $P$: row `i` of the result is row `perm[i]` of `M`
 * (layerproof's convention, as `permuteRows`). It only moves values, so it needs no arithmetic.
 *
 * @throws LayerproofError unless `perm` is a permutation of 0, …, M.length − 1.
 */
export function permuteRowsOver<T>(perm: readonly number[], M: readonly (readonly T[])[]): MatrixOver<T> {
  return permutationOf('permuteRowsOver', 'perm', perm, M.length).map((from) => [...(M[from] as readonly T[])]);
}
