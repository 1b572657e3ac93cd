import fc from 'fast-check';
import { LayerproofError } from '../../core/LayerproofError.js';
import { nonNegativeInteger, plainObject, positiveInteger } from '../../core/validate.js';
import { convGeometry, type ConvGeometry, type Padding } from '../../linear/convGeometry.js';

/** The kinds of padding a generated geometry may have. */
export type PaddingKind = 'valid' | 'same' | 'explicit';

export interface ConvGeometryConstraints {
  /** Largest input height and width (each drawn from 1 up). Default 8. */
  readonly maxSize?: number;
  /** Largest number of input channels and of filters (output channels). Default 4. */
  readonly maxChannels?: number;
  /** Largest kernel height and width. Default 3. */
  readonly maxKernel?: number;
  /** Largest stride along each axis. Default 2. */
  readonly maxStride?: number;
  /** Largest dilation along each axis. Default 2. */
  readonly maxDilation?: number;
  /**
   * Paddings to draw from, shrinking towards the first. Default `['valid', 'same']`, what
   * `tf.layers.conv2d` accepts; `'explicit'` adds `[[top, bottom], [left, right]]` (for `tf.conv2d`).
   */
  readonly paddings?: readonly PaddingKind[];
  /** Largest explicit padding on one side. Default 2. */
  readonly maxPadding?: number;
  /** Never strides > 1 together with dilations > 1 (TensorFlow.js refuses that pair). Default `true`. */
  readonly tfjsCompatible?: boolean;
}

/** A convolution whose kernel fits its input: everything a layer, a `tf.conv2d` call or `conv2dMatrix` needs. */
export interface GeneratedConvGeometry {
  /** `[height, width, inChannels]`. */
  readonly inputShape: [number, number, number];
  /** Output channels. */
  readonly filters: number;
  /** `[kh, kw]`; a kernel's weights are `[kh, kw, inChannels, filters]`. */
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly padding: Padding;
  /** The geometry `convGeometry` computes from the above: output size, padding split, effective kernel. */
  readonly geometry: ConvGeometry;
  /** `[outHeight, outWidth, filters]`. */
  readonly outputShape: [number, number, number];
}

const PADDING_KINDS: readonly PaddingKind[] = ['valid', 'same', 'explicit'];

/**
 * fast-check arbitrary of convolution geometries whose kernel fits the (padded) input, so that the
 * output is at least 1×1: a drawn kernel too large for its input is cut to the largest that fits,
 * rather than filtered, so that every draw counts and shrinking stays smooth. Shrinks towards a
 * 1×1×1 input, a 1×1 kernel, strides and dilations 1 and the first padding kind. Exported from
 * layerproof/testing as `convGeometry`.
 */
export function convGeometryArbitrary(constraints: ConvGeometryConstraints = {}): fc.Arbitrary<GeneratedConvGeometry> {
  const op = 'convGeometry';
  const c = plainObject(op, 'constraints', constraints);
  const maxSize = positiveInteger(op, 'constraints.maxSize', c.maxSize ?? 8);
  const maxChannels = positiveInteger(op, 'constraints.maxChannels', c.maxChannels ?? 4);
  const maxKernel = positiveInteger(op, 'constraints.maxKernel', c.maxKernel ?? 3);
  const maxStride = positiveInteger(op, 'constraints.maxStride', c.maxStride ?? 2);
  const maxDilation = positiveInteger(op, 'constraints.maxDilation', c.maxDilation ?? 2);
  const maxPadding = nonNegativeInteger(op, 'constraints.maxPadding', c.maxPadding ?? 2);
  const kinds = c.paddings ?? ['valid', 'same'];
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => PADDING_KINDS.includes(k as PaddingKind))) {
    throw LayerproofError.invalid({ op, argument: 'constraints.paddings', value: kinds, expected: "a non-empty array of 'valid', 'same' and 'explicit'" });
  }
  const tfjsCompatible = c.tfjsCompatible ?? true;
  if (typeof tfjsCompatible !== 'boolean') throw LayerproofError.invalid({ op, argument: 'constraints.tfjsCompatible', value: tfjsCompatible, expected: 'true or false' });

  const upTo = (max: number): fc.Arbitrary<number> => fc.integer({ min: 1, max });
  const pair = (max: number): fc.Arbitrary<[number, number]> => fc.tuple(upTo(max), upTo(max));
  const side = fc.integer({ min: 0, max: maxPadding });
  const padding: fc.Arbitrary<Padding> = fc.oneof(...(kinds as PaddingKind[]).map((k): fc.Arbitrary<Padding> =>
    k === 'explicit' ? fc.tuple(fc.tuple(side, side), fc.tuple(side, side)) : fc.constant(k)));

  return fc.record({
    height: upTo(maxSize), width: upTo(maxSize), inChannels: upTo(maxChannels), filters: upTo(maxChannels),
    kernelSize: pair(maxKernel), strides: pair(maxStride), dilations: pair(maxDilation), padding,
  }).map((r): GeneratedConvGeometry => {
    const dilations: [number, number] = tfjsCompatible && Math.max(...r.strides) > 1 && Math.max(...r.dilations) > 1 ? [1, 1] : r.dilations;
    // 'same' always fits; otherwise the effective kernel (k − 1)·d + 1 may span at most the padded input.
    const [[top, bottom], [left, right]] = r.padding === 'same' || r.padding === 'valid' ? [[0, 0], [0, 0]] : r.padding;
    const fit = (k: number, size: number, pad: number, d: number): number => (r.padding === 'same' ? k : Math.min(k, Math.floor((size + pad - 1) / d) + 1));
    const kernelSize: [number, number] = [fit(r.kernelSize[0], r.height, top + bottom, dilations[0]), fit(r.kernelSize[1], r.width, left + right, dilations[1])];
    const inputShape: [number, number, number] = [r.height, r.width, r.inChannels];
    const geometry = convGeometry({ op, inputShape, kernelSize, strides: r.strides, dilations, padding: r.padding });
    return {
      inputShape, filters: r.filters, kernelSize, strides: r.strides, dilations, padding: r.padding,
      geometry, outputShape: [geometry.outHeight, geometry.outWidth, r.filters],
    };
  });
}
