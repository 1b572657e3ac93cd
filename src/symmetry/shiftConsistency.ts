import type { TopLevelSpec } from 'vega-lite';
import { LayerproofError } from '../core/LayerproofError.js';
import { createRng } from '../core/rng.js';
import { plainObject, positiveInteger } from '../core/validate.js';
import { MapFailure, mapUnderTest, type MapInput, type MapInputKind, type MapUnderTest } from '../models/testing/mapUnderTest.js';
import { cyclicTranslation } from './cyclicTranslation.js';
import { flip } from './flip.js';
import { imageLayout, type ShapedArray } from './ShapedArray.js';
import { ringShift } from './ringShift.js';
import { shiftConsistencyChart } from './shiftConsistencyChart.js';
import { zeroTranslation } from './zeroTranslation.js';

/** How a shifted image is filled: `'circular'` wraps around (a cyclic translation), `'zero'` fills with zeros. */
export type ShiftMode = 'circular' | 'zero';

export interface ShiftConsistencyOptions {
  /** Shift sizes in pixels: each image is shifted by a random (a, b) with max(|a|, |b|) = size. Default [1, 2, 3, 4]. */
  readonly shifts?: readonly number[];
  /** Default both, `['circular', 'zero']`. */
  readonly modes?: readonly ShiftMode[];
  /** Also the horizontal and vertical flips. Default `true`. */
  readonly flips?: boolean;
  /** Seed of the random shifts. Default 42. */
  readonly seed?: number;
  /** How a function model is called (`'tensor'` or `'array'`). Default: probed once. */
  readonly input?: MapInputKind;
}

/** One shift size and mode: how often the top-1 class stayed the same. */
export interface ShiftConsistencyRow {
  readonly size: number;
  readonly mode: ShiftMode;
  /** `agree / total`. */
  readonly consistency: number;
  readonly agree: number;
  readonly total: number;
}

export interface FlipConsistencyRow {
  readonly flip: 'horizontal' | 'vertical';
  readonly consistency: number;
  readonly agree: number;
  readonly total: number;
}

/** What `shiftConsistency` measured. */
export interface ShiftConsistency {
  /** How the model was taken: `model sequential_1`, … */
  readonly map: string;
  readonly images: number;
  readonly seed: number;
  readonly shifts: readonly ShiftConsistencyRow[];
  readonly flips: readonly FlipConsistencyRow[];
  /** Consistency against shift size, one line per mode, the flips as reference lines (vega-lite; render with `renderChart`). */
  readonly chart: TopLevelSpec;
}

/** Images: `{ data, shape: [N, H, W, C] }` or a 4-D `tf.Tensor`. */
export type ImageBatch = { readonly data: ArrayLike<number>; readonly shape: readonly number[] } | { data(): Promise<ArrayLike<number>>; readonly shape: readonly number[] };

/** Images handed to the model at once. */
const CHUNK = 64;

/**
 * Zhang's shift consistency ("Making convolutional networks shift-invariant again", 2019): on the
 * given images, how often the model's top-1 class stays the same when the image is shifted by a few
 * pixels. For each shift size s and image, one shift (a, b) with max(|a|, |b|) = s is drawn (the same
 * for both modes), and the class of the shifted image is compared with the class of the image itself;
 * likewise under horizontal and vertical flips. A model of circular convolutions and global average
 * pooling is 100% consistent under circular shifts; Zhang reports 89.2% for a ResNet-50 on ImageNet
 * under shifts of whole crops, 91.3% with blurred pooling.
 *
 * @param model a TensorFlow.js model or layer, or a function, returning class scores per image.
 */
