import { Matrix } from '../core/mlMatrix.js';
import { permutationOf } from './validatePermutation.js';

/**
 * The $n\times n$ permutation matrix of `p`: $P_{i,\,p_i} = 1$ and every other entry 0, so
 * that $(PX)_{i:} = X_{p_i:}$ and $(PAP^\top)_{ij} = A_{p_i p_j}$. Each row and each column
 * holds exactly one 1, hence $P^\top P = I$. (To apply $P$ without forming it, use
 * `permuteRows` and `permuteAdjacency`.)
 */
export function permutationMatrix(p: readonly number[]): Matrix {
  const perm = permutationOf('permutationMatrix', 'p', p);
  const P = new Matrix(perm.length, perm.length);
  perm.forEach((j, i) => P.set(i, j, 1));
  return P;
}
