import { shapeSize, type AffineOperator } from '../AffineOperator.js';
import { broadcastSource, broadcastStrides } from './broadcastStrides.js';
import { rowwiseOperator } from './rowwiseOperator.js';

export interface ElementwiseSumOperatorOptions {
  readonly op: string;
  readonly kind: string;
  /** The inputs, each broadcast to `outputShape`. */
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** One coefficient per input: 1 for Add, ±1 for Subtract, 1/k for Average. */
  readonly coefficients: readonly number[];
}

/**
 * A weighted element-wise sum of broadcast inputs, y = Σ_j c_j·x_j (Add, Subtract, Average):
 * T = [c_1·B_1, …, c_k·B_k] where B_j copies (and repeats, where it broadcasts) input j.
 * Each row holds one entry per input, in its input's column block.
 */
export function elementwiseSumOperator(options: ElementwiseSumOperatorOptions): AffineOperator {
  const { op, inputShapes, outputShape, coefficients } = options;
  const strides = inputShapes.map((s, j) => broadcastStrides(op, `inputShape[${j}]`, s, outputShape));
  const offsets: number[] = [];
  let offset = 0;
  for (const s of inputShapes) {
    offsets.push(offset);
    offset += shapeSize(s);
  }
  const k = inputShapes.length;
  return rowwiseOperator({
    kind: options.kind,
    inputShapes,
    outputShape,
    entriesPerRow: k,
    fillRow: (row, colIndex, values, at) => {
      for (let j = 0; j < k; j++) {
        colIndex[at + j] = (offsets[j] as number) + broadcastSource(row, outputShape, strides[j] as number[]);
        values[at + j] = coefficients[j] as number;
      }
    },
  });
}
