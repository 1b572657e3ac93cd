import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { BackendChoice, DeviceChoice } from '../backends/selectBackend.js';
import { CIFAR_CLASSES, type CifarImages } from './cifarFormat.js';
import type { ConfigurationProgress } from './EpochMetrics.js';
import { concatImages, selectImages } from './imageSets.js';
import { locateCifarFiles } from './locateCifarFiles.js';
import { computeNormalisation } from './normalisation.js';
import { readCifarFile } from './readCifarFile.js';
import { readClassNames } from './readClassNames.js';
import { writeRunOutputs, type RunReport } from './writeRunOutputs.js';
import { readRunState, runPaths, writeRunState, type ConfigurationRecord, type RunState, type StoredTrainOptions } from './RunState.js';
import { searchConfigurations, type SearchOptions } from './searchConfigurations.js';
import { stratifiedSplit } from './stratifiedSplit.js';
import { runConfigurationInWorker } from './runConfigurationInWorker.js';
import { trainConfiguration, type TrainingObserver } from './trainConfiguration.js';
import type { TrainingConfiguration } from './TrainingConfiguration.js';
import { useTrainingBackend, type TrainingBackend } from './useTrainingBackend.js';

export interface TrainOptions extends SearchOptions {
  /** Folder with the CIFAR-10 binary files. */
  readonly data: string;
  /** Run folder (default `runs/<model>-<search>`). */
  readonly out: string;
  /** Test files (default `test_batch.bin` of `data`); these are left out of training. */
  readonly testFiles?: readonly string[];
  /** Fraction of the training files held out for validation, stratified by class. Default 0.1 (5,000 of 50,000). */
  readonly validationFraction?: number;
  /** Seeds the split, shuffles, augmentation, weight initialisation and random search. Default 0. */
  readonly seed?: number;
  /** Retrain the chosen configuration on training + validation before the test. Default false. */
  readonly retrain?: boolean;
  /** Continue the run in `out` from its last checkpoint (its stored options win). */
  readonly resume?: boolean;
  /** Test images whose feature maps are drawn. Default [0, 1]. */
  readonly images?: readonly number[];
  /** Use only the first N images of the training files and of the test files (smoke runs). */
  readonly subset?: number;
  readonly backend?: BackendChoice;
  readonly device?: DeviceChoice;
  /**
   * Configurations of the search trained at once, each in its own process. Default 1.
   * wasm and cpu use one core per model, so on a CPU this is worth the number of cores;
   * `auto` takes the number of cores for wasm and cpu, 1 for the others.
   */
  readonly workers?: number | 'auto';
  /** Aborting (Ctrl-C) stops after the current batch, with the position saved for `resume`. */
  readonly signal?: AbortSignal;
  readonly observer?: TrainingObserver;
  /** Called before each data file's contents are read, with its role: lets a test check the test files are read last. */
  readonly onFileRead?: (path: string, role: 'train' | 'test') => void;
  /** Called once the configuration is chosen, before the test files are read. */
  readonly onChosen?: (configuration: TrainingConfiguration) => void;
}

export interface TrainResult {
  readonly status: 'done' | 'interrupted';
  readonly out: string;
  readonly backend: TrainingBackend;
  /** Present when done. */
  readonly report?: RunReport;
}

