import { LayerproofError } from '../core/LayerproofError.js';
import { finiteArray, plainObject } from '../core/validate.js';
import type { Conv2dMatrixOptions } from './conv2dMatrix.js';
import { convGeometry, type ConvGeometry } from './convGeometry.js';

/** What every convolution entry point needs once its arguments are checked. */
export interface ConvLayerArguments {
  readonly weights: { shape: [number, number, number, number]; data: ArrayLike<number> };
  readonly options: Conv2dMatrixOptions;
  readonly geometry: ConvGeometry;
}

/**
 * The shared boundary of conv2dMatrix, depthwiseConv2dMatrix and conv2dDirect: validates the
 * weights `[kh, kw, cin, last]` and the options, computes the geometry, and checks that the
 * input has the weights' `cin` channels. `lastName` names the last weight axis in messages.
 */
export function convLayerGeometry(op: string, weights: unknown, options: unknown, lastName: 'outChannels' | 'channelMultiplier'): ConvLayerArguments {
  const opts = plainObject(op, 'options', options) as unknown as Conv2dMatrixOptions;
  const w = checkWeights(op, weights, lastName);
  const [kh, kw, cin] = w.shape;
  const geometry = convGeometry({
    op, inputShape: opts.inputShape, kernelSize: [kh, kw],
    ...(opts.strides !== undefined && { strides: opts.strides }),
    ...(opts.dilations !== undefined && { dilations: opts.dilations }),
    ...(opts.padding !== undefined && { padding: opts.padding }),
  });
  if (geometry.inChannels !== cin) {
    throw LayerproofError.invalid({
      op, argument: 'options.inputShape[2]', value: geometry.inChannels,
      expected: `${cin}, the input channels of the weights [${w.shape.join(', ')}] (weights are [kh, kw, inChannels, ${lastName}])`,
    });
  }
  return { weights: w, options: opts, geometry };
}

/** Validates `{shape: [kh, kw, cin, c4], data}` weights: four positive integers and finite data. */
export function checkWeights(op: string, weights: unknown, lastName: string): { shape: [number, number, number, number]; data: ArrayLike<number> } {
  const wObj = plainObject(op, 'weights', weights);
  const shape = wObj.shape;
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw LayerproofError.invalid({
      op, argument: 'weights.shape', value: shape,
      expected: `[kh, kw, inChannels, ${lastName}], four positive integers (TensorFlow.js HWIO layout)`,
    });
  }
  const s = shape as [number, number, number, number];
  const data = finiteArray(op, 'weights.data', wObj.data, s[0] * s[1] * s[2] * s[3]);
  return { shape: s, data };
}
