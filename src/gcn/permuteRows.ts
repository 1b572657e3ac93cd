import { Matrix } from '../core/mlMatrix.js';
import { permutationOf } from './validatePermutation.js';
import { sameKind, toMatrix, type MatrixInput } from './toMatrix.js';

/**
 * $PX$ without forming $P$: row `i` of the result is row `p[i]` of `X` (node `p[i]` is
 * relabelled `i`). Exact: it only moves numbers. Returns the kind it was given.
 */
export function permuteRows(X: Matrix, p: readonly number[]): Matrix;
export function permuteRows(X: readonly (readonly number[])[], p: readonly number[]): number[][];
export function permuteRows(X: MatrixInput, p: readonly number[]): Matrix | number[][];
export function permuteRows(X: MatrixInput, p: readonly number[]): Matrix | number[][] {
  const op = 'permuteRows';
  const m = toMatrix(op, 'X', X);
  return sameKind(X, permuteRowsOf(m, permutationOf(op, 'p', p, m.rows)));
}

/** $PX$ of a validated matrix and permutation. */
export function permuteRowsOf(X: Matrix, p: readonly number[]): Matrix {
  const result = new Matrix(X.rows, X.columns);
  p.forEach((from, i) => result.setRow(i, X.getRow(from)));
  return result;
}
