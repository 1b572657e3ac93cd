import { assertOperatorSize, buildWindowMatrix, channelBias, type Conv2dMatrixOptions } from './conv2dMatrix.js';
import { convLayerGeometry } from './convLayerGeometry.js';
import type { Weights, WindowOperator } from './LinearOperator.js';

/**
 * The matrix of a depthwise convolution with weights [kh, kw, cin, multiplier]:
 * output channel ci·multiplier + m (TensorFlow's order) reads input channel ci only,
 *
 * $$T_{(o_h W_o + o_w) C_i M + c_i M + m,\;(i_h W + i_w) C_i + c_i} = W_{k_h, k_w, c_i, m}.$$
 *
 * `options.bias` has one entry per output channel (cin·multiplier).
 */
export function depthwiseConv2dMatrix(weights: Weights, options: Conv2dMatrixOptions): WindowOperator {
  const op = 'depthwiseConv2dMatrix';
  const { weights: w, options: opts, geometry: g } = convLayerGeometry(op, weights, options, 'channelMultiplier');
  const [kh, kw, cin, multiplier] = w.shape;
  const cout = cin * multiplier;
  assertOperatorSize(op, g.outHeight * g.outWidth * cout, g.outHeight * g.outWidth * cout * kh * kw);
  const bias = channelBias(op, opts.bias, cout, g.outHeight * g.outWidth);
  const matrix = buildWindowMatrix(g, cout, { kernel: w.data }, 'diagonal');
  return { matrix, bias, inputShape: [g.inHeight, g.inWidth, cin], outputShape: [g.outHeight, g.outWidth, cout], geometry: g };
}
