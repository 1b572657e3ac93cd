import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../core/rng.js';
import { createModel } from '../tfjs/createModel.js';
import { tf } from '../../tfjs/tf.js';
import { CIFAR_CLASSES, CIFAR_PIXELS, type CifarImages } from './cifarFormat.js';
import { readCheckpoint, restoreWeights, writeCheckpoint } from './checkpointFile.js';
import { createOptimizer } from './createOptimizer.js';
import { freshProgress, type ConfigurationProgress, type EpochMetrics } from './EpochMetrics.js';
import { evaluateModel } from './evaluateModel.js';
import { fillBatch } from './fillBatch.js';
import { initializeWeights } from './initializeWeights.js';
import { learningRateAt } from './learningRateAt.js';
import { mixSeed } from './mixSeed.js';
import type { Normalisation } from './normalisation.js';
import { shuffle } from './stratifiedSplit.js';
import type { TrainingConfiguration } from './TrainingConfiguration.js';


/**
 * A loss above this counts as divergence even while it is finite: cross-entropy over ten
 * classes starts near ln 10 ≈ 2.3, so 10⁴ means logits of order 10⁴, a run that has blown up
 * (a huge learning rate can leave every ReLU dead and the loss finite but enormous).
 */
export const DIVERGED_LOSS = 1e4;

/** What the trainer reports while it runs (progress bars, logs, tests). */
export interface TrainingObserver {
  onConfigurationStart?(event: { readonly configuration: TrainingConfiguration; readonly phase: EpochMetrics['phase']; readonly resumedAt?: { epoch: number; batch: number } }): void;
  onBatch?(event: {
    readonly configuration: TrainingConfiguration; readonly phase: EpochMetrics['phase']; readonly epoch: number;
    readonly batch: number; readonly batches: number; readonly loss: number; readonly imagesPerSecond: number;
    /** Indices (into the training files' images) of the batch just trained on. */
    readonly indices: readonly number[];
  }): void;
  onEpoch?(metrics: EpochMetrics): void;
  onMessage?(text: string): void;
}

export interface TrainConfigurationInput {
  readonly configuration: TrainingConfiguration;
  readonly phase: EpochMetrics['phase'];
  /** The pool the indices point into (the training files). */
  readonly images: CifarImages;
  readonly trainIndices: Int32Array;
  /** Validation indices; none when retraining on training + validation. */
  readonly validationIndices?: Int32Array;
  readonly normalisation: Normalisation;
  readonly seed: number;
  /** Folder of this configuration's checkpoints (`last.ckpt`, `best.ckpt`). */
  readonly dir: string;
  /** Continue from `last.ckpt` when there is one. */
  readonly resume: boolean;
  /** Aborting stops after the current batch; the last checkpoint then holds the position. */
  readonly signal?: AbortSignal;
  readonly observer?: TrainingObserver;
}

export interface ConfigurationOutcome {
  readonly status: 'done' | 'diverged' | 'interrupted';
  readonly progress: ConfigurationProgress;
}

/** Checkpoint state: the configuration it belongs to, and where it stands. */
export interface CheckpointState {
  readonly configuration: string;
  readonly phase: EpochMetrics['phase'];
  readonly progress: ConfigurationProgress;
}

/** Padding of the random crop (the standard 4 pixels). */
const CROP_PAD = 4;

/**
 * Trains one configuration: seeded shuffles and augmentation per (epoch, batch), the
 * configuration's optimizer and schedule, validation at inference after every epoch, the
 * best and the last checkpoint, a NaN guard that stops a diverging run and records where.
 */
