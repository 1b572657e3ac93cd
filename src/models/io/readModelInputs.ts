import { readFile } from 'node:fs/promises';
import { LayerproofError } from '../../core/LayerproofError.js';
import { createRng } from '../../core/rng.js';
import { tf } from '../../tfjs/tf.js';
import { readCifarFile } from '../../cnn/train/readCifarFile.js';
import { CIFAR_CHANNELS, CIFAR_IMAGE_SIZE, CIFAR_PIXELS } from '../../cnn/train/cifarFormat.js';
import { decodeImage } from './decodeImage.js';
import { listImageFiles } from './listImageFiles.js';

const op = 'readModelInputs';

/** How pixel values are scaled: white becomes 1, 255 or 1, black 0, 0 or −1. */
export type PixelRange = '0,1' | '0,255' | '-1,1';
const RANGES: Readonly<Record<PixelRange, { readonly low: number; readonly high: number }>> = {
  '0,1': { low: 0, high: 1 },
  '0,255': { low: 0, high: 255 },
  '-1,1': { low: -1, high: 1 },
};

/** ITU-R BT.601 luma weights: a colour image becomes one channel as a model trained on grayscale saw it. */
const LUMA = [0.299, 0.587, 0.114] as const;
/** Images of a CIFAR file are resized this many at a time (bounds the memory of one resize). */
const RESIZE_CHUNK = 256;

export interface ReadModelInputsOptions {
  /** The model's input shape without the batch, e.g. `[32, 32, 3]`; images need `[height, width, 1 or 3]`. */
  readonly shape: readonly number[];
  /** Image files and/or folders of .png, .jpg, .jpeg (a folder's images in name order). */
  readonly images?: readonly string[];
  /** CIFAR-10 binary files (`data_batch_1.bin`, `test_batch.bin`, …). */
  readonly cifar?: readonly string[];
  /** How many seeded random inputs to add, uniform over the pixel range (default 0). */
  readonly random?: number;
  /** Seed of the random inputs (default 1). */
  readonly seed?: number;
  /** Pixel scaling (default `'0,1'`), also the interval of the random inputs. */
  readonly range?: PixelRange;
  /** At most this many inputs in all, taken in order: images, then CIFAR records, then random ones. */
  readonly limit?: number;
}

export interface ModelInputs {
  /** `[count, ...shape]` float32 (rank 4 for images). The caller disposes it. */
  readonly batch: tf.Tensor;
  /** Where each input came from, in batch order: a file, `file#record` for CIFAR, `random #i (seed s)`. */
  readonly sources: string[];
  /** What the inputs are, in words (e.g. `uniform [0,1), seed 1`). */
  readonly distribution: string;
}

/** The largest float32 below a positive float32 `x`: keeps a float32 draw from a half-open interval inside it. */
function float32Below(x: number): number {
  const f = new Float32Array([x]);
  const bits = new Int32Array(f.buffer);
  bits[0] = (bits[0] ?? 0) - 1;
  return f[0] ?? 0;
}

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

function checkOptions(options: ReadModelInputsOptions): { shape: number[]; range: PixelRange; random: number; seed: number; limit: number } {
  const { shape } = options;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => isCount(d, 1))) {
    throw LayerproofError.invalid({ op, argument: 'options.shape', value: shape, expected: 'the model input shape without the batch, a non-empty array of positive integers such as [32, 32, 3]' });
  }
  const range = options.range ?? '0,1';
  if (!(range in RANGES)) throw LayerproofError.invalid({ op, argument: 'options.range', value: range, expected: `one of ${Object.keys(RANGES).map((r) => `'${r}'`).join(', ')}` });
  const random = options.random ?? 0;
  if (!isCount(random, 0)) throw LayerproofError.invalid({ op, argument: 'options.random', value: random, expected: 'a non-negative integer (how many random inputs)' });
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw LayerproofError.invalid({ op, argument: 'options.seed', value: seed, expected: 'an integer' });
  const limit = options.limit ?? Infinity;
  if (limit !== Infinity && !isCount(limit, 1)) throw LayerproofError.invalid({ op, argument: 'options.limit', value: limit, expected: 'a positive integer' });
  for (const key of ['images', 'cifar'] as const) {
    const list = options[key];
    if (list !== undefined && (!Array.isArray(list) || !list.every((p) => typeof p === 'string' && p.length > 0))) {
      throw LayerproofError.invalid({ op, argument: `options.${key}`, value: list, expected: 'an array of paths' });
    }
  }
  if ((options.images?.length ?? 0) === 0 && (options.cifar?.length ?? 0) === 0 && random === 0) {
    throw LayerproofError.invalid({ op, argument: 'options', value: { images: options.images, cifar: options.cifar, random }, expected: 'given at least one source of inputs: images, cifar files or random > 0' });
  }
  return { shape: [...shape], range, random, seed, limit };
}

