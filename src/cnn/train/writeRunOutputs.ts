import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../../version.js';
import { createModel } from '../tfjs/createModel.js';
import { tf } from '../../tfjs/tf.js';
import type { ModelLipschitz } from '../../spectrum/model/modelLipschitz.js';
import type { ShiftConsistency } from '../../symmetry/shiftConsistency.js';
import { CIFAR_CHANNELS, CIFAR_IMAGE_SIZE, CIFAR_PIXELS, type CifarImages } from './cifarFormat.js';
import { readCheckpoint, restoreWeights } from './checkpointFile.js';
import { evaluateModel } from './evaluateModel.js';
import { fillBatch } from './fillBatch.js';
import { configurationCurvesSpec, confusionMatrixSpec, overviewCurvesSpec } from './learningCurveCharts.js';
import { renderChart } from './renderChart.js';
import { runCommentary } from './runCommentary.js';
import { runPaths, type RunState } from './RunState.js';
import type { TrainingObserver } from './trainConfiguration.js';
import { describeConfiguration, type TrainingConfiguration } from './TrainingConfiguration.js';
import type { TrainingBackend } from './useTrainingBackend.js';
import { writeFeatureMaps, type FeatureMaps } from './writeFeatureMaps.js';
import { writeFileAtomic } from './writeFileAtomic.js';
import { writeReportHtml, type ReportAnalyses } from './writeReportHtml.js';

/** report.json: the run's one honest result and how it was obtained. */
export interface RunReport {
  readonly version: string;
  readonly model: string;
  readonly chosen: {
    readonly configuration: TrainingConfiguration;
    readonly description: string;
    readonly bestEpoch: number;
    readonly retrained: boolean;
  };
  /** Best validation accuracy of the chosen configuration, in [0, 1]. */
  readonly validationAccuracy: number;
  /** Accuracy of the chosen model on the test files, read once after the choice, in [0, 1]. */
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly testImages: number;
  readonly classNames: readonly string[];
  readonly perClassAccuracy: Readonly<Record<string, number>>;
  /** `confusionMatrix[t][p]`: test images of true class t predicted as p. */
  readonly confusionMatrix: readonly (readonly number[])[];
  readonly configurations: readonly {
    readonly id: string;
    readonly description: string;
    readonly status: string;
    readonly bestValidationAccuracy?: number;
    readonly bestEpoch?: number;
    readonly epochs: number;
    readonly imagesPerSecond: number;
    readonly trainSeconds: number;
    readonly diverged?: { readonly epoch: number; readonly batch: number; readonly loss: number };
  }[];
  /** Training images per second of one training process, over every configuration (and the retraining). */
  readonly imagesPerSecond: number;
  /** Most configurations trained at once (processes) in the search; the search's throughput was about this many times `imagesPerSecond`. */
  readonly workers: number;
  readonly backend: string;
  readonly device: string;
  readonly backendDescription: string;
  readonly seed: number;
  readonly wallSeconds: number;
  readonly split: RunState['split'];
  readonly files: RunState['files'];
  readonly figures: readonly string[];
  readonly featureMaps: FeatureMaps;
  readonly commentary: readonly string[];
  /** The tested model's Lipschitz bound (ℓ₂, input to logits) and each affine layer's certified ‖T‖₂ (`layerproof spectrum`'s engine). */
  readonly lipschitz?: {
    readonly bound?: number;
    readonly note: string;
    readonly layers: readonly { readonly name: string; readonly kind: string; readonly lower: number; readonly upper: number; readonly exact: boolean; readonly method: string }[];
  };
  /** Why there is no `lipschitz`. */
  readonly lipschitzSkipped?: string;
  /** Zhang's shift consistency of the tested model on the first test images (at most `SHIFT_IMAGES`). */
  readonly shiftConsistency?: Pick<ShiftConsistency, 'images' | 'seed' | 'shifts' | 'flips'>;
  /** Why there is no `shiftConsistency`. */
  readonly shiftConsistencySkipped?: string;
}

