import type { WindowOperator } from './LinearOperator.js';
import { poolMatrix, type PoolMatrixOptions } from './poolMatrix.js';

/**
 * The matrix of sum pooling: each output is the sum of the input cells under its window
 * (entries 1; zero padding adds nothing). Equal to average pooling times the count of
 * cells under each window.
 */
export function sumPoolMatrix(options: PoolMatrixOptions): WindowOperator {
  return poolMatrix('sumPoolMatrix', options, () => 1);
}
