import type fc from 'fast-check';
import { plainObject, positiveInteger } from '../../core/validate.js';
import { float32Entries } from './float32Entries.js';

export interface ImageConstraints {
  /** Rows. Required: a positive integer. */
  readonly height: number;
  /** Columns. Required: a positive integer. */
  readonly width: number;
  /** Channels (the last axis, NHWC). Required: a positive integer. */
  readonly channels: number;
  /** Smallest value. Default −1. */
  readonly min?: number;
  /** Largest value. Default 1. */
  readonly max?: number;
}

/** One image without the batch: `data[(h·width + w)·channels + c]`, as TensorFlow.js lays out NHWC. */
export interface GeneratedImage {
  readonly shape: [number, number, number];
  readonly data: Float32Array;
}

/**
 * fast-check arbitrary of images `{ shape: [height, width, channels], data }` with float32 values in
 * [min, max], shrinking each value towards 0. Exported from layerproof/testing as `image`; feed
 * it to a layer with `tf.tensor(data, [1, ...shape])`.
 */
export function imageArbitrary(constraints: ImageConstraints): fc.Arbitrary<GeneratedImage> {
  const op = 'image';
  const c = plainObject(op, 'constraints', constraints);
  const height = positiveInteger(op, 'constraints.height', c.height);
  const width = positiveInteger(op, 'constraints.width', c.width);
  const channels = positiveInteger(op, 'constraints.channels', c.channels);
  const shape: [number, number, number] = [height, width, channels];
  return float32Entries(op, height * width * channels, c.min ?? -1, c.max ?? 1).map((data) => ({ shape: [...shape], data }));
}