/** Test images shift consistency is measured on: 11 passes over each (4 sizes × 2 modes, 2 flips, the image), so a few hundred at most. */
export const SHIFT_IMAGES = 256;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The analyses beside the result: the Lipschitz bound and Zhang's shift consistency. Each is loaded
 * on first use (the trainer sits below src/spectrum and src/symmetry, which import the model code)
 * and may fail without failing the run: the report then says why.
 */
async function analyseModel(model: tf.LayersModel, test: CifarImages, state: RunState, observer: TrainingObserver | undefined): Promise<{ spectrum: ModelLipschitz | string; shifts: ShiftConsistency | string }> {
  let spectrum: ModelLipschitz | string;
  try {
    observer?.onMessage?.("bounding each layer's operator norm and the network's Lipschitz constant");
    const { modelLipschitz } = await import('../../spectrum/model/modelLipschitz.js');
    spectrum = await modelLipschitz(model);
  } catch (error) {
    spectrum = message(error);
  }
  let shifts: ShiftConsistency | string;
  try {
    const n = Math.min(SHIFT_IMAGES, test.count);
    observer?.onMessage?.(`measuring shift consistency on ${n} test images`);
    const pixels = new Float32Array(n * CIFAR_PIXELS);
    fillBatch(test, Int32Array.from({ length: n }, (_v, i) => i), state.normalisation, pixels);
    const { shiftConsistency } = await import('../../symmetry/shiftConsistency.js');
    shifts = await shiftConsistency(model, { data: pixels, shape: [n, CIFAR_IMAGE_SIZE, CIFAR_IMAGE_SIZE, CIFAR_CHANNELS] });
  } catch (error) {
    shifts = message(error);
  }
  return { spectrum, shifts };
}

/**
 * Evaluates the tested model (model.ckpt) on the test images, once, and writes every
 * output: report.json, the learning curves (one per configuration and an overview), the
 * confusion matrix, the feature maps, and report.html.
 */