/** The [height, width, channels] an image source needs, refusing shapes that are not an image's. */
function imageShape(shape: readonly number[], source: string): [number, number, 1 | 3] {
  const [h, w, c] = shape;
  if (shape.length !== 3 || h === undefined || w === undefined || (c !== 1 && c !== 3)) {
    throw LayerproofError.invalid({
      op, argument: 'options.shape', value: shape,
      expected: `[height, width, channels] with 1 or 3 channels to read ${source} (this input is not an image; give random inputs instead)`,
    });
  }
  return [h, w, c];
}

/**
 * Scales `n` images of `channels` values per pixel (white = `maxValue`) into the pixel range and
 * converts them to `target` channels (3 → 1 by luma, 1 → 3 by repetition), as float32.
 */
function toModelPixels(data: ArrayLike<number>, pixels: number, channels: 1 | 3, maxValue: number, target: 1 | 3, range: PixelRange): Float32Array {
  const { low, high } = RANGES[range];
  const scale = (high - low) / maxValue;
  const out = new Float32Array(pixels * target);
  for (let p = 0; p < pixels; p++) {
    if (channels === target) {
      for (let c = 0; c < target; c++) out[p * target + c] = low + scale * (data[p * channels + c] ?? 0);
    } else if (target === 1) {
      const y = LUMA[0] * (data[3 * p] ?? 0) + LUMA[1] * (data[3 * p + 1] ?? 0) + LUMA[2] * (data[3 * p + 2] ?? 0);
      out[p] = low + scale * y;
    } else {
      const v = low + scale * (data[p] ?? 0);
      out[3 * p] = v;
      out[3 * p + 1] = v;
      out[3 * p + 2] = v;
    }
  }
  return out;
}

/**
 * Resizes `n` images of h×w to H×W bilinearly, with half-pixel centres (as TensorFlow 2's
 * tf.image.resize and Keras' Resizing layer do); returns the data as it is when the size is right.
 */
async function resize(data: Float32Array, n: number, from: readonly [number, number], to: readonly [number, number], channels: number): Promise<Float32Array> {
  if (from[0] === to[0] && from[1] === to[1]) return data;
  const resized = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(data, [n, from[0], from[1], channels]), [to[0], to[1]], false, true));
  try {
    return Float32Array.from(await resized.data());
  } finally {
    resized.dispose();
  }
}

/**
 * Reads the inputs to run a model on: image files (PNG or JPEG, decoded in JavaScript), CIFAR-10
 * binary files and/or seeded random inputs, as one float32 batch of the model's input shape.
 * Images are converted to the model's channel count and resized to its height and width;
 * pixels are scaled to `range`. Every refusal names the file and what would be valid.
 */