/**
 * `layerproof train`: read the training files, split off a stratified validation set,
 * train every configuration of the search on the training split (validating every epoch),
 * choose by validation accuracy, optionally retrain on training + validation, and only then
 * read the test files and evaluate the chosen model on them once. Writes the run folder
 * (metrics.jsonl, report.json, figures, feature maps, report.html, checkpoints).
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const started = performance.now();
  const out = resolve(options.out);
  const paths = runPaths(out);
  const backend = await useTrainingBackend({
    ...(options.backend !== undefined && { backend: options.backend }),
    ...(options.device !== undefined && { device: options.device }),
  });
  options.observer?.onMessage?.(backend.description);

  let state: RunState;
  let pool: CifarImages;
  let trainIndices: Int32Array;
  let validationIndices: Int32Array;
  const readTraining = (files: readonly string[], subset: number | undefined): CifarImages => {
    const sets = files.map((f) => {
      options.onFileRead?.(f, 'train');
      return readCifarFile(f);
    });
    const all = concatImages(sets);
    return subset === undefined || subset >= all.count ? all : selectImages(all, Int32Array.from({ length: subset }, (_v, i) => i));
  };

  if (options.resume === true) {
    state = readRunState(out);
    if (state.phase === 'done' && existsSync(paths.report)) {
      options.observer?.onMessage?.(`${out} is already complete; nothing to resume`);
      return { status: 'done', out, backend, report: JSON.parse(readFileSync(paths.report, 'utf8')) as RunReport };
    }
    options.observer?.onMessage?.(`resuming ${out} (phase ${state.phase}; its stored options are used)`);
    pool = readTraining(state.files.train, state.options.subset);
    const split = stratifiedSplit(pool.labels, state.split.validationFraction, state.split.seed);
    if (checksum(split.validation) !== state.split.validationChecksum) {
      throw new LayerproofError(
        `Error in train: the training files in ${state.files.dir} no longer give the validation split this run was started with ` +
          `(checksum ${checksum(split.validation)}, stored ${state.split.validationChecksum}); they changed since. Start a new run (another --out).`,
        { op: 'train', argument: 'resume', value: out },
      );
    }
    trainIndices = split.train;
    validationIndices = split.validation;
  } else {
    if (existsSync(paths.state)) {
      throw new LayerproofError(
        `Error in train: ${out} already holds a run. Valid: --resume to continue it, or another --out folder.`,
        { op: 'train', argument: 'out', value: out },
      );
    }
    const stored = storedOptions(options);
    // Shape inference of every configuration before any data is read or anything trained.
    const configurations = searchConfigurations(options);
    const files = locateCifarFiles(options.data, options.testFiles);
    const classNames = readClassNames(files.metaFile);
    pool = readTraining(files.trainFiles, stored.subset);
    const split = stratifiedSplit(pool.labels, stored.validationFraction, stored.seed);
    trainIndices = split.train;
    validationIndices = split.validation;
    const perClass = (indices: Int32Array): number[] => {
      const counts = new Array<number>(CIFAR_CLASSES).fill(0);
      for (const i of indices) counts[pool.labels[i] as number] = (counts[pool.labels[i] as number] as number) + 1;
      return counts;
    };
    state = {
      version: 1,
      createdAt: new Date().toISOString(),
      options: stored,
      files: { dir: files.dir, train: files.trainFiles, test: files.testFiles, ...(files.metaFile !== undefined && { meta: files.metaFile }) },
      classNames,
      split: {
        seed: stored.seed, validationFraction: stored.validationFraction, poolCount: pool.count,
        trainCount: trainIndices.length, validationCount: validationIndices.length,
        trainPerClass: perClass(trainIndices), validationPerClass: perClass(validationIndices),
        validationChecksum: checksum(validationIndices),
      },
      normalisation: computeNormalisation(selectImages(pool, trainIndices)),
      configurations,
      results: Object.fromEntries(configurations.map((c) => [c.id, pendingRecord()])),
      metrics: [],
      phase: 'search',
      wallSeconds: 0,
      sessions: [],
    };
    mkdirSync(out, { recursive: true });
  }
  const wallBefore = state.wallSeconds;
  const wall = (): number => wallBefore + (performance.now() - started) / 1000;
  state = { ...state, sessions: [...state.sessions, { startedAt: new Date().toISOString(), backend: backend.backend, device: backend.device, description: backend.description }] };
  writeRunState(out, state);

  const record = (progress: ConfigurationProgress, status: ConfigurationRecord['status']): ConfigurationRecord => ({
    status, epochs: progress.epoch, trainSeconds: progress.trainSeconds, imagesTrained: progress.imagesTrained,
    ...(progress.best !== undefined && { best: progress.best }),
    ...(progress.diverged !== undefined && { diverged: progress.diverged }),
  });
  const withMetrics = (s: RunState, id: string, phase: 'search' | 'retrain', progress: ConfigurationProgress): RunState => ({
    ...s,
    metrics: [...s.metrics.filter((m) => !(m.configuration === id && m.phase === phase)), ...progress.metrics],
  });
  const observer = (id: string, phase: 'search' | 'retrain'): TrainingObserver => ({
    ...options.observer,
    onEpoch: (m) => {
      state = { ...state, metrics: [...state.metrics.filter((x) => !(x.configuration === id && x.phase === phase && x.epoch === m.epoch)), m], wallSeconds: wall() };
      writeRunState(out, state);
      options.observer?.onEpoch?.(m);
    },
  });

  // The search: every configuration on the training split, validated every epoch.
  if (state.phase === 'search') {
    const wanted = options.workers ?? 1;
    const workers = wanted === 'auto' ? (backend.backend === 'wasm' || backend.backend === 'cpu' ? availableParallelism() : 1) : wanted;
    if (!Number.isInteger(workers) || workers < 1) throw LayerproofError.invalid({ op: 'train', argument: 'workers', value: workers, expected: 'a positive integer' });
    const pending = state.configurations.filter((c) => {
      const r = state.results[c.id];
      return r === undefined || (r.status !== 'done' && r.status !== 'diverged');
    });
    const lanes = Math.min(workers, pending.length);
    if (lanes > 1) options.observer?.onMessage?.(`training ${lanes} configurations at once, one process each`);
    state = { ...state, sessions: state.sessions.map((x, i) => (i === state.sessions.length - 1 ? { ...x, workers: Math.max(lanes, 1) } : x)) };
    const searchOne = async (config: TrainingConfiguration): Promise<'done' | 'diverged' | 'interrupted'> => {
      state = { ...state, results: { ...state.results, [config.id]: { ...(state.results[config.id] ?? pendingRecord()), status: 'running' } } };
      writeRunState(out, state);
      const input = {
        configuration: config, phase: 'search' as const, images: pool, trainIndices, validationIndices,
        normalisation: state.normalisation, seed: state.options.seed, dir: checkpointDir(out, config.id), resume: true,
      };
      const outcome = lanes > 1
        ? await runConfigurationInWorker({ input, backend: { backend: backend.backend, device: backend.device } }, observer(config.id, 'search'), options.signal)
        : await trainConfiguration({ ...input, ...(options.signal !== undefined && { signal: options.signal }), observer: observer(config.id, 'search') });
      const status = outcome.status === 'interrupted' ? 'running' : outcome.status;
      state = withMetrics({ ...state, results: { ...state.results, [config.id]: record(outcome.progress, status) }, wallSeconds: wall() }, config.id, 'search', outcome.progress);
      writeRunState(out, state);
      return outcome.status;
    };
    let next = 0;
    let interrupted = false;
    await Promise.all(Array.from({ length: lanes }, async () => {
      while (next < pending.length && !interrupted && options.signal?.aborted !== true) {
        const config = pending[next++];
        if (config === undefined) break;
        if ((await searchOne(config)) === 'interrupted') interrupted = true;
      }
    }));
    if (interrupted || next < pending.length) return { status: 'interrupted', out, backend };
    const chosen = choose(state);
    state = { ...state, chosen, phase: state.options.retrain ? 'retrain' : 'test', wallSeconds: wall() };
    writeRunState(out, state);
  }
  const chosen = state.chosen;
  const chosenConfig = state.configurations.find((c) => c.id === chosen?.configuration);
  if (chosen === undefined || chosenConfig === undefined) throw new Error('train: the run has no chosen configuration after the search');

  // Optional retraining of the chosen configuration on training + validation.
  if (state.phase === 'retrain') {
    const all = Int32Array.from([...trainIndices, ...validationIndices]).sort();
    const outcome = await trainConfiguration({
      configuration: chosenConfig, phase: 'retrain', images: pool, trainIndices: all,
      normalisation: state.normalisation, seed: state.options.seed, dir: checkpointDir(out, 'retrain'), resume: true,
      ...(options.signal !== undefined && { signal: options.signal }), observer: observer(chosenConfig.id, 'retrain'),
    });
    const status = outcome.status === 'interrupted' ? 'running' : outcome.status;
    state = withMetrics({ ...state, retrain: record(outcome.progress, status), wallSeconds: wall() }, chosenConfig.id, 'retrain', outcome.progress);
    writeRunState(out, state);
    if (outcome.status === 'interrupted') return { status: 'interrupted', out, backend };
    if (outcome.status === 'diverged') {
      throw new LayerproofError(`Error in train: retraining ${chosenConfig.id} on training + validation diverged; its search run did not. Run again without --retrain.`, { op: 'train' });
    }
    state = { ...state, phase: 'test' };
    writeRunState(out, state);
  }

  // The tested model: the chosen configuration's best epoch, or the retrained one.
  if (state.phase === 'test') {
    const source = chosen.retrained ? join(checkpointDir(out, 'retrain'), 'last.ckpt') : join(checkpointDir(out, chosen.configuration), 'best.ckpt');
    copyFileSync(source, paths.model);
    options.onChosen?.(chosenConfig);
  }

  // Only now are the test files read, once.
  const test = concatImages(state.files.test.map((f) => {
    options.onFileRead?.(f, 'test');
    return readCifarFile(f);
  }));
  const testSet = state.options.subset === undefined || state.options.subset >= test.count
    ? test
    : selectImages(test, Int32Array.from({ length: state.options.subset }, (_v, i) => i));
  state = { ...state, wallSeconds: wall() };
  const report = await writeRunOutputs({ out, state, test: testSet, backend, wallSeconds: wall, ...(options.observer !== undefined && { observer: options.observer }) });
  state = { ...state, phase: 'done', wallSeconds: report.wallSeconds };
  writeRunState(out, state);
  return { status: 'done', out, backend, report };
}

function pendingRecord(): ConfigurationRecord {
  return { status: 'pending', epochs: 0, trainSeconds: 0, imagesTrained: 0 };
}

function checkpointDir(out: string, id: string): string {
  const dir = join(runPaths(out).checkpoints, id);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The configuration with the highest validation accuracy (then the lower validation loss, then the earlier one). */
