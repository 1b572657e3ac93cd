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
  const matrix = buildWindowMatrix(g, cout, (_row, ci, co, tap) => w.data[(tap * cin + ci) * cout + co] as number, 'full');
  return { matrix, bias, inputShape: [g.inHeight, g.inWidth, cin], outputShape: [g.outHeight, g.outWidth, cout], geometry: g };
}

/** Largest operator the CSR builders make: 32-bit indices, and memory to match. */
const MAX_NNZ = 2 ** 27;

/**
 * Fills the CSR arrays of a sliding-window operator.
 * `mode 'full'`: output channel co reads every input channel (ordinary convolution);
 * `mode 'diagonal'`: output channel co reads input channel ⌊co / (cout / cin)⌋ only
 * (depthwise convolution and pooling). `value(row, ci, co, tap)` gives the entry,
 * with `tap = kh·kw_size + kw`.
 */
export function buildWindowMatrix(
  g: ConvGeometry,
  cout: number,
  value: (row: number, ci: number, co: number, tap: number, count: number) => number,
  mode: 'full' | 'diagonal',
): SparseMatrix {
  const { inWidth, inChannels: cin, outHeight, outWidth, kernelWidth } = g;
  const rows = outHeight * outWidth * cout;
  const cols = g.inHeight * inWidth * cin;
  const perOutChannelIn = mode === 'full' ? cin : 1;
  const multiplier = mode === 'diagonal' ? cout / cin : 1;

  // Exact nnz first (one pass over output positions), then one fill pass.
  let nnz = 0;
  for (let oh = 0; oh < outHeight; oh++) {
    const [h0, h1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, g.kernelHeight, g.inHeight);
    for (let ow = 0; ow < outWidth; ow++) {
      const [w0, w1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, kernelWidth, inWidth);
      nnz += Math.max(0, h1 - h0) * Math.max(0, w1 - w0) * perOutChannelIn * cout;
    }
  }
  assertOperatorSize('buildWindowMatrix', rows, nnz);
  const rowPtr = new Int32Array(rows + 1);
  const colIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);

  let k = 0;
  let row = 0;
  for (let oh = 0; oh < outHeight; oh++) {
    const [h0, h1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, g.kernelHeight, g.inHeight);
    const ihBase = oh * g.strideHeight - g.padTop;
    for (let ow = 0; ow < outWidth; ow++) {
      const [w0, w1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, kernelWidth, inWidth);
      const iwBase = ow * g.strideWidth - g.padLeft;
      const count = Math.max(0, h1 - h0) * Math.max(0, w1 - w0);
      for (let co = 0; co < cout; co++) {
        const ciFirst = mode === 'full' ? 0 : Math.floor(co / multiplier);
        const ciEnd = mode === 'full' ? cin : ciFirst + 1;
        for (let th = h0; th < h1; th++) {
          const ih = ihBase + th * g.dilationHeight;
          for (let tw = w0; tw < w1; tw++) {
            const iw = iwBase + tw * g.dilationWidth;
            const tap = th * kernelWidth + tw;
            const colBase = (ih * inWidth + iw) * cin;
            for (let ci = ciFirst; ci < ciEnd; ci++) {
              colIndex[k] = colBase + ci;
              values[k] = value(row, ci, co, tap, count);
              k++;
            }
          }
        }
        row++;
        rowPtr[row] = k;
      }
    }
  }
  return new SparseMatrix(rows, cols, rowPtr, colIndex, values);
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
