import { LayerproofError } from '../../core/LayerproofError.js';
import type { Activation } from '../activation.js';
import { shapeSize, type AffineOperator } from '../AffineOperator.js';
import { rowOperator } from '../rowOperator.js';

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
  const { kind, entriesPerRow } = options;
  const op = `rowwiseOperator(${kind})`;
  const cols = options.inputShapes.reduce((a, s) => a + shapeSize(s), 0);
  if (!Number.isInteger(entriesPerRow) || entriesPerRow < 0 || entriesPerRow > cols) {
    throw LayerproofError.invalid({ op, argument: 'entriesPerRow', value: entriesPerRow, expected: `an integer in [0, ${cols}] (the number of columns)` });
  }
  return rowOperator({ ...options, rowLength: () => entriesPerRow });
}