export async function trainConfiguration(input: TrainConfigurationInput): Promise<ConfigurationOutcome> {
  const { configuration: config, phase, images, trainIndices, normalisation, seed, observer } = input;
  const lastPath = join(input.dir, 'last.ckpt');
  const bestPath = join(input.dir, 'best.ckpt');
  const model = createModel(config.spec);
  const opt = createOptimizer(config.optimizer, config.learningRate);
  try {
    initializeWeights(model, createRng(mixSeed(seed, config.id, phase, 'init')));
    let progress = freshProgress();
    if (input.resume && existsSync(lastPath)) {
      const saved = readCheckpoint<CheckpointState>(lastPath);
      try {
        restoreWeights(model, saved.weights, lastPath);
        if (saved.optimizer.length > 0) await opt.optimizer.setWeights(saved.optimizer);
      } finally {
        tf.dispose(saved.weights);
        tf.dispose(saved.optimizer.map((n) => n.tensor));
      }
      progress = saved.state.progress;
    }
    if (progress.diverged !== undefined) return { status: 'diverged', progress };
    if (progress.epoch >= config.epochs) return { status: 'done', progress };
    observer?.onConfigurationStart?.({
      configuration: config, phase,
      ...(progress.epoch > 0 || progress.batch > 0 ? { resumedAt: { epoch: progress.epoch, batch: progress.batch } } : {}),
    });

    const vars = model.trainableWeights.map((w) => w.read()).filter((t): t is tf.Variable => t instanceof tf.Variable);
    const kernels = model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => w.read());
    const n = trainIndices.length;
    const batches = Math.ceil(n / config.batchSize);
    const totalSteps = batches * config.epochs;
    // Two of each: while the device runs batch b, the CPU fills batch b + 1 into the other.
    const buffers = [0, 1].map(() => new Float32Array(config.batchSize * CIFAR_PIXELS));
    const labelBuffers = [0, 1].map(() => new Int32Array(config.batchSize));

    for (let epoch = progress.epoch; epoch < config.epochs; epoch++) {
      const order = shuffle(Array.from(trainIndices), createRng(mixSeed(seed, config.id, phase, 'epoch', epoch)));
      let { lossSum, correct, seen, seconds } = progress.partial;
      let learningRate = config.learningRate;
      const prepare = (b: number): PreparedBatch => {
        const idx = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
        const m = idx.length;
        const pixels = (buffers[b % 2] as Float32Array).subarray(0, m * CIFAR_PIXELS);
        const labels = (labelBuffers[b % 2] as Int32Array).subarray(0, m);
        fillBatch(images, idx, normalisation, pixels, config.augment
          ? { augmentation: { pad: CROP_PAD, flip: true }, rng: createRng(mixSeed(seed, config.id, phase, 'augment', epoch, b)) }
          : undefined);
        for (let k = 0; k < m; k++) labels[k] = images.labels[idx[k] as number] as number;
        return { idx, pixels, labels };
      };
      let prepared: PreparedBatch | undefined;
      for (let b = progress.batch; b < batches; b++) {
        // Let the event loop turn between batches: on the cpu backend every await resolves as a
        // microtask, and without this a Ctrl-C (a signal handler) would only run after training.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (input.signal?.aborted === true) {
          await writeCheckpoint(lastPath, { configuration: config.id, phase, progress }, model, opt.optimizer);
          return { status: 'interrupted', progress };
        }
        const t0 = performance.now();
        const { idx, pixels, labels } = prepared ?? prepare(b);
        const m = idx.length;
        learningRate = learningRateAt(config.schedule, config.learningRate, progress.step, totalSteps);
        opt.setLearningRate(learningRate);
        // trainBatch records the step on the device before its first await; the next batch is
        // filled while the device computes (on cpu and wasm the step has already run by then).
        const pending = trainBatch(model, opt.optimizer, vars, kernels, pixels, labels, config);
        pending.catch(() => undefined); // awaited below; this only keeps a failure there from also counting as unhandled
        prepared = b + 1 < batches ? prepare(b + 1) : undefined;
        const result = await pending;
        const dt = (performance.now() - t0) / 1000;
        if (!Number.isFinite(result.loss) || result.loss > DIVERGED_LOSS) {
          progress = { ...progress, diverged: { epoch: epoch + 1, batch: b + 1, loss: result.loss } };
          // The weights are no longer finite: keep the last good checkpoint's weights, record the divergence.
          const good = existsSync(lastPath) ? readCheckpoint<CheckpointState>(lastPath) : undefined;
          if (good !== undefined) {
            restoreWeights(model, good.weights, lastPath);
            tf.dispose(good.weights);
            tf.dispose(good.optimizer.map((t) => t.tensor));
          }
          await writeCheckpoint(lastPath, { configuration: config.id, phase, progress }, model);
          observer?.onMessage?.(`${config.id}: the loss became ${result.loss}${Number.isFinite(result.loss) ? ` (above ${DIVERGED_LOSS})` : ''} at epoch ${epoch + 1}, batch ${b + 1} (learning rate ${learningRate.toPrecision(3)}); the NaN guard stopped this configuration.`);
          return { status: 'diverged', progress };
        }
        lossSum += result.loss * m;
        correct += result.correct;
        seen += m;
        seconds += dt;
        progress = {
          ...progress, batch: b + 1, step: progress.step + 1, partial: { lossSum, correct, seen, seconds },
          trainSeconds: progress.trainSeconds + dt, imagesTrained: progress.imagesTrained + m,
        };
        observer?.onBatch?.({ configuration: config, phase, epoch: epoch + 1, batch: b + 1, batches, loss: lossSum / seen, imagesPerSecond: seen / Math.max(seconds, 1e-9), indices: idx });
      }
      const validation = input.validationIndices === undefined || input.validationIndices.length === 0
        ? undefined
        : await evaluateModel(model, images, normalisation, { indices: input.validationIndices });
      const metrics: EpochMetrics = {
        configuration: config.id, phase, epoch: epoch + 1,
        trainLoss: lossSum / Math.max(1, seen), trainAccuracy: correct / Math.max(1, seen),
        ...(validation !== undefined && { validationLoss: validation.loss, validationAccuracy: validation.accuracy }),
        learningRate, seconds, imagesPerSecond: seen / Math.max(seconds, 1e-9),
      };
      const isBest = validation !== undefined && (progress.best === undefined || validation.accuracy > progress.best.validationAccuracy);
      progress = {
        ...progress, epoch: epoch + 1, batch: 0, partial: { lossSum: 0, correct: 0, seen: 0, seconds: 0 }, metrics: [...progress.metrics, metrics],
        ...(isBest && { best: { epoch: epoch + 1, validationAccuracy: validation.accuracy, validationLoss: validation.loss } }),
      };
      if (isBest) await writeCheckpoint(bestPath, { configuration: config.id, phase, progress }, model);
      await writeCheckpoint(lastPath, { configuration: config.id, phase, progress }, model, opt.optimizer);
      observer?.onEpoch?.(metrics);
    }
    return { status: 'done', progress };
  } finally {
    model.dispose();
    opt.optimizer.dispose();
  }
}

