import { resolve } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { BackendChoice, DeviceChoice } from '../../cnn/backends/selectBackend.js';
import { isRunFolder, loadRunModel } from '../../cnn/train/loadRunModel.js';
import { useTrainingBackend, type TrainingBackend } from '../../cnn/train/useTrainingBackend.js';
import { tf } from '../../tfjs/tf.js';
import type { GraphDefJson } from '../graph/GraphDefJson.js';
import { graphModelSites } from '../graph/graphModelSites.js';
import { loadModel } from '../io/loadModel.js';
import { readModelInputs, type PixelRange } from '../io/readModelInputs.js';
import { layersModelSites } from '../layersModelSites.js';
import type { ModelSites } from '../ModelSites.js';
import { verifyModelSites, type LayerReport, type ModelReport, type VerifyModelSitesOptions } from './verifyModelSites.js';

export interface VerifyModelOptions extends VerifyModelSitesOptions {
  /** Image files or folders of them (PNG, JPEG), resized to the model's input. */
  readonly images?: readonly string[];
  /** CIFAR-10 binary files. */
  readonly cifar?: readonly string[];
  /** N seeded random inputs (uniform in [0, 1)). */
  readonly random?: number;
  readonly seed?: number;
  /** How many inputs to use at most (for a run: its first test images; default 8 there). */
  readonly limit?: number;
  /** [height, width, channels] where the model leaves its input size open. */
  readonly inputShape?: readonly number[];
  /** Pixel scaling of image files (default '0,1'). */
  readonly range?: PixelRange;
  /** For a run folder: where its test files are now, if they moved. */
  readonly data?: string;
  readonly backend?: BackendChoice;
  readonly device?: DeviceChoice;
  /** Also bound each affine layer's operator norm and the model's Lipschitz constant through `normsOf` (default true where `normsOf` is given). */
  readonly norms?: boolean;
  /**
   * Where the norms come from (`src/models` cannot import `src/spectrum`: the CLI passes
   * `layerproof spectrum`'s `modelLipschitz`, which returns a `ModelNorms`). Without it, no norms.
   */
  readonly normsOf?: (model: NormedModel, inputShape: readonly number[]) => Promise<ModelNorms>;
  /**
   * Zhang's shift consistency on the inputs: default (undefined) where the model is an image
   * classifier (one [height, width, channels] input, one vector out) and `shiftsOf` is given;
   * `true` asks for it (and says why it could not), `false` skips it.
   */
  readonly shifts?: boolean;
  /** How shift consistency is measured (the CLI passes `src/symmetry`'s `shiftConsistency`). Without it, none. */
  readonly shiftsOf?: (model: tf.LayersModel | tf.GraphModel, images: tf.Tensor, options: { readonly shifts: readonly number[] }) => Promise<ShiftConsistencyReport>;
}

/** The model as `normsOf` gets it: a layers model, or a graph model with its GraphDef. */
export type NormedModel = tf.LayersModel | { readonly model: tf.GraphModel; readonly topology: GraphDefJson };

/** What `normsOf` returns: the part of `layerproof spectrum`'s `ModelLipschitz` that verify-model reports. */
export interface ModelNorms {
  /** A Lipschitz upper bound (ℓ₂) from the input to the logits; absent when some site has none. */
  readonly bound?: number;
  readonly logits: { readonly note: string };
  readonly layers: readonly { readonly name: string; readonly norm?: LayerNorm }[];
  readonly noBound: readonly { readonly layer: string; readonly reason: string }[];
}

/** Zhang's shift consistency: per shift size and mode, and per flip, how often the top-1 class stayed the same. */
export interface ShiftConsistencyReport {
  readonly images: number;
  readonly seed: number;
  readonly shifts: readonly { readonly size: number; readonly mode: 'circular' | 'zero'; readonly consistency: number; readonly agree: number; readonly total: number }[];
  readonly flips: readonly { readonly flip: 'horizontal' | 'vertical'; readonly consistency: number; readonly agree: number; readonly total: number }[];
}

/** The certified interval of a layer's ‖T‖₂ (equal ends when exact), from `layerproof spectrum`'s bounds. */
export interface LayerNorm {
  readonly lower: number;
  readonly upper: number;
  readonly exact: boolean;
  readonly method: string;
}

