import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';
import { assertOperatorSize, buildWindowMatrix } from './conv2dMatrix.js';
import { convGeometry } from './convGeometry.js';
import type { WindowOperator } from './LinearOperator.js';

export interface PoolMatrixOptions {
  /** `[height, width, channels]` of one input image. */
  readonly inputShape: readonly [number, number, number];
  /** Window size `k` or `[kh, kw]`. */
  readonly poolSize: number | readonly [number, number];
  /** Default: the pool size (as in TensorFlow.js). */
  readonly strides?: number | readonly [number, number];
  /** Default `'valid'`. */
  readonly padding?: 'valid' | 'same';
}

/**
 * Shared builder of the two linear poolings. Each output (oh, ow, c) is a weighted sum
 * of the input cells of channel c under its window; `weight(count)` gives the weight
 * from the number of window cells inside the input (padding cells are not counted).
 */
export function poolMatrix(op: string, options: PoolMatrixOptions, weight: (count: number) => number): WindowOperator {
  const opts = plainObject(op, 'options', options) as unknown as PoolMatrixOptions;
  const padding = opts.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') {
    throw LayerproofError.invalid({ op, argument: 'options.padding', value: padding, expected: "'valid' or 'same' (TensorFlow.js pooling has no explicit padding)" });
  }
  const g = convGeometry({
    op, inputShape: opts.inputShape, kernelSize: opts.poolSize, windowName: 'window',
    strides: opts.strides ?? opts.poolSize, padding,
  });
  const c = g.inChannels;
  assertOperatorSize(op, g.outHeight * g.outWidth * c, g.outHeight * g.outWidth * c * g.kernelHeight * g.kernelWidth);
  const matrix = buildWindowMatrix(g, c, (_row, _ci, _co, _tap, count) => weight(count), 'diagonal');
  return {
    matrix,
    bias: new Float64Array(matrix.rows),
    inputShape: [g.inHeight, g.inWidth, c],
    outputShape: [g.outHeight, g.outWidth, c],
    geometry: g,
  };
}
