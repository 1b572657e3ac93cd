import { Matrix } from '../core/mlMatrix.js';
import { LayerproofError } from '../core/LayerproofError.js';
import { permutationOf } from './validatePermutation.js';
import { sameKind, shapeOf, toMatrix, type MatrixInput } from './toMatrix.js';

/**
 * $PAP^\top$ without forming $P$: entry $(i, j)$ of the result is $A_{p_i p_j}$, the
 * adjacency of the same graph with node `p[i]` relabelled `i`. Works for any square matrix
 * (for example $\tilde A$). Exact: it only moves numbers. Returns the kind it was given.
 */
export function permuteAdjacency(A: Matrix, p: readonly number[]): Matrix;
export function permuteAdjacency(A: readonly (readonly number[])[], p: readonly number[]): number[][];
export function permuteAdjacency(A: MatrixInput, p: readonly number[]): Matrix | number[][];
export function permuteAdjacency(A: MatrixInput, p: readonly number[]): Matrix | number[][] {
  const op = 'permuteAdjacency';
  const m = toMatrix(op, 'A', A);
  if (m.rows !== m.columns) {
    throw LayerproofError.invalid({ op, argument: 'A', value: `a ${shapeOf(m)} matrix`, expected: 'a square n×n matrix' });
  }
  return sameKind(A, permuteAdjacencyOf(m, permutationOf(op, 'p', p, m.rows)));
}

/** $PAP^\top$ of a validated square matrix and permutation. */
export function permuteAdjacencyOf(A: Matrix, p: readonly number[]): Matrix {
  const n = p.length;
  const result = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    const from = p[i] as number;
    for (let j = 0; j < n; j++) result.set(i, j, A.get(from, p[j] as number));
  }
  return result;
}
