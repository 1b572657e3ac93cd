import { assertOperatorSize, checkRange, type RowRange, type WindowMode } from './conv2dMatrix.js';
import { inputIndex, type ConvGeometry } from './convGeometry.js';
import { SparseMatrix } from './SparseMatrix.js';

/** Entry of the window operator C whose transpose is built: C's input channel ci, output channel co, tap kh·kw_size + kw. */
export type TransposedWindowValue = (ci: number, co: number, tap: number) => number;

/**
 * For one axis of a window operator: for every input index i, the (output index, tap) pairs
 * with out·stride + tap·dilation − padBefore = i, by increasing output index.
 */
interface AxisReaders {
  /** Pairs of input index i are at [start[i], start[i + 1]). */
  readonly start: Int32Array;
  readonly out: Int32Array;
  readonly tap: Int32Array;
}

function axisReaders(size: number, outSize: number, taps: number, stride: number, dilation: number, padBefore: number): AxisReaders {
  const counts = new Int32Array(size + 1);
  for (let o = 0; o < outSize; o++) {
    for (let t = 0; t < taps; t++) {
      const i = inputIndex(o, t, stride, dilation, padBefore);
      if (i >= 0 && i < size) counts[i + 1] = (counts[i + 1] as number) + 1;
    }
  }
  for (let i = 0; i < size; i++) counts[i + 1] = (counts[i + 1] as number) + (counts[i] as number);
  const start = counts.slice();
  const next = counts.slice(0, size);
  const out = new Int32Array(start[size] as number);
  const tap = new Int32Array(out.length);
  // o ascending, so each input index's pairs come out sorted by output index.
  for (let o = 0; o < outSize; o++) {
    for (let t = 0; t < taps; t++) {
      const i = inputIndex(o, t, stride, dilation, padBefore);
      if (i < 0 || i >= size) continue;
      const at = next[i] as number;
      out[at] = o;
      tap[at] = t;
      next[i] = at + 1;
    }
  }
  return { start, out, tap };
}

/**
 * Rows [start, end) of Cᵀ, the transpose of the sliding-window operator C of geometry `g`
 * (`cout` output channels, `mode` as in `buildWindowMatrix`), built without building C:
 * row (ih, iw, ci) of Cᵀ is column (ih, iw, ci) of C, whose entries sit at C's output cells
 * (oh, ow, co) with ih = oh·s_h + th·d_h − p_top and iw = ow·s_w + tw·d_w − p_left.
 * This is the matrix of a transposed convolution (tf.conv2dTranspose is the adjoint of tf.conv2d).
 * Columns within a row increase because the (oh, th) pairs of ih are sorted by oh.
 * With `layout: 'channelsFirst'` rows and columns are vectorised CHW.
 */
export function buildTransposedWindowMatrix(g: ConvGeometry, cout: number, value: TransposedWindowValue, mode: WindowMode, range: RowRange = {}): SparseMatrix {
  const op = 'buildTransposedWindowMatrix';
  const cin = g.inChannels;
  const positions = g.inHeight * g.inWidth;
  const [start, end] = checkRange(op, positions * cin, range);
  const channelsFirst = range.layout === 'channelsFirst';
  const multiplier = mode === 'diagonal' ? cout / cin : 1;
  const perIn = mode === 'full' ? cout : multiplier;
  const hr = axisReaders(g.inHeight, g.outHeight, g.kernelHeight, g.strideHeight, g.dilationHeight, g.padTop);
  const wr = axisReaders(g.inWidth, g.outWidth, g.kernelWidth, g.strideWidth, g.dilationWidth, g.padLeft);
  const rows = end - start;
  const outPositions = g.outHeight * g.outWidth;
  const pairs = (r: AxisReaders, i: number): number => (r.start[i + 1] as number) - (r.start[i] as number);
  // Row → (input position, channel) of C's input, in either layout.
  const cell = (row: number): [number, number] => {
    if (channelsFirst) {
      const ci = Math.floor(row / positions);
      return [row - ci * positions, ci];
    }
    const p = Math.floor(row / cin);
    return [p, row - p * cin];
  };

  let nnz = 0;
  for (let row = start; row < end; row++) {
    const [p] = cell(row);
    const ih = Math.floor(p / g.inWidth);
    nnz += pairs(hr, ih) * pairs(wr, p - ih * g.inWidth) * perIn;
  }
  assertOperatorSize(op, rows, nnz);
  const rowPtr = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  const emit = (ci: number, co: number, ih: number, iw: number): void => {
    for (let a = hr.start[ih] as number; a < (hr.start[ih + 1] as number); a++) {
      const oh = hr.out[a] as number;
      const tapBase = (hr.tap[a] as number) * g.kernelWidth;
      for (let b = wr.start[iw] as number; b < (wr.start[iw + 1] as number); b++) {
        const position = oh * g.outWidth + (wr.out[b] as number);
        colIndex[k] = channelsFirst ? co * outPositions + position : position * cout + co;
        values[k] = value(ci, co, tapBase + (wr.tap[b] as number));
        k++;
      }
    }
  };
  for (let row = start; row < end; row++) {
    const [p, ci] = cell(row);
    const ih = Math.floor(p / g.inWidth);
    const iw = p - ih * g.inWidth;
    const coFirst = mode === 'full' ? 0 : ci * multiplier;
    if (channelsFirst) {
      // Columns (co, oh, ow): channel outermost.
      for (let co = coFirst; co < coFirst + perIn; co++) emit(ci, co, ih, iw);
    } else {
      // Columns (oh, ow, co): channel innermost.
      for (let a = hr.start[ih] as number; a < (hr.start[ih + 1] as number); a++) {
        const oh = hr.out[a] as number;
        const tapBase = (hr.tap[a] as number) * g.kernelWidth;
        for (let b = wr.start[iw] as number; b < (wr.start[iw + 1] as number); b++) {
          const colBase = (oh * g.outWidth + (wr.out[b] as number)) * cout;
          const tap = tapBase + (wr.tap[b] as number);
          for (let co = coFirst; co < coFirst + perIn; co++) {
            colIndex[k] = colBase + co;
            values[k] = value(ci, co, tap);
            k++;
          }
        }
      }
    }
    rowPtr[row - start + 1] = k;
  }
  return new SparseMatrix(rows, outPositions * cout, rowPtr, colIndex, values);
}
