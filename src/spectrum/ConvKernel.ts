import { LayerproofError } from '../core/LayerproofError.js';
import { finiteArray, plainObject } from '../core/validate.js';

/**
 * A convolution kernel in TensorFlow.js's HWIO layout, [kh, kw, cin, cout], as float64:
 * entry (a, b, ci, co) at ((a·kw + b)·cin + ci)·cout + co.
 */
export interface ConvKernel {
  readonly kh: number;
  readonly kw: number;
  readonly cin: number;
  readonly cout: number;
  readonly data: Float64Array;
}

/** A kernel as the public functions take it: a tfjs tensor's `shape` and `dataSync()` fit. */
export interface KernelInput {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/**
 * Validates a rank-4 kernel ([kh, kw, cin, cout], or [kh, kw, cin, multiplier] when
 * `depthwise`) with finite entries, and copies it to float64.
 */
export function readKernel(op: string, kernel: unknown, depthwise: boolean): ConvKernel {
  const k = plainObject(op, 'kernel', kernel);
  const shape = k.shape;
  const last = depthwise ? 'multiplier' : 'outChannels';
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw LayerproofError.invalid({
      op, argument: 'kernel.shape', value: shape,
      expected: `[kh, kw, inChannels, ${last}], four positive integers (TensorFlow.js HWIO layout)`,
    });
  }
  const [kh, kw, cin, c4] = shape as [number, number, number, number];
  const data = Float64Array.from(finiteArray(op, 'kernel.data', k.data, kh * kw * cin * c4));
  return { kh, kw, cin, cout: c4, data };
}

/**
 * The independent convolutions of a layer: the kernel itself, or for a depthwise kernel
 * [kh, kw, C, M] one [kh, kw, 1, M] kernel per input channel (a depthwise T is, up to a
 * permutation of rows and columns, block diagonal with one block per channel).
 */
export function kernelComponents(kernel: ConvKernel, depthwise: boolean): ConvKernel[] {
  if (!depthwise) return [kernel];
  const { kh, kw, cin: channels, cout: m } = kernel;
  return Array.from({ length: channels }, (_, c) => {
    const data = new Float64Array(kh * kw * m);
    for (let t = 0; t < kh * kw; t++) for (let j = 0; j < m; j++) data[t * m + j] = kernel.data[(t * channels + c) * m + j] as number;
    return { kh, kw, cin: 1, cout: m, data };
  });
}
