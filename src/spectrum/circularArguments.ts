import { LayerproofError } from '../core/LayerproofError.js';
import { positivePair } from '../core/validate.js';
import { readKernel, type ConvKernel } from './ConvKernel.js';

/** Options of a convolution with circular padding. */
export interface CircularOptions {
  /** Kernel [kh, kw, C, multiplier]: output channel c·M + m reads input channel c only. Default false. */
  readonly depthwise?: boolean;
  /** Default 1. */
  readonly dilations?: number | readonly [number, number];
  /** Default 1; must divide the grid. */
  readonly strides?: number | readonly [number, number];
}

export interface CircularArguments {
  readonly kernel: ConvKernel;
  readonly depthwise: boolean;
  readonly grid: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  /** Output grid, grid / strides. */
  readonly outGrid: readonly [number, number];
}

/** Validates the arguments every circular-padding function takes. */
export function circularArguments(op: string, kernel: unknown, grid: unknown, options: CircularOptions | undefined): CircularArguments {
  const depthwise = options?.depthwise === true;
  const k = readKernel(op, kernel, depthwise);
  const [n1, n2] = positivePair(op, 'grid', grid, 1);
  if (!Array.isArray(grid)) throw LayerproofError.invalid({ op, argument: 'grid', value: grid, expected: 'a pair [height, width] of positive integers' });
  const dilations = positivePair(op, 'options.dilations', options?.dilations, 1);
  const strides = positivePair(op, 'options.strides', options?.strides, 1);
  const span: [number, number] = [(k.kh - 1) * dilations[0] + 1, (k.kw - 1) * dilations[1] + 1];
  if (n1 < span[0] || n2 < span[1]) {
    throw LayerproofError.invalid({
      op, argument: 'grid', value: [n1, n2],
      expected: `at least the kernel's span ${span[0]}×${span[1]} (a ${k.kh}×${k.kw} kernel with dilations ${dilations.join('×')}); on a smaller grid taps would wrap onto each other`,
    });
  }
  if (n1 % strides[0] !== 0 || n2 % strides[1] !== 0) {
    throw LayerproofError.invalid({
      op, argument: 'grid', value: [n1, n2],
      expected: `divisible by the strides [${strides.join(', ')}] (a circular strided convolution keeps every s-th cell of a grid that s divides)`,
    });
  }
  return { kernel: k, depthwise, grid: [n1, n2], strides, dilations, outGrid: [n1 / strides[0], n2 / strides[1]] };
}
