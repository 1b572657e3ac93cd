import { LayerproofError } from '../../core/LayerproofError.js';
import type { ConvGeometry } from '../../linear/convGeometry.js';
import { tf } from '../../tfjs/tf.js';
import { inputGradientArguments, type ConvLayerOptions } from './gradientOptions.js';
import { spreadForAdjoint } from './padOrCrop.js';

/**
 * The gradient of a 2-D convolution with respect to its input (see
 * `conv2dInputGradientFromGeometry`) for an input of shape `inputShape` `[b, h, w, ci]`.
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly [number, number, number, number],
  options: ConvLayerOptions = {},
): tf.Tensor4D {
  const a = inputGradientArguments('conv2dInputGradient', dy, filter, inputShape, options, '[batch, height, width, inChannels]');
  return conv2dInputGradientFromGeometry(a.dy, a.filter, a.geometry);
}

/**
 * The gradient of a 2-D convolution with respect to its input, the adjoint $T(W)^\top$ applied
 * to the output gradient:
 *
 * $$\frac{\partial L}{\partial x_{b,i_h,i_w,c_i}} = \sum_{\substack{o_h s_h + k_h d_h - p_{top} = i_h\\
 *   o_w s_w + k_w d_w - p_{left} = i_w}} \sum_{c_o} \frac{\partial L}{\partial y_{b,o_h,o_w,c_o}}\, W_{k_h,k_w,c_i,c_o}$$
 *
 * computed as one stride-1 convolution (a fast primitive on every backend) of the output
 * gradient, spread by the stride (zeros between cells), with the filter flipped in space and
 * its channel axes swapped, dilated as the layer is, and padded by
 * $(k-1)d - p$ before and $h + p - ((o-1)s+1)$ after (negative amounts crop).
 * `dy` is `[b, oh, ow, co]`, `filter` `[kh, kw, ci, co]`; the result is `[b, h, w, ci]`.
 */
export function conv2dInputGradientFromGeometry(dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const op = 'conv2dInputGradient';
  const [kh, kw, ci, co] = filter.shape;
  const [, oh, ow, dyChannels] = dy.shape;
  if (kh !== g.kernelHeight || kw !== g.kernelWidth || ci !== g.inChannels) {
    throw LayerproofError.invalid({
      op, argument: 'filter.shape', value: filter.shape,
      expected: `[${g.kernelHeight}, ${g.kernelWidth}, ${g.inChannels}, outChannels] (the geometry's kernel)`,
    });
  }
  if (oh !== g.outHeight || ow !== g.outWidth || dyChannels !== co) {
    throw LayerproofError.invalid({
      op, argument: 'dy.shape', value: dy.shape,
      expected: `[batch, ${g.outHeight}, ${g.outWidth}, ${co}] (the convolution's output)`,
    });
  }
  return tf.tidy(() => {
    const padded = spreadForAdjoint(dy, g);
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return tf.engine().runKernel<tf.Tensor4D>('Conv2D', { x: padded, filter: flipped }, {
      strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [g.dilationHeight, g.dilationWidth],
    });
  });
}