export async function writeRunOutputs(input: {
  readonly out: string; readonly state: RunState; readonly test: CifarImages; readonly backend: TrainingBackend;
  readonly wallSeconds: () => number; readonly observer?: TrainingObserver;
}): Promise<RunReport> {
  const { out, state, test, backend } = input;
  const paths = runPaths(out);
  const chosen = state.chosen;
  const config = state.configurations.find((c) => c.id === chosen?.configuration);
  if (chosen === undefined || config === undefined) throw new Error('writeRunOutputs: the run has no chosen configuration');
  const model = createModel(config.spec);
  const saved = readCheckpoint(paths.model);
  try {
    restoreWeights(model, saved.weights, paths.model);
  } finally {
    tf.dispose(saved.weights);
    tf.dispose(saved.optimizer.map((n) => n.tensor));
  }
  try {
    const evaluation = await evaluateModel(model, test, state.normalisation);

    mkdirSync(paths.figures, { recursive: true });
    const figures: string[] = [];
    const save = async (name: string, spec: Parameters<typeof renderChart>[0]): Promise<void> => {
      const chart = await renderChart(spec);
      writeFileSync(join(paths.figures, `${name}.svg`), chart.svg);
      writeFileSync(join(paths.figures, `${name}.png`), chart.png);
      figures.push(`figures/${name}.svg`, `figures/${name}.png`);
    };
    for (const c of state.configurations) {
      const metrics = state.metrics.filter((m) => m.configuration === c.id && m.phase === 'search');
      if (metrics.length > 0) await save(`learning-curves-${c.id}`, configurationCurvesSpec(describeConfiguration(c), metrics));
    }
    const retrain = state.metrics.filter((m) => m.phase === 'retrain');
    if (retrain.length > 0) await save('learning-curves-retrain', configurationCurvesSpec(`${config.id} retrained on training + validation`, retrain));
    await save('learning-curves', overviewCurvesSpec(state.metrics));
    await save('confusion-matrix', confusionMatrixSpec(evaluation.confusion, state.classNames, `Test set: ${(100 * evaluation.accuracy).toFixed(1)}% of ${evaluation.images} images`));

    const images = state.options.images.filter((i) => i < test.count);
    const maps = await writeFeatureMaps(out, model, config.spec, test, images, state.normalisation, state.classNames);
    const commentary = runCommentary(config, maps, state.metrics.filter((m) => m.configuration === config.id && m.phase === 'search'), chosen.retrained);

    const { spectrum, shifts } = await analyseModel(model, test, state, input.observer);
    let shiftFigure: string | undefined;
    if (typeof shifts !== 'string') {
      try {
        await save('shift-consistency', shifts.chart);
        shiftFigure = 'figures/shift-consistency.svg';
      } catch (error) {
        input.observer?.onMessage?.(`the shift-consistency chart could not be drawn: ${message(error)}`);
      }
    }

    const records = state.configurations.map((c) => ({ c, r: state.results[c.id] }));
    const seconds = records.reduce((s, { r }) => s + (r?.trainSeconds ?? 0), 0) + (state.retrain?.trainSeconds ?? 0);
    const trained = records.reduce((s, { r }) => s + (r?.imagesTrained ?? 0), 0) + (state.retrain?.imagesTrained ?? 0);
    const report: RunReport = {
      version,
      model: state.options.model,
      chosen: { configuration: config, description: describeConfiguration(config), bestEpoch: chosen.epoch, retrained: chosen.retrained },
      validationAccuracy: chosen.validationAccuracy,
      testAccuracy: evaluation.accuracy,
      testLoss: evaluation.loss,
      testImages: evaluation.images,
      classNames: state.classNames,
      perClassAccuracy: Object.fromEntries(state.classNames.map((name, k) => [name, evaluation.perClass[k] ?? NaN])),
      confusionMatrix: evaluation.confusion,
      configurations: records.map(({ c, r }) => ({
        id: c.id, description: describeConfiguration(c), status: r?.status ?? 'pending', epochs: r?.epochs ?? 0,
        imagesPerSecond: (r?.imagesTrained ?? 0) / Math.max(r?.trainSeconds ?? 0, 1e-9), trainSeconds: r?.trainSeconds ?? 0,
        ...(r?.best !== undefined && { bestValidationAccuracy: r.best.validationAccuracy, bestEpoch: r.best.epoch }),
        ...(r?.diverged !== undefined && { diverged: r.diverged }),
      })),
      imagesPerSecond: trained / Math.max(seconds, 1e-9),
      workers: Math.max(1, ...state.sessions.map((x) => x.workers ?? 1)),
      backend: backend.backend,
      device: backend.device,
      backendDescription: backend.description,
      seed: state.options.seed,
      wallSeconds: input.wallSeconds(),
      split: state.split,
      files: state.files,
      figures,
      featureMaps: maps,
      commentary,
      ...(typeof spectrum === 'string' ? { lipschitzSkipped: spectrum } : {
        lipschitz: {
          ...(spectrum.bound !== undefined && { bound: spectrum.bound }),
          note: spectrum.bound === undefined ? `no bound: ${spectrum.noBound.map((b) => `${b.layer} (${b.reason})`).join('; ')}` : spectrum.logits.note,
          layers: spectrum.layers.flatMap((l) => (l.norm === undefined ? [] : [{ name: l.name, kind: l.kind, lower: l.norm.lower, upper: l.norm.upper, exact: l.norm.exact, method: l.norm.method }])),
        },
      }),
      ...(typeof shifts === 'string' ? { shiftConsistencySkipped: shifts } : { shiftConsistency: { images: shifts.images, seed: shifts.seed, shifts: shifts.shifts, flips: shifts.flips } }),
    };
    const analyses: ReportAnalyses = {
      spectrum,
      shifts: typeof shifts === 'string' ? shifts : { result: shifts, ...(shiftFigure !== undefined && { figure: shiftFigure }) },
    };
    writeFileAtomic(paths.report, `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    writeFileAtomic(paths.html, writeReportHtml(report, state, analyses));
    return report;
  } finally {
    model.dispose();
  }
}
