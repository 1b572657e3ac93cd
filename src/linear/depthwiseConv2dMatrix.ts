import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';
import { assertOperatorSize, buildWindowMatrix, channelBias, checkWeights, type Conv2dMatrixOptions } from './conv2dMatrix.js';
import { convGeometry } from './convGeometry.js';
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
  const w = checkWeights(op, weights, 'channelMultiplier');
  const opts = plainObject(op, 'options', options) as unknown as Conv2dMatrixOptions;
  const [kh, kw, cin, multiplier] = w.shape;
  const g = convGeometry({
    op, inputShape: opts.inputShape, kernelSize: [kh, kw],
    ...(opts.strides !== undefined && { strides: opts.strides }),
    ...(opts.dilations !== undefined && { dilations: opts.dilations }),
    ...(opts.padding !== undefined && { padding: opts.padding }),
  });
  if (g.inChannels !== cin) {
    throw LayerproofError.invalid({
      op, argument: 'options.inputShape[2]', value: g.inChannels,
      expected: `${cin}, the input channels of the weights [${w.shape.join(', ')}] (weights are [kh, kw, inChannels, channelMultiplier])`,
    });
  }
  const cout = cin * multiplier;
  assertOperatorSize(op, g.outHeight * g.outWidth * cout, g.outHeight * g.outWidth * cout * kh * kw);
  const bias = channelBias(op, opts.bias, cout, g.outHeight * g.outWidth);
  const matrix = buildWindowMatrix(g, cout, (_row, ci, co, tap) => w.data[(tap * cin + ci) * multiplier + (co % multiplier)] as number, 'diagonal');
  return { matrix, bias, inputShape: [g.inHeight, g.inWidth, cin], outputShape: [g.outHeight, g.outWidth, cout], geometry: g };
}