export interface ModelVerification extends Omit<ModelReport, 'layers'> {
  readonly layers: readonly (LayerReport & { readonly norm?: LayerNorm })[];
  /** What PATH was: a layerproof run, or a model.json of either format. */
  readonly source: 'run' | 'layers-model' | 'graph-model';
  readonly path: string;
  readonly backend: TrainingBackend;
  /** Where the inputs came from, and their distribution for random ones. */
  readonly inputs: { readonly samples: number; readonly sources: readonly string[]; readonly distribution: string };
  /** For a run: the configuration the search chose. */
  readonly configuration?: string;
  /** The model's Lipschitz bound, input to logits (ℓ₂), when norms were computed; absent bound: some layer has none. */
  readonly lipschitz?: { readonly bound?: number; readonly note: string };
  /** Why the norms were not computed, when they were asked for. */
  readonly normsSkipped?: string;
  /** Zhang's shift consistency on the inputs (image classifiers). */
  readonly shiftConsistency?: ShiftConsistencyReport;
  /** Why shift consistency was not measured, when it was asked for or failed. */
  readonly shiftConsistencySkipped?: string;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Each affine layer's certified norm interval and the model's Lipschitz bound, through the
 * injected `normsOf`; a model it cannot bound is reported as skipped, with why, and never fails
 * the verification.
 */
async function layerNorms(normsOf: NonNullable<VerifyModelOptions['normsOf']>, model: NormedModel, inputShape: readonly number[]): Promise<{ layers?: Map<string, LayerNorm>; lipschitz?: ModelVerification['lipschitz']; skipped?: string }> {
  try {
    const result = await normsOf(model, inputShape);
    const layers = new Map(result.layers.flatMap((l) => (l.norm === undefined ? [] : [[l.name, { lower: l.norm.lower, upper: l.norm.upper, exact: l.norm.exact, method: l.norm.method }] as const])));
    const note = result.bound === undefined ? `no bound: ${result.noBound.map((b) => `${b.layer} (${b.reason})`).join('; ')}` : result.logits.note;
    return { layers, lipschitz: { ...(result.bound !== undefined && { bound: result.bound }), note } };
  } catch (error) {
    return { skipped: message(error) };
  }
}

/** Zhang's default shift sizes, 1 to 4 pixels, less those the image is too small for. */
const SHIFT_SIZES = [1, 2, 3, 4];

/**
 * Shift consistency on the verified inputs where the model is an image classifier (or where it
 * was asked for); what cannot be measured is said, never thrown: it is a measurement beside the
 * verification, not part of it.
 */
async function shiftConsistencyOf(options: VerifyModelOptions, model: tf.LayersModel | tf.GraphModel, batch: tf.Tensor, report: ModelReport): Promise<Pick<ModelVerification, 'shiftConsistency' | 'shiftConsistencySkipped'>> {
  if (options.shifts === false) return {};
  const asked = options.shifts === true;
  const [, height = 0, width = 0] = batch.shape;
  const output = report.layers.at(-1)?.outputShape;
  const image = batch.rank === 4 && Math.min(height, width) >= 2;
  const why = options.shiftsOf === undefined ? 'no shiftsOf was given (the CLI passes layerproof\'s shiftConsistency)'
    : !image ? `the input [${batch.shape.slice(1).join(', ')}] is not an image [height ≥ 2, width ≥ 2, channels]`
    : output !== undefined && output.length !== 1 ? `the model's output [${output.join(', ')}] is not a vector of class scores`
    : undefined;
  if (why !== undefined || options.shiftsOf === undefined) return asked ? { shiftConsistencySkipped: why ?? 'no shiftsOf' } : {};
  try {
    const measured = await options.shiftsOf(model, batch, { shifts: SHIFT_SIZES.filter((s) => s < Math.min(height, width)) });
    // Only the numbers: a measurer may return more (a chart spec) that the JSON report does not need.
    return {
      shiftConsistency: {
        images: measured.images, seed: measured.seed,
        shifts: measured.shifts.map(({ size, mode, consistency, agree, total }) => ({ size, mode, consistency, agree, total })),
        flips: measured.flips.map(({ flip, consistency, agree, total }) => ({ flip, consistency, agree, total })),
      },
    };
  } catch (error) {
    return { shiftConsistencySkipped: message(error) };
  }
}

/**
 * `layerproof verify-model PATH`: PATH is a layerproof run folder, a model.json (layers model or
 * graph model, as tfjs saves them or tensorflowjs_converter writes them), or a folder holding one.
 * Every layer or op is mapped to its explicit operator and checked on the activations TensorFlow.js
 * computes through the model for the given inputs; chains of affine layers are multiplied and
 * checked too. Numerical evidence on those inputs, not a proof.
 */
export async function verifyModel(path: string, options: VerifyModelOptions = {}): Promise<ModelVerification> {
  const op = 'verifyModel';
  if (typeof path !== 'string' || path === '') throw LayerproofError.invalid({ op, argument: 'path', value: path, expected: 'a run folder, a model.json file, or a folder holding one' });
  const backend = await useTrainingBackend({
    ...(options.backend !== undefined && { backend: options.backend }),
    ...(options.device !== undefined && { device: options.device }),
  });
  const given = [options.images, options.cifar].filter((v) => v !== undefined && v.length > 0).length + (options.random === undefined ? 0 : 1);
  if (given > 1) throw LayerproofError.invalid({ op, argument: 'inputs', value: { images: options.images, cifar: options.cifar, random: options.random }, expected: 'one source of inputs: images, CIFAR files, or random' });

  let sites: ModelSites;
  let batch: tf.Tensor;
  let source: ModelVerification['source'];
  let configuration: string | undefined;
  let inputs: ModelVerification['inputs'];
  let dispose: () => void;
  let normed: NormedModel;
  let predictor: tf.LayersModel | tf.GraphModel;
  if (isRunFolder(path) && given > 0) {
    throw LayerproofError.invalid({
      op, argument: 'inputs', value: { images: options.images, cifar: options.cifar, random: options.random },
      expected: `none for a run folder (${path}): a run is checked on its own test images, normalised as in training; choose how many with --limit N (default 8)`,
    });
  }
  if (isRunFolder(path)) {
    const run = loadRunModel(path, options.data === undefined ? {} : { data: options.data });
    batch = run.testImages(options.limit ?? 8);
    sites = layersModelSites(run.model);
    source = 'run';
    configuration = run.configuration;
    inputs = { samples: batch.shape[0] ?? 0, sources: run.testFiles, distribution: 'the first test images of the run, normalised as in training' };
    dispose = () => run.model.dispose();
    normed = run.model;
    predictor = run.model;
  } else {
    const loaded = await loadModel(path, options.inputShape === undefined ? {} : { inputShape: [...options.inputShape] });
    source = loaded.format;
    sites = loaded.format === 'layers-model' ? layersModelSites(loaded.model) : graphModelSites(loaded.model, loaded.topology as unknown as GraphDefJson);
    const declared = sites.inputs[0]?.shape ?? [];
    if (sites.inputs.length !== 1) {
      loaded.dispose();
      throw LayerproofError.invalid({ op, argument: 'model inputs', value: sites.inputs.map((i) => i.name), expected: 'a model with one input (models of several inputs can be verified through the library: verifyModelSites)' });
    }
    const shape = options.inputShape ?? declared;
    if (shape.some((v) => v === null || v < 1)) {
      loaded.dispose();
      throw LayerproofError.invalid({ op, argument: '--input-shape', value: declared, expected: 'given: the model leaves its input size open, so say which size to check, e.g. --input-shape 224,224,3' });
    }
    const read = await readModelInputs({
      shape: shape as number[],
      ...(options.images !== undefined && { images: [...options.images] }),
      ...(options.cifar !== undefined && { cifar: [...options.cifar] }),
      ...(options.random !== undefined && { random: options.random }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.range !== undefined && { range: options.range }),
      ...(options.limit !== undefined && { limit: options.limit }),
      ...(given === 0 && { random: 2 }),
    });
    batch = read.batch;
    inputs = { samples: batch.shape[0] ?? 0, sources: read.sources, distribution: read.distribution };
    dispose = () => loaded.dispose();
    normed = loaded.format === 'layers-model' ? loaded.model : { model: loaded.model, topology: loaded.topology as unknown as GraphDefJson };
    predictor = loaded.model;
  }
  try {
    const report = await verifyModelSites(sites, [batch], options);
    const norms = options.norms === false || options.normsOf === undefined ? undefined : await layerNorms(options.normsOf, normed, batch.shape.slice(1));
    const shifts = await shiftConsistencyOf(options, predictor, batch, report);
    return {
      ...report, source, path: resolve(path), backend, inputs, ...(configuration !== undefined && { configuration }),
      ...(norms !== undefined && {
        layers: report.layers.map((l) => {
          const norm = norms.layers?.get(l.name);
          return norm === undefined ? l : { ...l, norm };
        }),
        ...(norms.lipschitz !== undefined && { lipschitz: norms.lipschitz }),
        ...(norms.skipped !== undefined && { normsSkipped: norms.skipped }),
      }),
      ...shifts,
    };
  } finally {
    batch.dispose();
    dispose();
  }
}
