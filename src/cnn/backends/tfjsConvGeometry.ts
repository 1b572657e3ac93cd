import { convGeometry, type ConvGeometry, type Padding } from '../../linear/convGeometry.js';
import { tf } from '../../tfjs/tf.js';

/** Padding as TensorFlow.js kernels receive it: a mode, one number for every side, or explicit NHWC pads. */
export type TfjsPad = 'valid' | 'same' | number | readonly (readonly number[])[];

/** Attributes of a tfjs convolution kernel or op, as its gradient sees them. */
export interface TfjsConvAttrs {
  readonly strides: number | readonly number[];
  readonly pad: TfjsPad;
  readonly dilations?: number | readonly number[] | null | undefined;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil' | null | undefined;
}

function pairOf(v: number | readonly number[] | null | undefined): [number, number] {
  if (v === undefined || v === null) return [1, 1];
  if (typeof v === 'number') return [v, v];
  return [v[0] ?? 1, v[1] ?? v[0] ?? 1];
}

/**
 * The layerproof geometry (`convGeometry`, the record the Toeplitz builder reads) of a tfjs
 * convolution with input `[b, h, w, c]` and kernel `kh × kw`. tfjs-only pad forms (one number
 * with a rounding mode) are resolved by tfjs's own `computeConv2DInfo` into explicit pads, so
 * both agree on every geometry a tfjs kernel can be called with.
 */
export function tfjsConvGeometry(
  op: string,
  xShape: readonly number[],
  kernelSize: readonly [number, number],
  attrs: TfjsConvAttrs,
): ConvGeometry {
  const [, h = 1, w = 1, c = 1] = xShape;
  const strides = pairOf(attrs.strides);
  const dilations = pairOf(attrs.dilations);
  let padding: Padding;
  if (attrs.pad === 'valid' || attrs.pad === 'same') {
    padding = attrs.pad;
  } else if (typeof attrs.pad === 'number') {
    const info = tf.backend_util.computeConv2DInfo(
      [1, h, w, c], [kernelSize[0], kernelSize[1], c, 1], strides, dilations, attrs.pad, attrs.dimRoundingMode ?? undefined,
    );
    padding = [[info.padInfo.top, info.padInfo.bottom], [info.padInfo.left, info.padInfo.right]];
  } else {
    const rows = attrs.pad[1] ?? [0, 0];
    const cols = attrs.pad[2] ?? [0, 0];
    padding = [[rows[0] ?? 0, rows[1] ?? 0], [cols[0] ?? 0, cols[1] ?? 0]];
  }
  return convGeometry({ op, inputShape: [h, w, c], kernelSize, strides, dilations, padding });
}