export async function shiftConsistency(model: MapInput, images: ImageBatch, options: ShiftConsistencyOptions = {}): Promise<ShiftConsistency> {
  const op = 'shiftConsistency';
  const o = plainObject(op, 'options', options);
  const givenShifts: unknown = o.shifts ?? [1, 2, 3, 4];
  if (!Array.isArray(givenShifts) || givenShifts.length === 0) {
    throw LayerproofError.invalid({ op, argument: 'options.shifts', value: givenShifts, expected: 'a non-empty array of shift sizes in pixels, such as [1, 2, 3, 4]' });
  }
  const shifts = givenShifts.map((s: unknown, i) => positiveInteger(op, `options.shifts[${i}]`, s));
  const givenModes: unknown = o.modes ?? ['circular', 'zero'];
  if (!Array.isArray(givenModes) || givenModes.length === 0 || !givenModes.every((m) => m === 'circular' || m === 'zero')) {
    throw LayerproofError.invalid({ op, argument: 'options.modes', value: givenModes, expected: "a non-empty array of 'circular' and 'zero'" });
  }
  const modes = givenModes as readonly ShiftMode[];
  const flips = o.flips ?? true;
  if (typeof flips !== 'boolean') throw LayerproofError.invalid({ op, argument: 'options.flips', value: flips, expected: 'true or false' });
  const seed = o.seed ?? 42;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw LayerproofError.invalid({ op, argument: 'options.seed', value: seed, expected: 'an integer' });

  const batch = await readImages(op, images);
  const { batch: count, height, width, channels } = imageLayout(op, 'images.shape', batch.shape);
  if (batch.shape.length !== 4 || count === 0) throw LayerproofError.invalid({ op, argument: 'images.shape', value: batch.shape, expected: '[N, height, width, channels] with N ≥ 1 images' });
  const largest = Math.max(...shifts);
  if (largest >= Math.min(height, width)) {
    throw LayerproofError.invalid({ op, argument: 'options.shifts', value: shifts, expected: `shift sizes below the image's ${height}×${width}` });
  }
  const single = [height, width, channels];
  const size = height * width * channels;
  const one = (n: number): ShapedArray => ({ data: batch.data.slice(n * size, (n + 1) * size), shape: single });
  const map = await mapUnderTest(op, model, single, o.input as MapInputKind | undefined);
  const classes = async (inputs: readonly ShapedArray[]): Promise<number[]> => topClasses(op, map, inputs);

  const original = await classes(Array.from({ length: count }, (_v, n) => one(n)));
  const rng = createRng(seed);
  const actions = { circular: cyclicTranslation(), zero: zeroTranslation() };
  const rows: ShiftConsistencyRow[] = [];
  for (const s of shifts) {
    const drawn = Array.from({ length: count }, () => ringShift(rng, s));
    for (const mode of modes) {
      const shifted = await classes(drawn.map((g, n) => actions[mode].apply(one(n), g)));
      const agree = shifted.filter((c, n) => c === original[n]).length;
      rows.push({ size: s, mode, consistency: agree / count, agree, total: count });
    }
  }
  const flipRows: FlipConsistencyRow[] = [];
  if (flips) {
    const action = flip();
    for (const direction of ['horizontal', 'vertical'] as const) {
      const flipped = await classes(Array.from({ length: count }, (_v, n) => action.apply(one(n), direction)));
      const agree = flipped.filter((c, n) => c === original[n]).length;
      flipRows.push({ flip: direction, consistency: agree / count, agree, total: count });
    }
  }
  return { map: map.description, images: count, seed, shifts: rows, flips: flipRows, chart: shiftConsistencyChart(rows, flipRows, map.description) };
}

async function readImages(op: string, images: unknown): Promise<ShapedArray> {
  const expected = 'images { data, shape: [N, H, W, C] } or a 4-D tf.Tensor';
  if (typeof images !== 'object' || images === null) throw LayerproofError.invalid({ op, argument: 'images', value: images, expected });
  const { data, shape } = images as { data?: unknown; shape?: unknown };
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'images.shape', value: shape, expected: '[N, height, width, channels], four positive integers' });
  }
  const values = typeof data === 'function' ? await (images as { data(): Promise<ArrayLike<number>> }).data() : data;
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (!(Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView))) || (values as ArrayLike<number>).length !== size) {
    throw LayerproofError.invalid({ op, argument: 'images.data', value: values, expected: `${size} numbers, as shape [${(shape as number[]).join(', ')}] needs (${expected})` });
  }
  return { data: Float64Array.from(values as ArrayLike<number>), shape: shape as number[] };
}

async function topClasses(op: string, map: MapUnderTest, inputs: readonly ShapedArray[]): Promise<number[]> {
  const result: number[] = [];
  for (let start = 0; start < inputs.length; start += CHUNK) {
    let outputs: Float64Array[];
    try {
      outputs = (await map.evaluate(inputs.slice(start, start + CHUNK).map((x) => x.data))).outputs;
    } catch (error) {
      if (!(error instanceof MapFailure)) throw error;
      throw new LayerproofError(`Error in ${op}: ${map.description} failed on the images: ${error.message}.`, { op, argument: 'model', cause: error.cause ?? error });
    }
    for (const scores of outputs) {
      let best = 0;
      for (let c = 1; c < scores.length; c++) if ((scores[c] ?? -Infinity) > (scores[best] ?? -Infinity)) best = c;
      result.push(best);
    }
  }
  return result;
}
