import { LayerproofError } from '../../core/LayerproofError.js';
import { createRng } from '../../core/rng.js';
import type { ModelSpec } from '../LayerSpec.js';
import { checkClassifierSpec } from './checkClassifierSpec.js';
import { mixSeed } from './mixSeed.js';
import { defaultModelSpec } from './defaultModelSpec.js';
import { lenetSpec, LENET_KERNELS } from './lenetSpec.js';
import { readModelSpecFile } from './readModelSpecFile.js';
import type { OptimizerName, ScheduleName, TrainingConfiguration } from './TrainingConfiguration.js';

export type SearchKind = 'grid' | 'random';

/** What the user fixed; everything left out takes the model's default (see `modelDefaults`). */
export interface SearchOptions {
  /** `lenet`, `default`, or a path to a JSON model spec. */
  readonly model: string;
  readonly search?: SearchKind;
  /** Grid: at most this many configurations; random: exactly this many. */
  readonly budget?: number;
  /** Kernel sizes to search (LeNet, default). */
  readonly kernels?: readonly number[];
  /** Learning rates to search (grid), or the [low, high] range of a log-uniform draw (random). */
  readonly learningRates?: readonly number[];
  readonly optimizer?: OptimizerName;
  readonly schedule?: ScheduleName;
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly weightDecay?: number;
  readonly labelSmoothing?: number;
  readonly augment?: boolean;
  /** Seeds the random search. */
  readonly seed?: number;
}

/** The defaults of each model: the exercise's recipe and grid for LeNet; a recipe that fits 2 CPU cores for `default`. */
export interface ModelDefaults extends Pick<
  TrainingConfiguration,
  'optimizer' | 'schedule' | 'batchSize' | 'epochs' | 'weightDecay' | 'labelSmoothing' | 'augment'
> {
  readonly kernels: readonly (number | undefined)[];
  readonly learningRates: readonly number[];
  /** Log-uniform range of the random search. */
  readonly learningRateRange: readonly [number, number];
}

export function modelDefaults(model: string): ModelDefaults {
  if (model === 'lenet') {
    // The exercise: Adam, lr ∈ {0.01, 0.001} × kernel ∈ {3, 5, 6}, no augmentation.
    return {
      kernels: LENET_KERNELS, learningRates: [1e-2, 1e-3], learningRateRange: [3e-4, 3e-2], optimizer: 'adam', schedule: 'constant',
      batchSize: 128, epochs: 30, weightDecay: 0, labelSmoothing: 0, augment: false,
    };
  }
  if (model === 'default') {
    // SGD with Nesterov momentum and a one-cycle schedule, as the PyTorch reference; the
    // peak rate is what a search on validation is worth spending on (docs/training.md).
    return {
      kernels: [3], learningRates: [0.2, 0.4], learningRateRange: [0.05, 0.8], optimizer: 'sgd', schedule: 'onecycle',
      batchSize: 128, epochs: 60, weightDecay: 5e-4, labelSmoothing: 0.1, augment: true,
    };
  }
  return {
    kernels: [undefined], learningRates: [1e-3], learningRateRange: [3e-4, 3e-2], optimizer: 'adam', schedule: 'constant',
    batchSize: 128, epochs: 30, weightDecay: 0, labelSmoothing: 0, augment: false,
  };
}

/** The spec of a named model at a kernel size (or the file's spec), checked by shape inference. */
export function modelSpecFor(model: string, kernel: number | undefined): ModelSpec {
  if (model === 'lenet') return checkClassifierSpec(lenetSpec(kernel ?? 5), `lenet with kernel ${kernel ?? 5}`);
  if (model === 'default') return checkClassifierSpec(defaultModelSpec(kernel === undefined ? {} : { kernel }), `default with kernel ${kernel ?? 3}`);
  return readModelSpecFile(model);
}

