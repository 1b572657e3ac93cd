import { LayerproofError } from '../core/LayerproofError.js';
import { finiteArray } from '../core/validate.js';
import { SparseMatrix } from './SparseMatrix.js';
import type { ConvGeometry, Padding } from './convGeometry.js';
import { convLayerGeometry } from './convLayerGeometry.js';
import type { Weights, WindowOperator } from './LinearOperator.js';
import { validRange } from './validRange.js';

export interface Conv2dMatrixOptions {
  /** `[height, width, inChannels]` of one input image. */
  readonly inputShape: readonly [number, number, number];
  /** Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Default `'valid'`. */
  readonly padding?: Padding;
  /** Default 1. Strides and dilations may both exceed 1 (TensorFlow.js refuses that; this builder does not). */
  readonly dilations?: number | readonly [number, number];
  /** One bias per output channel; default zeros. */
  readonly bias?: ArrayLike<number>;
}

/**
 * The doubly-block-Toeplitz matrix T of a multi-channel 2-D convolution (cross-correlation,
 * as in TensorFlow.js) with weights W of shape [kh, kw, cin, cout] (HWIO):
 *
 * $$T_{(o_h W_o + o_w) C_o + c_o,\;(i_h W + i_w) C_i + c_i} = W_{k_h, k_w, c_i, c_o}$$
 * where $i_h = o_h s_h + k_h d_h - p_{top}$ and $i_w = o_w s_w + k_w d_w - p_{left}$,
 *
 * so that vec(conv2d(x, W) + b) = T·vec(x) + b. Taps that fall in the zero padding
 * have no column. Rows are filled in place (no triplet sort): the columns of a row
 * increase with (kh, kw, ci) because the index map is increasing.
 */
export function conv2dMatrix(weights: Weights, options: Conv2dMatrixOptions): WindowOperator {
  const op = 'conv2dMatrix';
  const { weights: w, options: opts, geometry: g } = convLayerGeometry(op, weights, options, 'outChannels');
  const [kh, kw, cin, cout] = w.shape;
  assertOperatorSize(op, g.outHeight * g.outWidth * cout, g.outHeight * g.outWidth * cout * kh * kw * cin);
  const bias = channelBias(op, opts.bias, cout, g.outHeight * g.outWidth);
  const matrix = buildWindowMatrix(g, cout, { kernel: w.data }, 'full');
  return { matrix, bias, inputShape: [g.inHeight, g.inWidth, cin], outputShape: [g.outHeight, g.outWidth, cout], geometry: g };
}

/** Largest operator the CSR builders make: 32-bit indices, and memory to match. */
const MAX_NNZ = 2 ** 27;

/** How output channel co of a window operator reads the input channels. */
export type WindowMode = 'full' | 'diagonal';

/**
 * How an image [H, W, C] is vectorised: `channelsLast` (HWC, TensorFlow.js's default: element
 * (h, w, c) at (h·W + w)·C + c) or `channelsFirst` (CHW: at (c·H + h)·W + w).
 */
export type ImageLayout = 'channelsLast' | 'channelsFirst';

/** Rows [start, end) of an operator (default all of them), in the given layout (default channelsLast). */
export interface RowRange {
  readonly start?: number;
  readonly end?: number;
  readonly layout?: ImageLayout;
}

/** Resolves and checks a row range against an operator's row count. */
export function checkRange(op: string, totalRows: number, range: RowRange): [number, number] {
  const start = range.start ?? 0;
  const end = range.end ?? totalRows;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > totalRows || start > end) {
    throw LayerproofError.invalid({ op, argument: '[start, end)', value: [start, end], expected: `integers with 0 ≤ start ≤ end ≤ ${totalRows}` });
  }
  return [start, end];
}

/**
 * Entry of a sliding-window operator: `value(row, ci, co, tap, count)`, with `tap = kh·kw_size + kw`
 * and `count` the number of window cells inside the input (padding cells excluded).
 */
export type WindowValue = (row: number, ci: number, co: number, tap: number, count: number) => number;

/**
 * The entries of a window operator: a `WindowValue`, or (faster: no call per entry) the kernel
 * itself, HWIO `[kh, kw, cin, cout]` in mode 'full' and `[kh, kw, cin, multiplier]` in mode
 * 'diagonal' (entry (ci, co = ci·M + m, tap) at tap·cout + co).
 */
export type WindowEntries = WindowValue | { readonly kernel: ArrayLike<number> };

