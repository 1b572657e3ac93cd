import { Matrix } from '../core/mlMatrix.js';
import type { SparseMatrix } from '../linear/SparseMatrix.js';

/**
 * $\tilde A M$ for a sparse $\tilde A$ (CSR) and a dense $M$, column by column: one product
 * per edge and feature instead of $n^2$. Each sum runs over a row's non-zeros in column
 * order, as the dense product would (its zero terms add nothing).
 */
export function aggregate(aHat: SparseMatrix, m: Matrix): Matrix {
  const result = new Matrix(m.rows, m.columns);
  for (let j = 0; j < m.columns; j++) result.setColumn(j, Array.from(aHat.multiply(m.getColumn(j))));
  return result;
}
