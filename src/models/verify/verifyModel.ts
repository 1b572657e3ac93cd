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
import { verifyModelSites, type ModelReport, type VerifyModelSitesOptions } from './verifyModelSites.js';

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
}

export interface ModelVerification extends ModelReport {
  /** What PATH was: a layerproof run, or a model.json of either format. */
  readonly source: 'run' | 'layers-model' | 'graph-model';
  readonly path: string;
  readonly backend: TrainingBackend;
  /** Where the inputs came from, and their distribution for random ones. */
  readonly inputs: { readonly samples: number; readonly sources: readonly string[]; readonly distribution: string };
  /** For a run: the configuration the search chose. */
  readonly configuration?: string;
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
  }
  try {
    const report = await verifyModelSites(sites, [batch], options);
    return { ...report, source, path: resolve(path), backend, inputs, ...(configuration !== undefined && { configuration }) };
  } finally {
    batch.dispose();
    dispose();
  }
}
