import type { WindowOperator } from './LinearOperator.js';
import { poolMatrix, type PoolMatrixOptions } from './poolMatrix.js';

/**
 * The matrix of average pooling: each output is the mean of the input cells under its
 * window, entries 1/count. With `'same'` padding TensorFlow divides by the number of
 * cells inside the input (padded cells are not counted), so border windows have
 * larger weights than 1/(kh·kw); this builder follows TensorFlow.
 */
export function avgPoolMatrix(options: PoolMatrixOptions): WindowOperator {
  return poolMatrix('avgPoolMatrix', options, (count) => 1 / count);
}
