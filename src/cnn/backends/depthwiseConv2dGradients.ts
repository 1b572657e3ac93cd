import { LayerproofError } from '../../core/LayerproofError.js';
import type { ConvGeometry } from '../../linear/convGeometry.js';
import { tf } from '../../tfjs/tf.js';
import { gradientGeometry, inputGradientArguments, rank4, shape4, type ConvLayerOptions } from './gradientOptions.js';
import { spreadForAdjoint } from './padOrCrop.js';

function checkDepthwise(op: string, dy: tf.Tensor4D, filterShape: readonly number[], g: ConvGeometry): [number, number] {
  const [kh, kw, c, m] = filterShape as [number, number, number, number];
  if (kh !== g.kernelHeight || kw !== g.kernelWidth || c !== g.inChannels) {
    throw LayerproofError.invalid({
      op, argument: 'filterShape', value: filterShape,
      expected: `[${g.kernelHeight}, ${g.kernelWidth}, ${g.inChannels}, multiplier] (the geometry's kernel)`,
    });
  }
  const [, oh, ow, channels] = dy.shape;
  if (oh !== g.outHeight || ow !== g.outWidth || channels !== c * m) {
    throw LayerproofError.invalid({
      op, argument: 'dy.shape', value: dy.shape,
      expected: `[batch, ${g.outHeight}, ${g.outWidth}, ${c * m}] (the depthwise convolution's output)`,
    });
  }
  return [c, m];
}

/**
 * Filter gradient of a depthwise convolution (output channel $c\,M + m$ reads input channel c only):
 *
 * $$\frac{\partial L}{\partial W_{k_h,k_w,c,m}} = \sum_{b,o_h,o_w}
 *   x_{b,\;o_h s_h + k_h d_h - p_{top},\;o_w s_w + k_w d_w - p_{left},\;c}\,
 *   \frac{\partial L}{\partial y_{b,o_h,o_w,cM+m}}$$
 *
 * as one depthwise convolution over the b·c pairs (x with batch and channels merged into
 * channels, dy as a window of oh × ow taps; stride and dilation swap roles), then a sum over b.
 */
export function depthwiseConv2dFilterGradientFromGeometry(
  x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: readonly number[], g: ConvGeometry,
): tf.Tensor4D {
  const [c, m] = checkDepthwise('depthwiseConv2dFilterGradient', dy, filterShape, g);
  const [batch, h, w] = x.shape;
  return tf.tidy(() => {
    const xT = tf.reshape(tf.transpose(x, [1, 2, 0, 3]), [1, h, w, batch * c]);
    const dyT = tf.reshape(tf.transpose(dy, [1, 2, 0, 3]), [g.outHeight, g.outWidth, batch * c, m]);
    const lastRow = (g.kernelHeight - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight;
    const lastCol = (g.kernelWidth - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth;
    const padBottom = Math.max(0, lastRow + 1 - g.padTop - h);
    const padRight = Math.max(0, lastCol + 1 - g.padLeft - w);
    // Stride and dilation swap roles. Where both exceed 1 (some kernels refuse that), the
    // window steps by 1 and every dilation-th output is kept.
    const both = Math.max(g.strideHeight, g.strideWidth) > 1 && Math.max(g.dilationHeight, g.dilationWidth) > 1;
    const step: [number, number] = [g.dilationHeight, g.dilationWidth];
    const r = tf.engine().runKernel<tf.Tensor4D>('DepthwiseConv2dNative', { x: xT, filter: dyT }, {
      strides: both ? [1, 1] : step,
      pad: [[0, 0], [g.padTop, padBottom], [g.padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [g.strideHeight, g.strideWidth],
    });
    const kept = both ? tf.stridedSlice(r, [0, 0, 0, 0], r.shape, [1, ...step, 1]) as tf.Tensor4D : r;
    const exact = tf.slice(kept, [0, 0, 0, 0], [1, g.kernelHeight, g.kernelWidth, batch * c * m]);
    return tf.sum<tf.Tensor4D>(tf.reshape(exact, [g.kernelHeight, g.kernelWidth, batch, c, m]), 2);
  });
}

/**
 * Input gradient of a depthwise convolution: each of the M output channels of input channel c
 * is convolved back with its flipped filter slice (a depthwise convolution of the stride-spread,
 * padded output gradient over c·M channels), and the M results are added.
 */
export function depthwiseConv2dInputGradientFromGeometry(
  dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry,
): tf.Tensor4D {
  const [c, m] = checkDepthwise('depthwiseConv2dInputGradient', dy, filter.shape, g);
  const { kernelHeight: kh, kernelWidth: kw } = g;
  return tf.tidy(() => {
    const padded = spreadForAdjoint(dy, g);
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, c * m, 1]);
    const r = tf.engine().runKernel<tf.Tensor4D>('DepthwiseConv2dNative', { x: padded, filter: flipped }, {
      strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [g.dilationHeight, g.dilationWidth],
    });
    if (m === 1) return r;
    const [batch] = dy.shape;
    return tf.sum<tf.Tensor4D>(tf.reshape(r, [batch, g.inHeight, g.inWidth, c, m]), 4);
  });
}

/** Filter gradient of a depthwise convolution (filter `[kh, kw, c, multiplier]`) from the layer's options. */
export function depthwiseConv2dFilterGradient(
  x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: readonly [number, number, number, number],
  options: ConvLayerOptions = {},
): tf.Tensor4D {
  const op = 'depthwiseConv2dFilterGradient';
  const tx = rank4(op, 'x', x);
  const tdy = rank4(op, 'dy', dy);
  const [kh, kw] = shape4(op, 'filterShape', filterShape, '[kh, kw, channels, multiplier]');
  const g = gradientGeometry(op, [tx.shape[1], tx.shape[2], tx.shape[3]], [kh, kw], options);
  return depthwiseConv2dFilterGradientFromGeometry(tx, tdy, filterShape, g);
}

/** Input gradient of a depthwise convolution for an input of shape `inputShape` `[b, h, w, c]`. */
export function depthwiseConv2dInputGradient(
  dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: readonly [number, number, number, number],
  options: ConvLayerOptions = {},
): tf.Tensor4D {
  const a = inputGradientArguments('depthwiseConv2dInputGradient', dy, filter, inputShape, options, '[batch, height, width, channels]');
  return depthwiseConv2dInputGradientFromGeometry(a.dy, a.filter, a.geometry);
}
