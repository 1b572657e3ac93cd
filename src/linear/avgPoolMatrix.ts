import { float64Arithmetic } from '../exact/float64Arithmetic.js';
import type { WindowOperator } from './LinearOperator.js';
import { poolMatrix, type PoolMatrixOptions } from './poolMatrix.js';
import { avgPoolEntry } from './windowMatrixOver.js';

/**
 * The matrix of average pooling: each output is the mean of the input cells under its
 * window, entries 1/count. With `'same'` padding TensorFlow divides by the number of
 * cells inside the input (padded cells are not counted), so border windows have
 * larger weights than 1/(kh·kw); this builder follows TensorFlow. The entry is `avgPoolEntry`,
 * the one the exact engine proves, computed once per count (there are at most kh·kw of them).
 */
export function avgPoolMatrix(options: PoolMatrixOptions): WindowOperator {
  // entries[c] = avgPoolEntry(c), filled up to the largest count seen: a packed array, one compare per entry.
  const entries: number[] = [];
  return poolMatrix('avgPoolMatrix', options, (count) => {
    while (entries.length <= count) entries.push(avgPoolEntry(float64Arithmetic, entries.length));
    return entries[count] as number;
  });
}
