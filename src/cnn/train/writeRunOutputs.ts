import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../../version.js';
import { createModel } from '../tfjs/createModel.js';
import { tf } from '../../tfjs/tf.js';
import type { CifarImages } from './cifarFormat.js';
import { readCheckpoint, restoreWeights } from './checkpointFile.js';
import { evaluateModel } from './evaluateModel.js';
import { configurationCurvesSpec, confusionMatrixSpec, overviewCurvesSpec } from './learningCurveCharts.js';
import { renderChart } from './renderChart.js';
import { runCommentary } from './runCommentary.js';
import { runPaths, type RunState } from './RunState.js';
import type { TrainingObserver } from './trainConfiguration.js';
import { describeConfiguration, type TrainingConfiguration } from './TrainingConfiguration.js';
import type { TrainingBackend } from './useTrainingBackend.js';
import { writeFeatureMaps, type FeatureMaps } from './writeFeatureMaps.js';
import { writeFileAtomic } from './writeFileAtomic.js';
import { writeReportHtml } from './writeReportHtml.js';

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
    };
    writeFileAtomic(paths.report, `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    writeFileAtomic(paths.html, writeReportHtml(report, state));
    return report;
  } finally {
    model.dispose();
  }
}
