import type { AffineOperator } from '../AffineOperator.js';
import { rowwiseOperator } from './rowwiseOperator.js';

export interface CopyOperatorOptions {
  readonly kind: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** The column (in the stacked inputs) whose value output element `row` copies. */
  readonly source: (row: number) => number;
  readonly note?: string;
}

/**
 * A layer that only moves elements (Flatten, Reshape, Permute, RepeatVector, Concatenate, the
 * identity of Dropout): every row of T is one 1, at the column of the input element it copies.
 */
export function copyOperator(options: CopyOperatorOptions): AffineOperator {
  const { source } = options;
  return rowwiseOperator({
    kind: options.kind,
    inputShapes: options.inputShapes,
    outputShape: options.outputShape,
    entriesPerRow: 1,
    ...(options.note !== undefined && { note: options.note }),
    fillRow: (row, colIndex, values, at) => {
      colIndex[at] = source(row);
      values[at] = 1;
    },
  });
}
