import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { Tolerance } from '../../core/tolerance.js';
import type { BackendChoice, DeviceChoice } from '../backends/selectBackend.js';
import { isAffine } from '../LayerSpec.js';
import { inferShapes } from '../inferShapes.js';
import { createModel } from '../tfjs/createModel.js';
import { tf } from '../../tfjs/tf.js';
import { verifyLayer } from '../tfjs/verifyLayer.js';
import { CIFAR_PIXELS } from './cifarFormat.js';
import { readCheckpoint, restoreWeights } from './checkpointFile.js';
import { fillBatch } from './fillBatch.js';
import { concatImages } from './imageSets.js';
import { readCifarFile } from './readCifarFile.js';
import { readRunState, runPaths } from './RunState.js';
import { useTrainingBackend, type TrainingBackend } from './useTrainingBackend.js';

export interface ModelLayerCheck {
  readonly index: number;
  readonly label: string;
  readonly kind: string;
  readonly inputShape: readonly number[];
  /** `checked`: T·x + b (and its activation) matched within tolerance; `not linear`: ReLU and max pooling have no matrix. */
  readonly status: 'checked' | 'failed' | 'not linear';
  readonly maxAbsError?: number;
  readonly maxRelError?: number;
  readonly tolerance?: Tolerance;
  /** Why a layer could not be checked at all (weights that are not finite, say). */
  readonly reason?: string;
}

export interface ModelVerification {
  readonly ok: boolean;
  readonly out: string;
  readonly configuration: string;
  readonly images: number;
  readonly testFiles: readonly string[];
  readonly backend: TrainingBackend;
  readonly layers: readonly ModelLayerCheck[];
}

export interface VerifyModelOptions {
  /** How many test images (the first ones) to run through the network. Default 8. */
  readonly images?: number;
  /** Where to find the test files when they moved since training (their names are kept). */
  readonly data?: string;
  readonly backend?: BackendChoice;
  readonly device?: DeviceChoice;
}

/**
 * `layerproof verify-model runs/NAME`: loads the tested model of a run, and for every linear
 * layer builds its explicit operator from the trained weights (`toOperator` + `layerWeights`)
 * and checks, on real test images propagated through the trained network, that the
 * TensorFlow.js layer equals act(T·x + b) within the float32 accumulation tolerance. Numerical
 * evidence on those images, not a proof.
 */
export async function verifyModel(out: string, options: VerifyModelOptions = {}): Promise<ModelVerification> {
  const op = 'verifyModel';
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
  const count = options.images ?? 8;
  if (!Number.isInteger(count) || count < 1) throw LayerproofError.invalid({ op, argument: 'options.images', value: count, expected: 'a positive integer' });
  const backend = await useTrainingBackend({
    ...(options.backend !== undefined && { backend: options.backend }),
    ...(options.device !== undefined && { device: options.device }),
  });
  const testFiles = state.files.test.map((f) => {
    if (options.data !== undefined) return join(resolve(options.data), basename(f));
    return f;
  });
  const test = concatImages(testFiles.map((f) => readCifarFile(f)));
  const n = Math.min(count, test.count);
  const pixels = new Float32Array(n * CIFAR_PIXELS);
  fillBatch(test, Int32Array.from({ length: n }, (_v, i) => i), state.normalisation, pixels);

  const model = createModel(config.spec);
  const saved = readCheckpoint(modelPath);
  try {
    restoreWeights(model, saved.weights, modelPath);
  } finally {
    tf.dispose(saved.weights);
    tf.dispose(saved.optimizer.map((t) => t.tensor));
  }
  const inferred = inferShapes(config.spec);
  const layers: ModelLayerCheck[] = [];
  let x: tf.Tensor = tf.tensor4d(pixels, [n, 32, 32, 3]);
  try {
    for (const [i, layer] of inferred.entries()) {
      const tfLayer = model.layers[i];
      if (tfLayer === undefined) throw new Error(`verifyModel: the model has no layer ${i + 1}`);
      const base = { index: layer.index, label: layer.label, kind: layer.spec.kind, inputShape: layer.inputShape };
      if (isAffine(layer.spec)) {
        try {
          const result = await verifyLayer({ spec: layer.spec, inputShape: layer.inputShape, layer: tfLayer }, x);
          layers.push({ ...base, status: result.ok ? 'checked' : 'failed', maxAbsError: result.maxAbsError, maxRelError: result.maxRelError, tolerance: result.tolerance });
        } catch (error) {
          // Weights the operator refuses (NaN or infinite, after a divergence): the layer fails, the others are still checked.
          if (!(error instanceof LayerproofError)) throw error;
          layers.push({ ...base, status: 'failed', reason: error.message });
        }
      } else {
        layers.push({ ...base, status: 'not linear' });
      }
      const y = tfLayer.apply(x, { training: false });
      if (!(y instanceof tf.Tensor)) throw new Error(`verifyModel: layer ${i + 1} gave no tensor`);
      x.dispose();
      x = y;
    }
  } finally {
    x.dispose();
    model.dispose();
  }
  return {
    ok: layers.every((l) => l.status !== 'failed'),
    out: dir, configuration: config.id, images: n, testFiles, backend, layers,
  };
}
