import { Matrix } from '../core/mlMatrix.js';
import { sameKind, toMatrix, type MatrixInput } from './toMatrix.js';

/**
 * The mean of the rows of an $n\times d$ matrix, as a $1\times d$ row vector:
 * $\operatorname{meanRows}(H) = \tfrac1n \sum_{i=1}^n H_{i:} = \tfrac1n \mathbf 1^\top H$.
 * A sum does not depend on the order of its terms, so $\operatorname{meanRows}(PH) = \operatorname{meanRows}(H)$
 * (exactly in real arithmetic; up to rounding in float64). Returns the kind it was given.
 */
export function meanRows(H: Matrix): Matrix;
export function meanRows(H: readonly (readonly number[])[]): number[][];
export function meanRows(H: MatrixInput): Matrix | number[][];
export function meanRows(H: MatrixInput): Matrix | number[][] {
  return sameKind(H, meanRowsOf(toMatrix('meanRows', 'H', H)));
}

/** meanRows of a validated matrix. */
export function meanRowsOf(H: Matrix): Matrix {
  const mean = new Matrix(1, H.columns);
  for (let j = 0; j < H.columns; j++) {
    let sum = 0;
    for (let i = 0; i < H.rows; i++) sum += H.get(i, j);
    mean.set(0, j, sum / H.rows);
  }
  return mean;
}
