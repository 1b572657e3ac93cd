import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { ConfigurationProgress, EpochMetrics } from './EpochMetrics.js';
import type { Normalisation } from './normalisation.js';
import type { SearchKind } from './searchConfigurations.js';
import type { TrainingConfiguration } from './TrainingConfiguration.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** The options a run was started with, as stored in run.json (a resumed run uses these). */
export interface StoredTrainOptions {
  readonly data: string;
  readonly testFiles?: readonly string[];
  readonly model: string;
  readonly search: SearchKind;
  readonly budget?: number;
  readonly kernels?: readonly number[];
  readonly learningRates?: readonly number[];
  readonly optimizer?: TrainingConfiguration['optimizer'];
  readonly schedule?: TrainingConfiguration['schedule'];
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly weightDecay?: number;
  readonly labelSmoothing?: number;
  readonly augment?: boolean;
  readonly seed: number;
  readonly validationFraction: number;
  readonly retrain: boolean;
  readonly images: readonly number[];
  readonly subset?: number;
}

export interface ConfigurationRecord {
  readonly status: 'pending' | 'running' | 'done' | 'diverged';
  readonly epochs: number;
  readonly best?: ConfigurationProgress['best'];
  readonly diverged?: ConfigurationProgress['diverged'];
  readonly trainSeconds: number;
  readonly imagesTrained: number;
}

/** Everything a run needs to resume, and everything verify-model needs to rebuild the tested model. */
export interface RunState {
  readonly version: 1;
  readonly createdAt: string;
  readonly options: StoredTrainOptions;
  readonly files: { readonly dir: string; readonly train: readonly string[]; readonly test: readonly string[]; readonly meta?: string };
  readonly classNames: readonly string[];
  readonly split: {
    readonly seed: number;
    readonly validationFraction: number;
    readonly poolCount: number;
    readonly trainCount: number;
    readonly validationCount: number;
    readonly trainPerClass: readonly number[];
    readonly validationPerClass: readonly number[];
    /** FNV-1a of the validation indices: a resumed run must draw the same split. */
    readonly validationChecksum: string;
  };
  readonly normalisation: Normalisation;
  readonly configurations: readonly TrainingConfiguration[];
  readonly results: Readonly<Record<string, ConfigurationRecord>>;
  readonly metrics: readonly EpochMetrics[];
  readonly phase: 'search' | 'retrain' | 'test' | 'done';
  readonly chosen?: { readonly configuration: string; readonly validationAccuracy: number; readonly epoch: number; readonly retrained: boolean };
  readonly retrain?: ConfigurationRecord;
  /** Wall seconds of all sessions of this run together. */
  readonly wallSeconds: number;
  readonly sessions: readonly {
    readonly startedAt: string; readonly backend: string; readonly device: string; readonly description: string;
    /** Configurations trained at once in this session's search. */
    readonly workers?: number;
  }[];
}

/** Paths inside a run folder. */
export function runPaths(out: string): {
  state: string; metrics: string; report: string; html: string; model: string; checkpoints: string; figures: string; featureMaps: string;
} {
  return {
    state: join(out, 'run.json'),
    metrics: join(out, 'metrics.jsonl'),
    report: join(out, 'report.json'),
    html: join(out, 'report.html'),
    model: join(out, 'model.ckpt'),
    checkpoints: join(out, 'checkpoints'),
    figures: join(out, 'figures'),
    featureMaps: join(out, 'feature-maps'),
  };
}

export function readRunState(out: string): RunState {
  const path = runPaths(out).state;
  if (!existsSync(path)) {
    throw new LayerproofError(
      `Error in readRunState: ${out} holds no run (no run.json). Valid: the --out folder of a run of layerproof train.`,
      { op: 'readRunState', argument: 'out', value: out },
    );
  }
  const state = JSON.parse(readFileSync(path, 'utf8')) as RunState;
  if (state.version !== 1) {
    throw LayerproofError.invalid({ op: 'readRunState', argument: `${path}: version`, value: state.version, expected: '1 (written by this version of layerproof)' });
  }
  return state;
}

/** run.json and metrics.jsonl (one line per epoch per configuration), both written atomically. */
export function writeRunState(out: string, state: RunState): void {
  const paths = runPaths(out);
  writeFileAtomic(paths.state, `${JSON.stringify(state, null, 2)}\n`);
  // Grouped by phase, configuration and epoch, whatever order parallel workers finished in.
  const rank = (m: RunState['metrics'][number]): string => `${m.phase === 'search' ? 0 : 1} ${m.configuration} ${String(m.epoch).padStart(6, '0')}`;
  const lines = [...state.metrics].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0)).map((m) => JSON.stringify(m));
  writeFileAtomic(paths.metrics, lines.join('\n') + (lines.length > 0 ? '\n' : ''));
}