function choose(state: RunState): NonNullable<RunState['chosen']> {
  let best: { id: string; acc: number; loss: number; epoch: number } | undefined;
  for (const c of state.configurations) {
    const b = state.results[c.id]?.best;
    if (b === undefined) continue;
    if (best === undefined || b.validationAccuracy > best.acc || (b.validationAccuracy === best.acc && b.validationLoss < best.loss)) {
      best = { id: c.id, acc: b.validationAccuracy, loss: b.validationLoss, epoch: b.epoch };
    }
  }
  if (best === undefined) {
    throw new LayerproofError(
      'Error in train: no configuration finished an epoch without diverging, so there is nothing to choose. Valid: lower learning rates (--lr).',
      { op: 'train' },
    );
  }
  return { configuration: best.id, validationAccuracy: best.acc, epoch: best.epoch, retrained: state.options.retrain };
}

function storedOptions(o: TrainOptions): StoredTrainOptions {
  const validationFraction = o.validationFraction ?? 0.1;
  const images = o.images ?? [0, 1];
  for (const i of images) {
    if (!Number.isInteger(i) || i < 0) throw LayerproofError.invalid({ op: 'train', argument: 'images', value: images, expected: 'indices of test images (non-negative integers), e.g. 0,47' });
  }
  if (o.subset !== undefined && (!Number.isInteger(o.subset) || o.subset < 2)) {
    throw LayerproofError.invalid({ op: 'train', argument: 'subset', value: o.subset, expected: 'an integer ≥ 2 (images of the training files to use)' });
  }
  return {
    data: resolve(o.data), model: o.model, search: o.search ?? 'grid', seed: o.seed ?? 0, validationFraction,
    retrain: o.retrain ?? false, images,
    ...(o.testFiles !== undefined && { testFiles: o.testFiles }),
    ...(o.budget !== undefined && { budget: o.budget }),
    ...(o.kernels !== undefined && { kernels: o.kernels }),
    ...(o.learningRates !== undefined && { learningRates: o.learningRates }),
    ...(o.optimizer !== undefined && { optimizer: o.optimizer }),
    ...(o.schedule !== undefined && { schedule: o.schedule }),
    ...(o.batchSize !== undefined && { batchSize: o.batchSize }),
    ...(o.epochs !== undefined && { epochs: o.epochs }),
    ...(o.weightDecay !== undefined && { weightDecay: o.weightDecay }),
    ...(o.labelSmoothing !== undefined && { labelSmoothing: o.labelSmoothing }),
    ...(o.augment !== undefined && { augment: o.augment }),
    ...(o.subset !== undefined && { subset: o.subset }),
  };
}

/** FNV-1a of a list of indices, as 8 hex digits. */
function checksum(indices: Int32Array): string {
  let h = 0x811c9dc5;
  for (const i of indices) {
    h ^= i;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