export async function readModelInputs(options: ReadModelInputsOptions): Promise<ModelInputs> {
  const { shape, range, random, seed, limit } = checkOptions(options);
  const size = shape.reduce((a, b) => a * b, 1);
  const parts: Float32Array[] = [];
  const sources: string[] = [];
  const described: string[] = [];
  const rangeText = `[${RANGES[range].low}, ${RANGES[range].high}]`;

  const imagePaths = options.images ?? [];
  if (imagePaths.length > 0) {
    const [h, w, c] = imageShape(shape, 'images');
    const files = listImageFiles(imagePaths).slice(0, limit);
    let resized = 0;
    let converted = 0;
    for (const file of files) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new LayerproofError(`Error in ${op}: the image ${file} cannot be read: ${(error as Error).message}.`, { op, argument: 'images', value: file, cause: error });
      }
      const image = decodeImage(file, bytes);
      if (image.channels !== c) converted++;
      if (image.height !== h || image.width !== w) resized++;
      const pixels = toModelPixels(image.data, image.width * image.height, image.channels, image.maxValue, c, range);
      parts.push(await resize(pixels, 1, [image.height, image.width], [h, w], c));
      sources.push(file);
    }
    const how = [
      ...(resized > 0 ? [`${resized} resized bilinearly to ${h}×${w}`] : []),
      ...(converted > 0 ? [`${converted} converted to ${c === 1 ? 'grayscale by luma (0.299 R + 0.587 G + 0.114 B)' : 'RGB by repeating the gray channel'}`] : []),
    ];
    described.push(`${files.length} image(s) scaled to ${rangeText}${how.length > 0 ? ` (${how.join('; ')})` : ''}`);
  }

  const cifarFiles = options.cifar ?? [];
  if (cifarFiles.length > 0 && sources.length < limit) {
    const [h, w, c] = imageShape(shape, 'CIFAR-10 images');
    let taken = 0;
    for (const file of cifarFiles) {
      const wanted = limit - sources.length;
      if (wanted <= 0) break;
      const cifar = readCifarFile(file);
      const count = Math.min(cifar.count, wanted);
      for (let start = 0; start < count; start += RESIZE_CHUNK) {
        const n = Math.min(RESIZE_CHUNK, count - start);
        const bytes = cifar.pixels.subarray(start * CIFAR_PIXELS, (start + n) * CIFAR_PIXELS);
        const pixels = toModelPixels(bytes, n * CIFAR_IMAGE_SIZE * CIFAR_IMAGE_SIZE, CIFAR_CHANNELS, 255, c, range);
        const fitted = await resize(pixels, n, [CIFAR_IMAGE_SIZE, CIFAR_IMAGE_SIZE], [h, w], c);
        for (let i = 0; i < n; i++) {
          parts.push(fitted.subarray(i * size, (i + 1) * size));
          sources.push(`${file}#${start + i}`);
        }
      }
      taken += count;
    }
    const fit = [
      ...(h !== CIFAR_IMAGE_SIZE || w !== CIFAR_IMAGE_SIZE ? [`resized bilinearly from 32×32 to ${h}×${w}`] : []),
      ...(c === 1 ? ['converted to grayscale by luma (0.299 R + 0.587 G + 0.114 B)'] : []),
    ];
    described.push(`${taken} CIFAR-10 image(s) scaled to ${rangeText}${fit.length > 0 ? ` (${fit.join('; ')})` : ''}`);
  }

  const randomCount = Math.min(random, limit - sources.length);
  if (randomCount > 0) {
    const rng = createRng(seed);
    const { low, high } = RANGES[range];
    const top = float32Below(high);
    for (let i = 0; i < randomCount; i++) {
      const values = new Float32Array(size);
      for (let k = 0; k < size; k++) values[k] = Math.min(top, low + (high - low) * rng());
      parts.push(values);
      sources.push(`random #${i} (seed ${seed})`);
    }
    described.push(`${described.length > 0 ? `${randomCount} random input(s) ` : ''}uniform [${low},${high}), seed ${seed}`);
  }

  const data = new Float32Array(parts.length * size);
  parts.forEach((part, i) => data.set(part, i * size));
  return { batch: tf.tensor(data, [parts.length, ...shape], 'float32'), sources, distribution: described.join('; ') };
}
