import { LayerproofError } from '../../core/LayerproofError.js';
import { inputIndex, type ConvGeometry } from '../../linear/convGeometry.js';
import { tf } from '../../tfjs/tf.js';
import { defaultStrategy, gradientGeometry, rank4, shape4, type Conv2dGradientOptions } from './gradientOptions.js';

/**
 * How the filter gradient is lowered onto a backend's fast primitives (same sum, same index map):
 * - `'conv'`: one convolution of the transposed input with the transposed output gradient
 *   (batch becomes the reduced channel axis). Best where Conv2D is a tuned library call
 *   (XNNPACK on wasm).
 * - `'matmul'`: an im2col view gathered with the Toeplitz builder's index map, then one
 *   matrix product reducing over batch × output positions. Best measured on GPUs: tfjs-webgpu
 *   splits that long reduction across workgroups (its split-K matmul, which adds partial sums
 *   with atomic compare-and-swap loops on the few output cells).
 * - `'matmul-batched'`: the same product split into chunks of whole images (about 4,096 rows
 *   each) as one batched matmul, whose partial results are then summed: many independent tiles
 *   and no atomics. Not yet measured on a GPU (bench/train.bench.ts `--sweep` measures it).
 */
export type FilterGradientStrategy = 'conv' | 'matmul' | 'matmul-batched';

/**
 * The gradient of a 2-D convolution with respect to its filter (see
 * `conv2dFilterGradientFromGeometry`), for `x` `[b, h, w, ci]`, `dy` `[b, oh, ow, co]` and the
 * layer's strides, padding and dilations (as `conv2dMatrix` takes them). Returns `[kh, kw, ci, co]`.
 * Throws a LayerproofError when the shapes do not fit the geometry.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly [number, number, number, number],
  options: Conv2dGradientOptions = {},
): tf.Tensor4D {
  const op = 'conv2dFilterGradient';
  const tx = rank4(op, 'x', x);
  const tdy = rank4(op, 'dy', dy);
  const [kh, kw, ci, co] = shape4(op, 'filterShape', filterShape, '[kh, kw, inChannels, outChannels]');
  if (tx.shape[3] !== ci || tdy.shape[3] !== co) {
    throw LayerproofError.invalid({
      op, argument: 'filterShape', value: filterShape,
      expected: `[kh, kw, ${tx.shape[3]}, ${tdy.shape[3]}] (the channels of x and of dy)`,
    });
  }
  const g = gradientGeometry(op, [tx.shape[1], tx.shape[2], ci], [kh, kw], options);
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw LayerproofError.invalid({ op, argument: 'chunkRows', value: chunkRows, expected: 'a positive integer (rows of the im2col matrix per chunk)' });
  }
  return conv2dFilterGradientFromGeometry(tx, tdy, g, options.strategy ?? defaultStrategy(), chunkRows);
}

/**
 * The gradient of a 2-D convolution with respect to its filter:
 *
 * $$\frac{\partial L}{\partial W_{k_h,k_w,c_i,c_o}} = \sum_{b,o_h,o_w}
 *   x_{b,\;o_h s_h + k_h d_h - p_{top},\;o_w s_w + k_w d_w - p_{left},\;c_i}\;
 *   \frac{\partial L}{\partial y_{b,o_h,o_w,c_o}}$$
 *
 * (taps in the zero padding add nothing). `g` is the layer's `convGeometry`, whose index map
 * (`inputIndex`) also builds the Toeplitz matrix, so this is
 * $\partial\,(\mathbf{dy}^\top T(W)\,\mathbf{x}) / \partial W$.
 * `x` is `[b, h, w, ci]`, `dy` is `[b, oh, ow, co]`; the result is `[kh, kw, ci, co]`.
 * Strides and dilations may both exceed 1. `chunkRows` sizes the chunks of `'matmul-batched'`.
 */
export function conv2dFilterGradientFromGeometry(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  g: ConvGeometry,
  strategy: FilterGradientStrategy,
  chunkRows: number = CHUNK_ROWS,
): tf.Tensor4D {
  const op = 'conv2dFilterGradient';
  const [batch, h, w, ci] = x.shape;
  const [dyBatch, oh, ow, co] = dy.shape;
  if (h !== g.inHeight || w !== g.inWidth || ci !== g.inChannels) {
    throw LayerproofError.invalid({
      op, argument: 'x.shape', value: x.shape,
      expected: `[batch, ${g.inHeight}, ${g.inWidth}, ${g.inChannels}] (the geometry's input)`,
    });
  }
  if (dyBatch !== batch || oh !== g.outHeight || ow !== g.outWidth) {
    throw LayerproofError.invalid({
      op, argument: 'dy.shape', value: dy.shape,
      expected: `[${batch}, ${g.outHeight}, ${g.outWidth}, outChannels] (the convolution's output for x of shape [${x.shape.join(', ')}])`,
    });
  }
  return tf.tidy(() => (strategy === 'conv' ? viaConvolution(x, dy, g, co) : viaMatMul(x, dy, g, co, strategy === 'matmul-batched' ? chunkRows : 0)));
}