/** A batch filled into one of the two buffers: its image indices, pixels and labels. */
interface PreparedBatch {
  readonly idx: number[];
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
}

/**
 * One optimizer step on a batch; returns the batch's plain cross-entropy and how many it got
 * right. Everything up to reading those two numbers back runs synchronously, when called.
 */
async function trainBatch(
  model: tf.LayersModel, optimizer: tf.Optimizer, vars: tf.Variable[], kernels: tf.Tensor[],
  pixels: Float32Array, labels: Int32Array, config: TrainingConfiguration,
): Promise<{ loss: number; correct: number }> {
  const m = labels.length;
  const x = tf.tensor4d(pixels, [m, 32, 32, 3]);
  const y = tf.tensor1d(labels, 'int32');
  const oneHot = tf.oneHot(y, CIFAR_CLASSES);
  // Kept out of minimize's tidy to read after the step.
  const kept: { plain?: tf.Tensor; correct?: tf.Tensor } = {};
  let cost: tf.Scalar | null = null;
  try {
    cost = optimizer.minimize(() => {
      const logits = model.apply(x, { training: true }) as tf.Tensor;
      const smoothed = tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, config.labelSmoothing);
      kept.plain = tf.keep(config.labelSmoothing > 0 ? tf.losses.softmaxCrossEntropy(oneHot, logits) : smoothed.clone());
      kept.correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'int32')));
      if (config.weightDecay > 0 && kernels.length > 0) {
        const l2 = tf.addN(kernels.map((k) => tf.sum(tf.square(k))));
        return smoothed.add(l2.mul(config.weightDecay / 2)).asScalar();
      }
      return smoothed.asScalar();
    }, true, vars);
    const [lossValue, correctValue] = await Promise.all([kept.plain?.data(), kept.correct?.data()]);
    return { loss: lossValue?.[0] ?? NaN, correct: correctValue?.[0] ?? 0 };
  } finally {
    tf.dispose([x, y, oneHot, ...(kept.plain === undefined ? [] : [kept.plain]), ...(kept.correct === undefined ? [] : [kept.correct]), ...(cost === null ? [] : [cost])]);
  }
}
