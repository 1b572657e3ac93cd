import type { Matrix } from 'ml-matrix';
import { sameKind, toMatrix, type MatrixInput } from './toMatrix.js';

/**
 * Elementwise rectifier, $\operatorname{ReLU}(M)_{ij} = \max(M_{ij}, 0)$. It acts on each
 * entry alone, so it commutes with any permutation of rows:
 * $\operatorname{ReLU}(PM) = P\,\operatorname{ReLU}(M)$. Returns the kind it was given.
 */
export function relu(M: Matrix): Matrix;
export function relu(M: readonly (readonly number[])[]): number[][];
export function relu(M: MatrixInput): Matrix | number[][];
export function relu(M: MatrixInput): Matrix | number[][] {
  return sameKind(M, reluOf(toMatrix('relu', 'M', M)));
}

/** ReLU of a validated matrix, in place. */
export function reluOf(m: Matrix): Matrix {
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.columns; j++) {
      // Written as !(v > 0) so that −0 also becomes +0 (outputs print as 0, not -0).
      if (!(m.get(i, j) > 0)) m.set(i, j, 0);
    }
  }
  return m;
}
