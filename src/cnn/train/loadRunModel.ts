import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import { createModel } from '../tfjs/createModel.js';
import { CIFAR_PIXELS } from './cifarFormat.js';
import { readCheckpoint, restoreWeights } from './checkpointFile.js';
import { fillBatch } from './fillBatch.js';
import { concatImages } from './imageSets.js';
import { readCifarFile } from './readCifarFile.js';
import { readRunState, runPaths } from './RunState.js';

export interface RunModel {
  readonly out: string;
  /** The id of the configuration the search chose. */
  readonly configuration: string;
  /** The tested network with its trained weights: an ordinary tf.LayersModel. */
  readonly model: tf.LayersModel;
  readonly testFiles: readonly string[];
  /**
   * The first `count` test images, normalised as the run trained on them, as one
   * [count, 32, 32, 3] batch (the caller disposes it).
   */
  testImages(count: number): tf.Tensor4D;
}

/** True when `dir` is the --out folder of a layerproof train run. */
export function isRunFolder(dir: string): boolean {
  return existsSync(runPaths(resolve(dir)).state);
}

/**
 * The tested model of a finished run and its test images, as the trainer left them: the spec the
 * search chose, rebuilt by `createModel`, with the weights of `model.ckpt`. `data` says where the
 * test files are now when they moved since training (their names are kept).
 */
export function loadRunModel(out: string, options: { readonly data?: string } = {}): RunModel {
  const op = 'loadRunModel';
  const dir = resolve(out);
  const state = readRunState(dir);
  const config = state.configurations.find((c) => c.id === state.chosen?.configuration);
  const modelPath = runPaths(dir).model;
  if (config === undefined || !existsSync(modelPath)) {
    throw new LayerproofError(
      `Error in ${op}: ${dir} has no tested model yet (the run is in phase '${state.phase}'). Valid: a finished run; continue this one with layerproof train --resume --out ${out}.`,
      { op, argument: 'out', value: out },
    );
  }
  const testFiles = state.files.test.map((f) => (options.data === undefined ? f : join(resolve(options.data), basename(f))));
  const model = createModel(config.spec);
  const saved = readCheckpoint(modelPath);
  try {
    restoreWeights(model, saved.weights, modelPath);
  } finally {
    tf.dispose(saved.weights);
    tf.dispose(saved.optimizer.map((t) => t.tensor));
  }
  return {
    out: dir,
    configuration: config.id,
    model,
    testFiles,
    testImages: (count) => {
      const test = concatImages(testFiles.map((f) => readCifarFile(f)));
      const n = Math.min(count, test.count);
      const pixels = new Float32Array(n * CIFAR_PIXELS);
      fillBatch(test, Int32Array.from({ length: n }, (_v, i) => i), state.normalisation, pixels);
      return tf.tensor4d(pixels, [n, 32, 32, 3]);
    },
  };
}
