import { LayerproofError } from '../core/LayerproofError.js';

/**
 * One input or output of a map under test: float64 data, row-major, and its shape. An image is
 * `[H, W, C]` (NHWC without the batch), a batch of images `[N, H, W, C]`, node features `[n, d]`.
 */
export interface ShapedArray {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** Where the image axes of a shape `[..., H, W, C]` are: leading axes are a batch of `batch` images. */
export interface ImageLayout {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** A ShapedArray from any array of numbers, checked to have as many entries as its shape says. */
export function shapedArray(data: ArrayLike<number>, shape: readonly number[], op = 'shapedArray'): ShapedArray {
  const given: unknown = shape;
  if (!Array.isArray(given) || !given.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0)) {
    throw LayerproofError.invalid({ op, argument: 'shape', value: shape, expected: 'an array of non-negative integers, such as [8, 8, 3]' });
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw LayerproofError.invalid({ op, argument: 'data.length', value: data.length, expected: `${size}, the number of entries of shape [${shape.join(', ')}]` });
  }
  return { data: Float64Array.from(data), shape: [...shape] };
}

/** The image axes of `shape` (the last three, NHWC); throws a LayerproofError naming `op` and `argument` for a shape of rank below 3. */
export function imageLayout(op: string, argument: string, shape: readonly number[]): ImageLayout {
  if (shape.length < 3) {
    throw LayerproofError.invalid({
      op, argument, value: shape,
      expected: 'an image shape [height, width, channels] (NHWC, with any leading batch axes), of rank 3 or more',
    });
  }
  const [height, width, channels] = shape.slice(-3) as [number, number, number];
  const batch = shape.slice(0, -3).reduce((a, b) => a * b, 1);
  return { batch, height, width, channels };
}

/**
 * Moves whole pixels of every image of a batch: output pixel `(h, w)` (of an `outSize` image) gets
 * the channels of input pixel `pixel(h, w)`, or zeros where that is undefined. Translations,
 * flips and rotations are all of this form.
 */
export function remapPixels(
  x: ShapedArray,
  layout: ImageLayout,
  outSize: readonly [number, number],
  pixel: (h: number, w: number) => readonly [number, number] | undefined,
): ShapedArray {
  const { batch, height, width, channels } = layout;
  const [outH, outW] = outSize;
  const out = new Float64Array(batch * outH * outW * channels);
  for (let h = 0; h < outH; h++) {
    for (let w = 0; w < outW; w++) {
      const from = pixel(h, w);
      if (from === undefined) continue;
      for (let b = 0; b < batch; b++) {
        const src = ((b * height + from[0]) * width + from[1]) * channels;
        const dst = ((b * outH + h) * outW + w) * channels;
        out.set(x.data.subarray(src, src + channels), dst);
      }
    }
  }
  return { data: out, shape: [...x.shape.slice(0, -3), outH, outW, channels] };
}