/**
 * The configurations of the search: a grid over learning rate × kernel size (the
 * exercise's grid for LeNet), or `budget` draws of a log-uniform learning rate and a
 * kernel size. Every network is built by shape inference first, so a kernel that does not
 * fit is refused here, before any training.
 */
export function searchConfigurations(options: SearchOptions): TrainingConfiguration[] {
  const op = 'searchConfigurations';
  const d = modelDefaults(options.model);
  const isFile = options.model !== 'lenet' && options.model !== 'default';
  if (isFile && options.kernels !== undefined && options.kernels.length > 0) {
    throw LayerproofError.invalid({ op, argument: 'kernels', value: options.kernels, expected: 'left out for a model spec file (its kernels are in the file)' });
  }
  const kernels = options.kernels !== undefined && options.kernels.length > 0 ? options.kernels : d.kernels;
  const rates = options.learningRates !== undefined && options.learningRates.length > 0 ? options.learningRates : d.learningRates;
  for (const r of rates) {
    if (!(r > 0 && Number.isFinite(r))) throw LayerproofError.invalid({ op, argument: 'learningRates', value: rates, expected: 'positive numbers' });
  }
  const search = options.search ?? 'grid';
  const budget = options.budget;
  if (budget !== undefined && (!Number.isInteger(budget) || budget < 1)) {
    throw LayerproofError.invalid({ op, argument: 'budget', value: budget, expected: 'a positive integer (number of configurations)' });
  }
  const base = {
    modelName: options.model,
    optimizer: options.optimizer ?? d.optimizer,
    schedule: options.schedule ?? d.schedule,
    batchSize: options.batchSize ?? d.batchSize,
    epochs: options.epochs ?? d.epochs,
    weightDecay: options.weightDecay ?? d.weightDecay,
    labelSmoothing: options.labelSmoothing ?? d.labelSmoothing,
    augment: options.augment ?? d.augment,
  };
  if (!Number.isInteger(base.batchSize) || base.batchSize < 1) throw LayerproofError.invalid({ op, argument: 'batchSize', value: base.batchSize, expected: 'a positive integer' });
  if (!Number.isInteger(base.epochs) || base.epochs < 1) throw LayerproofError.invalid({ op, argument: 'epochs', value: base.epochs, expected: 'a positive integer' });
  if (!(base.weightDecay >= 0)) throw LayerproofError.invalid({ op, argument: 'weightDecay', value: base.weightDecay, expected: 'a non-negative number' });
  if (!(base.labelSmoothing >= 0 && base.labelSmoothing < 1)) throw LayerproofError.invalid({ op, argument: 'labelSmoothing', value: base.labelSmoothing, expected: 'a number in [0, 1)' });

  let points: { kernel: number | undefined; learningRate: number }[];
  if (search === 'grid') {
    points = rates.flatMap((learningRate) => kernels.map((kernel) => ({ kernel, learningRate })));
    if (budget !== undefined) points = points.slice(0, budget);
  } else {
    const [lo, hi] = options.learningRates !== undefined && options.learningRates.length === 2
      ? [Math.min(...options.learningRates), Math.max(...options.learningRates)]
      : d.learningRateRange;
    const rng = createRng(mixSeed(options.seed ?? 0, 'random search'));
    points = Array.from({ length: budget ?? 4 }, () => ({
      kernel: kernels[Math.floor(rng() * kernels.length)],
      learningRate: Number((Math.exp(Math.log(lo) + rng() * (Math.log(hi) - Math.log(lo)))).toPrecision(3)),
    }));
  }
  const specs = new Map<number | undefined, ModelSpec>();
  return points.map((p, i) => {
    let spec = specs.get(p.kernel);
    if (spec === undefined) {
      spec = modelSpecFor(options.model, p.kernel);
      specs.set(p.kernel, spec);
    }
    return {
      id: `c${String(i + 1).padStart(2, '0')}`,
      ...base,
      ...(p.kernel !== undefined && { kernel: p.kernel }),
      spec,
      learningRate: p.learningRate,
    };
  });
}
