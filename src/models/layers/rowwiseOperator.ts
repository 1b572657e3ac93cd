import { LayerproofError } from '../../core/LayerproofError.js';
import { SparseMatrix } from '../../linear/SparseMatrix.js';
import type { Activation } from '../activation.js';
import { checkRowRange, shapeSize, type AffineOperator } from '../AffineOperator.js';

export interface RowwiseOperatorOptions {
  readonly kind: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** Every row of T stores exactly this many entries (a dense row of `in` weights, one copied element, one entry per merged input). */
  readonly entriesPerRow: number;
  /**
   * Writes the entries of row `row` into `colIndex` and `values` at [at, at + entriesPerRow),
   * columns strictly increasing.
   */
  readonly fillRow: (row: number, colIndex: Int32Array, values: Float64Array, at: number) => void;
  /** One entry per row; default zeros. */
  readonly bias?: Float64Array;
  /** Default `'linear'`. */
  readonly activation?: Activation;
  readonly note?: string;
}

/**
 * An `AffineOperator` whose rows all hold the same number of entries and are computed one at a
 * time from the layer's weights, so `rowBlock(start, end)` builds those rows only: a Dense layer
 * on a 56×56×64 input (25 M entries) or a diagonal BatchNormalization costs memory in proportion
 * to the block asked for, never to T.
 */
export function rowwiseOperator(options: RowwiseOperatorOptions): AffineOperator {
  const { kind, entriesPerRow, fillRow } = options;
  const op = `rowwiseOperator(${kind})`;
  const rows = shapeSize(options.outputShape);
  const cols = options.inputShapes.reduce((a, s) => a + shapeSize(s), 0);
  if (!Number.isInteger(entriesPerRow) || entriesPerRow < 0 || entriesPerRow > cols) {
    throw LayerproofError.invalid({ op, argument: 'entriesPerRow', value: entriesPerRow, expected: `an integer in [0, ${cols}] (the number of columns)` });
  }
  const bias = options.bias ?? new Float64Array(rows);
  if (bias.length !== rows) {
    throw LayerproofError.invalid({ op, argument: 'bias.length', value: bias.length, expected: `${rows}, one entry per output element` });
  }
  return {
    kind,
    inputShapes: options.inputShapes,
    outputShape: options.outputShape,
    rows,
    cols,
    nnz: rows * entriesPerRow,
    bias,
    activation: options.activation ?? 'linear',
    ...(options.note !== undefined && { note: options.note }),
    rowBlock: (start, end) => {
      checkRowRange(`${kind}.rowBlock`, rows, start, end);
      const n = end - start;
      const rowPtr = new Int32Array(n + 1);
      const colIndex = new Int32Array(n * entriesPerRow);
      const values = new Float64Array(n * entriesPerRow);
      for (let r = 0; r < n; r++) {
        fillRow(start + r, colIndex, values, r * entriesPerRow);
        rowPtr[r + 1] = (r + 1) * entriesPerRow;
      }
      return new SparseMatrix(n, cols, rowPtr, colIndex, values);
    },
  };
}
