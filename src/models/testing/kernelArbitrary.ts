import type fc from 'fast-check';
import { LayerproofError } from '../../core/LayerproofError.js';
import { float32Entries } from './float32Entries.js';

export interface KernelConstraints {
  /** Smallest weight. Default −1. */
  readonly min?: number;
  /** Largest weight. Default 1. */
  readonly max?: number;
}

/** Weights of a given shape, row-major (a convolution's `[kh, kw, inChannels, outChannels]`, HWIO as in TensorFlow.js). */
export interface GeneratedKernel {
  readonly shape: number[];
  readonly data: Float32Array;
}

/**
 * fast-check arbitrary of weights `{ shape, data }` of a fixed shape, float32 values in [min, max]
 * shrinking towards 0. Exported from layerproof/testing as `kernel`: `kernel([3, 3, 2, 4])` for a
 * 3×3 convolution from 2 to 4 channels, `kernel([16, 10])` for a dense layer.
 */
export function kernelArbitrary(shape: readonly number[], constraints: KernelConstraints = {}): fc.Arbitrary<GeneratedKernel> {
  const op = 'kernel';
  const given: unknown = shape;
  if (!Array.isArray(given) || given.length === 0 || !given.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'shape', value: shape, expected: 'a non-empty array of positive integers, e.g. [3, 3, 2, 4] ([kh, kw, inChannels, outChannels])' });
  }
  if (typeof constraints !== 'object' || constraints === null) {
    throw LayerproofError.invalid({ op, argument: 'constraints', value: constraints, expected: 'an object { min?, max? }' });
  }
  const dims = [...given as number[]];
  const size = dims.reduce((a, b) => a * b, 1);
  return float32Entries(op, size, constraints.min ?? -1, constraints.max ?? 1).map((data) => ({ shape: [...dims], data }));
}