/**
 * Fills the CSR arrays of rows [start, end) of a sliding-window operator (all rows by default).
 * `mode 'full'`: output channel co reads every input channel (ordinary convolution);
 * `mode 'diagonal'`: output channel co reads input channel ⌊co / (cout / cin)⌋ only
 * (depthwise convolution and pooling). Only the requested rows are counted and allocated, so a
 * layer whose whole T would not fit in memory is built a block at a time.
 * With `layout: 'channelsFirst'` input and output are vectorised CHW instead of HWC.
 */
export function buildWindowMatrix(g: ConvGeometry, cout: number, entries: WindowEntries, mode: WindowMode, range: RowRange = {}): SparseMatrix {
  const { inWidth, inChannels: cin, outWidth, kernelWidth } = g;
  const [start, end] = checkRange('buildWindowMatrix', g.outHeight * outWidth * cout, range);
  if (range.layout === 'channelsFirst') return buildChannelsFirst(g, cout, entries, mode, start, end);
  const value = typeof entries === 'function' ? entries : undefined;
  const kernel = typeof entries === 'function' ? undefined : entries.kernel;
  const rows = end - start;
  const cols = g.inHeight * inWidth * cin;
  const perOutChannelIn = mode === 'full' ? cin : 1;
  const multiplier = mode === 'diagonal' ? cout / cin : 1;
  // Output positions (oh·outWidth + ow) that hold the rows, the first and last partly.
  const pFirst = Math.floor(start / cout);
  const pEnd = rows === 0 ? pFirst : Math.floor((end - 1) / cout) + 1;

  // Exact nnz of the range first (one pass over its output positions), then one fill pass.
  let nnz = 0;
  for (let p = pFirst; p < pEnd; p++) {
    const oh = Math.floor(p / outWidth);
    const ow = p - oh * outWidth;
    const [h0, h1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, g.kernelHeight, g.inHeight);
    const [w0, w1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, kernelWidth, inWidth);
    const channels = Math.min(end, (p + 1) * cout) - Math.max(start, p * cout);
    nnz += Math.max(0, h1 - h0) * Math.max(0, w1 - w0) * perOutChannelIn * channels;
  }
  assertOperatorSize('buildWindowMatrix', rows, nnz);
  const rowPtr = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);

  let k = 0;
  let row = start;
  for (let p = pFirst; p < pEnd; p++) {
    const oh = Math.floor(p / outWidth);
    const ow = p - oh * outWidth;
    const [h0, h1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, g.kernelHeight, g.inHeight);
    const [w0, w1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, kernelWidth, inWidth);
    const ihBase = oh * g.strideHeight - g.padTop;
    const iwBase = ow * g.strideWidth - g.padLeft;
    const count = Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
    const coEnd = Math.min(end, (p + 1) * cout) - p * cout;
    for (let co = Math.max(start, p * cout) - p * cout; co < coEnd; co++) {
      const ciFirst = mode === 'full' ? 0 : Math.floor(co / multiplier);
      const ciEnd = mode === 'full' ? cin : ciFirst + 1;
      for (let th = h0; th < h1; th++) {
        const ih = ihBase + th * g.dilationHeight;
        for (let tw = w0; tw < w1; tw++) {
          const iw = iwBase + tw * g.dilationWidth;
          const tap = th * kernelWidth + tw;
          const colBase = (ih * inWidth + iw) * cin;
          if (kernel !== undefined) {
            // Kernel index of (ci, co, tap): (tap·cin + ci)·cout + co in mode 'full', tap·cout + co in 'diagonal'.
            let at = mode === 'full' ? tap * cin * cout + co : tap * cout + co;
            for (let ci = ciFirst; ci < ciEnd; ci++) {
              colIndex[k] = colBase + ci;
              values[k] = kernel[at] as number;
              at += cout;
              k++;
            }
          } else if (value !== undefined) {
            for (let ci = ciFirst; ci < ciEnd; ci++) {
              colIndex[k] = colBase + ci;
              values[k] = value(row, ci, co, tap, count);
              k++;
            }
          }
        }
      }
      row++;
      rowPtr[row - start] = k;
    }
  }
  return new SparseMatrix(rows, cols, rowPtr, colIndex, values);
}

