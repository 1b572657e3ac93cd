import { LayerproofError, describeValue } from '../core/LayerproofError.js';
import { positivePair, shape3 } from '../core/validate.js';

/**
 * Padding of a convolution or pooling window, as in TensorFlow.js:
 * - `'valid'`: no padding; the window must fit inside the input.
 * - `'same'`: TensorFlow's rule: output size ⌈in / stride⌉, total padding
 *   max((out − 1)·stride + effectiveKernel − in, 0), the odd cell going to the bottom/right.
 * - `[[top, bottom], [left, right]]`: explicit zero padding.
 */
export type Padding = 'valid' | 'same' | readonly [readonly [number, number], readonly [number, number]];

export interface ConvGeometryOptions {
  /** Name used in error messages, e.g. `conv2dMatrix` or `layer 5 (conv2d)`. */
  readonly op?: string;
  /** `[height, width, channels]` of one input image (NHWC without the batch). */
  readonly inputShape: readonly [number, number, number];
  /** Kernel (or pooling window) size: `k` or `[kh, kw]`. */
  readonly kernelSize: number | readonly [number, number];
  /** Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Default 1. Pooling has none. */
  readonly dilations?: number | readonly [number, number];
  /** Default `'valid'`, as in TensorFlow.js. */
  readonly padding?: Padding;
  /** Word used for the window in messages: `kernel` (default) or `window`. */
  readonly windowName?: string;
}

/**
 * Everything about the shape of a 2-D convolution or pooling, computed once
 * (like tfjs `computeConv2DInfo`): the Toeplitz and pooling builders, the tfjs
 * layer factory, the filter gradient and shape inference all read this record.
 */
export interface ConvGeometry {
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  /** (k − 1)·dilation + 1: the span of the kernel on the input. */
  readonly effectiveKernelHeight: number;
  readonly effectiveKernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
  readonly paddingKind: 'valid' | 'same' | 'explicit';
  readonly outHeight: number;
  readonly outWidth: number;
}

const PADDING_EXPECTED = "'valid', 'same' or [[top, bottom], [left, right]] with non-negative integers";

/** Computes and validates the geometry; throws LayerproofError naming what does not fit. */
export function convGeometry(options: ConvGeometryOptions): ConvGeometry {
  if (typeof options !== 'object' || options === null) {
    throw LayerproofError.invalid({ op: 'convGeometry', argument: 'options', value: options, expected: 'an object' });
  }
  const op = options.op ?? 'convGeometry';
  const windowName = options.windowName ?? 'kernel';
  const [inHeight, inWidth, inChannels] = shape3(op, 'inputShape', options.inputShape);
  const [kernelHeight, kernelWidth] = positivePair(op, windowName === 'kernel' ? 'kernelSize' : 'poolSize', options.kernelSize, 1);
  const [strideHeight, strideWidth] = positivePair(op, 'strides', options.strides, 1);
  const [dilationHeight, dilationWidth] = positivePair(op, 'dilations', options.dilations, 1);
  const effectiveKernelHeight = (kernelHeight - 1) * dilationHeight + 1;
  const effectiveKernelWidth = (kernelWidth - 1) * dilationWidth + 1;
  const padding = options.padding ?? 'valid';

  let padTop = 0;
  let padBottom = 0;
  let padLeft = 0;
  let padRight = 0;
  let outHeight: number;
  let outWidth: number;
  let paddingKind: ConvGeometry['paddingKind'];

  if (padding === 'same') {
    paddingKind = 'same';
    outHeight = Math.ceil(inHeight / strideHeight);
    outWidth = Math.ceil(inWidth / strideWidth);
    const padAlongHeight = Math.max((outHeight - 1) * strideHeight + effectiveKernelHeight - inHeight, 0);
    const padAlongWidth = Math.max((outWidth - 1) * strideWidth + effectiveKernelWidth - inWidth, 0);
    padTop = Math.floor(padAlongHeight / 2);
    padBottom = padAlongHeight - padTop;
    padLeft = Math.floor(padAlongWidth / 2);
    padRight = padAlongWidth - padLeft;
  } else {
    if (padding === 'valid') {
      paddingKind = 'valid';
    } else if (isExplicitPadding(padding)) {
      paddingKind = 'explicit';
      [[padTop, padBottom], [padLeft, padRight]] = padding;
    } else {
      throw LayerproofError.invalid({ op, argument: 'padding', value: padding, expected: PADDING_EXPECTED });
    }
    outHeight = Math.floor((inHeight + padTop + padBottom - effectiveKernelHeight) / strideHeight) + 1;
    outWidth = Math.floor((inWidth + padLeft + padRight - effectiveKernelWidth) / strideWidth) + 1;
  }

  if (outHeight < 1 || outWidth < 1) {
    const dilated = dilationHeight > 1 || dilationWidth > 1
      ? ` (spanning ${effectiveKernelHeight}×${effectiveKernelWidth} with dilations ${dilationHeight}×${dilationWidth})`
      : '';
    const padText = paddingKind === 'explicit' ? `padding ${describeValue(padding)}` : `padding '${paddingKind}'`;
    throw new LayerproofError(
      `Error in ${op}: a ${kernelHeight}×${kernelWidth} ${windowName}${dilated} does not fit its ` +
        `${inHeight}×${inWidth} input with ${padText}: the output would be ` +
        `${Math.max(outHeight, 0)}×${Math.max(outWidth, 0)}. Valid: an input of at least ` +
        `${Math.max(effectiveKernelHeight - padTop - padBottom, 1)}×${Math.max(effectiveKernelWidth - padLeft - padRight, 1)}, ` +
        `a ${windowName} of at most ${inHeight + padTop + padBottom}×${inWidth + padLeft + padRight}${dilated ? ' (after dilation)' : ''}, or padding 'same'.`,
      { op, argument: windowName === 'kernel' ? 'kernelSize' : 'poolSize', value: [kernelHeight, kernelWidth] },
    );
  }

  return {
    inHeight, inWidth, inChannels,
    kernelHeight, kernelWidth, effectiveKernelHeight, effectiveKernelWidth,
    strideHeight, strideWidth, dilationHeight, dilationWidth,
    padTop, padBottom, padLeft, padRight, paddingKind,
    outHeight, outWidth,
  };
}

function isExplicitPadding(p: unknown): p is readonly [readonly [number, number], readonly [number, number]] {
  return (
    Array.isArray(p) && p.length === 2 &&
    p.every((pair) => Array.isArray(pair) && pair.length === 2 &&
      pair.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0))
  );
}

/**
 * The input row (or column) read by output position `out` and kernel tap `tap`:
 * `out·stride + tap·dilation − padBefore`. This is the one index map shared by the
 * Toeplitz builder, the pooling builder, the direct reference and the filter gradient.
 * A result outside [0, size) falls in the zero padding.
 */
export function inputIndex(out: number, tap: number, stride: number, dilation: number, padBefore: number): number {
  return out * stride + tap * dilation - padBefore;
}

/** Output shape `[outHeight, outWidth, channels]`. */
export function outputShape(g: ConvGeometry, channels: number): [number, number, number] {
  return [g.outHeight, g.outWidth, channels];
}
