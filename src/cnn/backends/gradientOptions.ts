import { LayerproofError } from '../../core/LayerproofError.js';
import { convGeometry, type ConvGeometry, type Padding } from '../../linear/convGeometry.js';
import type { Pair } from '../LayerSpec.js';
import { tf } from '../../tfjs/tf.js';
import type { FilterGradientStrategy } from './conv2dFilterGradient.js';

/** The layer's geometry, as in `conv2dMatrix` (so the gradient and the Toeplitz matrix read one record). */
export interface ConvLayerOptions {
  /** Default 1. */
  readonly strides?: Pair;
  /** Default `'valid'`. */
  readonly padding?: Padding;
  /** Default 1. Strides and dilations may both exceed 1. */
  readonly dilations?: Pair;
}

/** The layer's geometry and how the filter gradient is lowered. */
export interface Conv2dGradientOptions extends ConvLayerOptions {
  /** Filter gradient only. Default: the active backend's (`'matmul'` on webgpu, else `'conv'`). */
  readonly strategy?: FilterGradientStrategy;
  /** Filter gradient, `'matmul-batched'` only: rows of the im2col matrix per chunk. Default 4,096. */
  readonly chunkRows?: number;
}

/** Checks that `t` is a float32 rank-4 tfjs tensor. */
export function rank4(op: string, argument: string, t: unknown): tf.Tensor4D {
  if (!(t instanceof tf.Tensor) || t.rank !== 4) {
    const shape: unknown = t instanceof tf.Tensor ? t.shape : t;
    throw LayerproofError.invalid({ op, argument, value: shape, expected: 'a rank-4 tf.Tensor [batch, height, width, channels]' });
  }
  return t as tf.Tensor4D;
}

/** Checks a `[a, b, c, d]` shape of positive integers. */
export function shape4(op: string, argument: string, s: unknown, expected: string): [number, number, number, number] {
  if (!Array.isArray(s) || s.length !== 4 || !s.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw LayerproofError.invalid({ op, argument, value: s, expected: `${expected}, four positive integers` });
  }
  return s as [number, number, number, number];
}

/** The geometry of a gradient call from the public options. */
export function gradientGeometry(
  op: string, inputShape: readonly [number, number, number], kernel: readonly [number, number], options: ConvLayerOptions,
): ConvGeometry {
  return convGeometry({
    op, inputShape, kernelSize: kernel,
    ...(options.strides !== undefined && { strides: options.strides }),
    ...(options.dilations !== undefined && { dilations: options.dilations }),
    ...(options.padding !== undefined && { padding: options.padding }),
  });
}

/**
 * The filter-gradient lowering measured fastest on each backend (bench/train.bench.ts): on an H100,
 * LeNet batch 2048 trained at 25,693–27,449 img/s with `'matmul'` and 18,677–19,945 with `'conv'`.
 */
export function defaultStrategy(backend: string = tf.getBackend()): FilterGradientStrategy {
  return backend === 'webgpu' ? 'matmul' : 'conv';
}

/**
 * The shared boundary of the public input gradients (ordinary and depthwise): `dy` and the
 * filter are rank 4, `inputShape` is `[batch, height, width, channels]` with dy's batch, and the
 * geometry follows from the options. `shapeText` names the shape in messages.
 */
export function inputGradientArguments(
  op: string, dy: unknown, filter: unknown, inputShape: unknown, options: ConvLayerOptions, shapeText: string,
): { dy: tf.Tensor4D; filter: tf.Tensor4D; geometry: ConvGeometry } {
  const tdy = rank4(op, 'dy', dy);
  const tw = rank4(op, 'filter', filter);
  const [b, h, w, c] = shape4(op, 'inputShape', inputShape, shapeText);
  if (tdy.shape[0] !== b) {
    throw LayerproofError.invalid({ op, argument: 'inputShape[0]', value: b, expected: `${tdy.shape[0]}, the batch of dy` });
  }
  return { dy: tdy, filter: tw, geometry: gradientGeometry(op, [h, w, c], [tw.shape[0], tw.shape[1]], options) };
}
