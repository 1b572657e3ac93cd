import { SparseMatrix } from '../linear/SparseMatrix.js';
import type { Activation } from './activation.js';
import { rowBlockOperator, shapeSize, type AffineOperator } from './AffineOperator.js';

export interface RowOperatorOptions {
  readonly kind: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** Number of entries row `row` stores (0 for a row that is bias only, e.g. a padded cell). */
  readonly rowLength: (row: number) => number;
  /** Writes row `row`'s entries at [at, at + rowLength(row)), columns strictly increasing. */
  readonly fillRow: (row: number, colIndex: Int32Array, values: Float64Array, at: number) => void;
  /** One entry per row; default zeros. */
  readonly bias?: Float64Array;
  /** Default `'linear'`. */
  readonly activation?: Activation;
  readonly note?: string;
}

/**
 * An `AffineOperator` whose rows are computed one at a time from a layer's or graph op's weights, so
 * `rowBlock(start, end)` costs memory in proportion to the block, never to T.
 */
export function rowOperator(options: RowOperatorOptions): AffineOperator {
  const { rowLength, fillRow } = options;
  const rows = shapeSize(options.outputShape);
  const cols = options.inputShapes.reduce((a, s) => a + shapeSize(s), 0);
  let nnz = 0;
  for (let r = 0; r < rows; r++) nnz += rowLength(r);
  // No bound on nnz itself: T is only ever built a block of rows at a time.
  return rowBlockOperator({
    ...options,
    op: `rowOperator(${options.kind})`,
    nnz,
    build: (start, end) => {
      const n = end - start;
      const rowPtr = new Int32Array(n + 1);
      for (let r = 0; r < n; r++) rowPtr[r + 1] = (rowPtr[r] as number) + rowLength(start + r);
      const colIndex = new Int32Array(rowPtr[n] as number);
      const values = new Float64Array(rowPtr[n] as number);
      for (let r = 0; r < n; r++) fillRow(start + r, colIndex, values, rowPtr[r] as number);
      return new SparseMatrix(n, cols, rowPtr, colIndex, values);
    },
  });
}