/**
 * Correlating x (channels ci as the batch, batch b as the channels) with dy (positions as
 * the window, b as the input channels) sums over b and output positions at once:
 * stride and dilation swap roles (the window steps by the dilation, its taps are a stride apart).
 */
function viaConvolution(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry, co: number): tf.Tensor4D {
  const xT = tf.transpose(x, [3, 1, 2, 0]);
  const dyT = tf.transpose(dy, [1, 2, 0, 3]);
  // Pad only as far as the last tap reads, so the output is kh × kw or a little larger.
  const lastRow = (g.kernelHeight - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight;
  const lastCol = (g.kernelWidth - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth;
  const padBottom = Math.max(0, lastRow + 1 - g.padTop - g.inHeight);
  const padRight = Math.max(0, lastCol + 1 - g.padLeft - g.inWidth);
  // The kernel is called directly: the tfjs op refuses strides and dilations both above 1,
  // which this swap produces whenever the layer has both (the kernels compute it).
  const r = tf.engine().runKernel<tf.Tensor4D>('Conv2D', { x: xT, filter: dyT }, {
    strides: [g.dilationHeight, g.dilationWidth],
    pad: [[0, 0], [g.padTop, padBottom], [g.padLeft, padRight], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [g.strideHeight, g.strideWidth],
  });
  const exact = r.shape[1] === g.kernelHeight && r.shape[2] === g.kernelWidth
    ? r
    : tf.slice(r, [0, 0, 0, 0], [g.inChannels, g.kernelHeight, g.kernelWidth, co]);
  return tf.transpose(exact, [1, 2, 0, 3]);
}

const indexCache = new Map<string, Int32Array>();

/**
 * For output position (oh, ow) and tap (kh, kw): the flat input cell `ih·w + iw` it reads
 * (`inputIndex`, the Toeplitz builder's map), or `h·w` (a zero row) when it falls in the padding.
 */
export function im2colIndex(g: ConvGeometry): Int32Array {
  const key = JSON.stringify(g);
  const cached = indexCache.get(key);
  if (cached !== undefined) return cached;
  const { outHeight, outWidth, kernelHeight, kernelWidth, inHeight, inWidth } = g;
  const zero = inHeight * inWidth;
  const index = new Int32Array(outHeight * outWidth * kernelHeight * kernelWidth);
  let k = 0;
  for (let oh = 0; oh < outHeight; oh++) {
    for (let ow = 0; ow < outWidth; ow++) {
      for (let th = 0; th < kernelHeight; th++) {
        const ih = inputIndex(oh, th, g.strideHeight, g.dilationHeight, g.padTop);
        for (let tw = 0; tw < kernelWidth; tw++) {
          const iw = inputIndex(ow, tw, g.strideWidth, g.dilationWidth, g.padLeft);
          index[k++] = ih >= 0 && ih < inHeight && iw >= 0 && iw < inWidth ? ih * inWidth + iw : zero;
        }
      }
    }
  }
  if (indexCache.size > 64) indexCache.clear();
  indexCache.set(key, index);
  return index;
}

/** Rows of the im2col matrix per chunk that `'matmul-batched'` aims for by default. */
const CHUNK_ROWS = 4096;

/**
 * Images per chunk for `'matmul-batched'`: the largest divisor of the batch whose rows
 * (images × output positions) stay within `chunkRows`, at least one image.
 */
export function imagesPerChunk(batch: number, positions: number, chunkRows: number = CHUNK_ROWS): number {
  let best = 1;
  for (let images = 1; images <= batch; images++) {
    if (images * positions > chunkRows) break;
    if (batch % images === 0) best = images;
  }
  return best;
}

/**
 * dW = patchesᵀ·dy with patches[(b, oh, ow), (kh, kw, ci)] gathered through `im2colIndex`;
 * with `chunkRows` > 0, Σ over chunks of whole images of patches_cᵀ·dy_c, as one batched product.
 */
function viaMatMul(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry, co: number, chunkRows: number): tf.Tensor4D {
  const [batch, h, w, ci] = x.shape;
  const positions = g.outHeight * g.outWidth;
  const rows = batch * positions;
  const taps = g.kernelHeight * g.kernelWidth * ci;
  const cells = tf.pad(tf.reshape(x, [batch, h * w, ci]), [[0, 0], [0, 1], [0, 0]]);
  const index = tf.tensor1d(im2colIndex(g), 'int32');
  const gathered = tf.gather(cells, index, 1);
  const chunks = chunkRows > 0 ? batch / imagesPerChunk(batch, positions, chunkRows) : 1;
  const dW = chunks === 1
    ? tf.matMul(tf.reshape(gathered, [rows, taps]), tf.reshape(dy, [rows, co]), true, false)
    : tf.sum(tf.matMul(tf.reshape(gathered, [chunks, rows / chunks, taps]), tf.reshape(dy, [chunks, rows / chunks, co]), true, false), 0);
  return tf.reshape(dW, [g.kernelHeight, g.kernelWidth, ci, co]);
}