/** The channels-first fill of `buildWindowMatrix`: row (co, oh, ow), columns (ci, ih, iw), increasing. */
function buildChannelsFirst(g: ConvGeometry, cout: number, entries: WindowEntries, mode: WindowMode, start: number, end: number): SparseMatrix {
  const { inHeight, inWidth, inChannels: cin, outWidth, kernelWidth } = g;
  const value: WindowValue = typeof entries === 'function'
    ? entries
    : mode === 'full'
      ? (_row, ci, co, tap) => entries.kernel[(tap * cin + ci) * cout + co] as number
      : (_row, _ci, co, tap) => entries.kernel[tap * cout + co] as number;
  const positions = g.outHeight * outWidth;
  const multiplier = mode === 'diagonal' ? cout / cin : 1;
  const perOutChannelIn = mode === 'full' ? cin : 1;
  const rows = end - start;
  let nnz = 0;
  for (let row = start; row < end; row++) {
    const p = row % positions;
    const oh = Math.floor(p / outWidth);
    const ow = p - oh * outWidth;
    const [h0, h1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, g.kernelHeight, inHeight);
    const [w0, w1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, kernelWidth, inWidth);
    nnz += Math.max(0, h1 - h0) * Math.max(0, w1 - w0) * perOutChannelIn;
  }
  assertOperatorSize('buildWindowMatrix', rows, nnz);
  const rowPtr = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (let row = start; row < end; row++) {
    const co = Math.floor(row / positions);
    const p = row - co * positions;
    const oh = Math.floor(p / outWidth);
    const ow = p - oh * outWidth;
    const [h0, h1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, g.kernelHeight, inHeight);
    const [w0, w1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, kernelWidth, inWidth);
    const ihBase = oh * g.strideHeight - g.padTop;
    const iwBase = ow * g.strideWidth - g.padLeft;
    const count = Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
    const ciFirst = mode === 'full' ? 0 : Math.floor(co / multiplier);
    const ciEnd = mode === 'full' ? cin : ciFirst + 1;
    for (let ci = ciFirst; ci < ciEnd; ci++) {
      for (let th = h0; th < h1; th++) {
        const colBase = (ci * inHeight + ihBase + th * g.dilationHeight) * inWidth;
        for (let tw = w0; tw < w1; tw++) {
          colIndex[k] = colBase + iwBase + tw * g.dilationWidth;
          values[k] = value(row, ci, co, th * kernelWidth + tw, count);
          k++;
        }
      }
    }
    rowPtr[row - start + 1] = k;
  }
  return new SparseMatrix(rows, inHeight * inWidth * cin, rowPtr, colIndex, values);
}

/**
 * The exact number of stored entries of a whole sliding-window operator, without building it:
 * the valid taps of a window are a product of a row interval and a column interval, so
 * nnz = (Σ_oh taps_h(oh))·(Σ_ow taps_w(ow))·(input channels per output)·cout.
 */
export function windowMatrixNnz(g: ConvGeometry, cout: number, mode: WindowMode): number {
  let sumH = 0;
  for (let oh = 0; oh < g.outHeight; oh++) {
    const [h0, h1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, g.kernelHeight, g.inHeight);
    sumH += Math.max(0, h1 - h0);
  }
  let sumW = 0;
  for (let ow = 0; ow < g.outWidth; ow++) {
    const [w0, w1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, g.kernelWidth, g.inWidth);
    sumW += Math.max(0, w1 - w0);
  }
  return sumH * sumW * (mode === 'full' ? g.inChannels : 1) * cout;
}

/**
 * Refuses operators too large to build (32-bit CSR indices, and memory to match) before
 * anything is allocated, so a huge input gives a LayerproofError instead of a RangeError.
 */
export function assertOperatorSize(op: string, rows: number, nnz: number): void {
  if (nnz > MAX_NNZ || rows > MAX_NNZ) {
    throw new LayerproofError(
      `Error in ${op}: the operator would have ${rows} rows and ${nnz} stored entries; the limit is ${MAX_NNZ} ` +
        '(2²⁷ entries, about 1.6 GB in CSR form). Valid: a smaller input, fewer channels or a larger stride.',
      { op, value: { rows, nnz } },
    );
  }
}

/** Expands a per-channel bias to one entry per output element (NHWC order). */
export function channelBias(op: string, bias: unknown, channels: number, positions: number): Float64Array {
  const out = new Float64Array(positions * channels);
  if (bias === undefined) return out;
  const b = finiteArray(op, 'options.bias', bias, channels);
  for (let p = 0; p < positions; p++) for (let c = 0; c < channels; c++) out[p * channels + c] = b[c] as number;
  return out;
}
