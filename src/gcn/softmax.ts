import type { Matrix } from 'ml-matrix';
import { sameKind, toMatrix, type MatrixInput } from './toMatrix.js';

/**
 * Softmax of each row, $\operatorname{softmax}(v)_k = \dfrac{e^{v_k}}{\sum_j e^{v_j}}$: for the
 * $1\times d$ row vector of a graph readout, the class probabilities $\hat y$. Computed as
 * $e^{v_k - \max v} / \sum_j e^{v_j - \max v}$, which is equal and cannot overflow.
 * Returns the kind it was given.
 */
export function softmax(v: Matrix): Matrix;
export function softmax(v: readonly (readonly number[])[]): number[][];
export function softmax(v: MatrixInput): Matrix | number[][];
export function softmax(v: MatrixInput): Matrix | number[][] {
  return sameKind(v, softmaxOf(toMatrix('softmax', 'v', v)));
}

/** Row-wise softmax of a validated matrix, in place. */
export function softmaxOf(m: Matrix): Matrix {
  for (let i = 0; i < m.rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < m.columns; j++) max = Math.max(max, m.get(i, j));
    let sum = 0;
    for (let j = 0; j < m.columns; j++) {
      const e = Math.exp(m.get(i, j) - max);
      m.set(i, j, e);
      sum += e;
    }
    for (let j = 0; j < m.columns; j++) m.set(i, j, m.get(i, j) / sum);
  }
  return m;
}
