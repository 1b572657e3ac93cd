import { assertOperatorSize, checkRange, type RowRange } from './conv2dMatrix.js';
import { SparseMatrix } from './SparseMatrix.js';

/**
 * A linear map along one axis as sparse rows: output index o reads input indices
 * `index[start[o] .. start[o + 1])` (increasing, distinct) with `weight`s.
 */
export interface AxisMap {
  /** Input length. */
  readonly size: number;
  /** Output length. */
  readonly outSize: number;
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly weight: Float64Array;
}

/**
 * Builds an `AxisMap` from `taps(o)`, the (input index, weight) pairs of output index o in any
 * order; repeated indices are summed (a bilinear tap clamped onto its neighbour) and indices
 * outside [0, size) are dropped (they read zero padding).
 */
export function axisMap(size: number, outSize: number, taps: (o: number) => readonly (readonly [number, number])[]): AxisMap {
  const start = new Int32Array(outSize + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let o = 0; o < outSize; o++) {
    const merged = new Map<number, number>();
    for (const [i, w] of taps(o)) if (i >= 0 && i < size) merged.set(i, (merged.get(i) ?? 0) + w);
    for (const i of [...merged.keys()].sort((a, b) => a - b)) {
      index.push(i);
      weight.push(merged.get(i) ?? 0);
    }
    start[o + 1] = index.length;
  }
  return { size, outSize, start, index: Int32Array.from(index), weight: Float64Array.from(weight) };
}

/**
 * The exact number of stored entries of `resampleMatrix(rows, cols, channels)`: the product of the
 * two axis maps' entry counts times the channels.
 */
export function resampleNnz(rowsMap: AxisMap, colsMap: AxisMap, channels: number): number {
  return rowsMap.index.length * colsMap.index.length * channels;
}

/**
 * Rows [start, end) of the matrix of a separable resampling of an image [H, W, C] (NHWC):
 *
 * $$y_{o_h, o_w, c} = \sum_{i_h, i_w} A_{o_h i_h}\, B_{o_w i_w}\, x_{i_h, i_w, c},\qquad T = A \otimes B \otimes I_C$$
 *
 * with A = `rowsMap` and B = `colsMap`. Zero padding, cropping, nearest and bilinear upsampling
 * are all of this form. Only the requested rows are allocated; `layout: 'channelsFirst'`
 * vectorises input and output CHW.
 */
export function resampleMatrix(rowsMap: AxisMap, colsMap: AxisMap, channels: number, range: RowRange = {}): SparseMatrix {
  const width = colsMap.outSize;
  const positions = rowsMap.outSize * width;
  const inPositions = rowsMap.size * colsMap.size;
  const [start, end] = checkRange('resampleMatrix', positions * channels, range);
  const channelsFirst = range.layout === 'channelsFirst';
  const rows = end - start;
  const count = (m: AxisMap, o: number): number => (m.start[o + 1] as number) - (m.start[o] as number);
  // Row → (output position, channel), in either layout.
  const cell = (row: number): [number, number] => {
    if (channelsFirst) {
      const c = Math.floor(row / positions);
      return [row - c * positions, c];
    }
    const p = Math.floor(row / channels);
    return [p, row - p * channels];
  };
  let nnz = 0;
  for (let row = start; row < end; row++) {
    const [p] = cell(row);
    const oh = Math.floor(p / width);
    nnz += count(rowsMap, oh) * count(colsMap, p - oh * width);
  }
  assertOperatorSize('resampleMatrix', rows, nnz);
  const rowPtr = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (let row = start; row < end; row++) {
    const [p, c] = cell(row);
    const oh = Math.floor(p / width);
    const ow = p - oh * width;
    for (let a = rowsMap.start[oh] as number; a < (rowsMap.start[oh + 1] as number); a++) {
      const base = (rowsMap.index[a] as number) * colsMap.size;
      const wa = rowsMap.weight[a] as number;
      for (let b = colsMap.start[ow] as number; b < (colsMap.start[ow + 1] as number); b++) {
        const position = base + (colsMap.index[b] as number);
        colIndex[k] = channelsFirst ? c * inPositions + position : position * channels + c;
        values[k] = wa * (colsMap.weight[b] as number);
        k++;
      }
    }
    rowPtr[row - start + 1] = k;
  }
  return new SparseMatrix(rows, inPositions * channels, rowPtr, colIndex, values);
}
