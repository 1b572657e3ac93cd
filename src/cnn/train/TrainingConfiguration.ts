import type { ModelSpec } from '../LayerSpec.js';

export type OptimizerName = 'adam' | 'sgd';
/** `constant`, or `onecycle`: cosine warm-up from peak/25 over the first quarter, then cosine decay to 0. */
export type ScheduleName = 'constant' | 'onecycle';

/** Everything that defines one training run of the search. */
export interface TrainingConfiguration {
  /** `c01`, `c02`, … in search order. */
  readonly id: string;
  /** `lenet`, `default`, or the spec file's path. */
  readonly modelName: string;
  /** Kernel size, where the model has one to choose (LeNet, default). */
  readonly kernel?: number;
  /** The network, as data: the spec that shape inference accepted and the checks verify. */
  readonly spec: ModelSpec;
  readonly optimizer: OptimizerName;
  /** Adam's rate, or the peak rate of the one-cycle schedule. */
  readonly learningRate: number;
  readonly schedule: ScheduleName;
  readonly batchSize: number;
  readonly epochs: number;
  /** L2 penalty λ/2·Σ‖W‖² on convolution and dense kernels (not on biases or batch-norm parameters). */
  readonly weightDecay: number;
  readonly labelSmoothing: number;
  /** Random crop with 4 pixels of padding and horizontal flip. */
  readonly augment: boolean;
}

/** One line for tables and logs: `c02 default k=3 sgd lr=0.4 onecycle bs=128 60 ep wd=5e-4 ls=0.1 aug`. */
export function describeConfiguration(c: TrainingConfiguration): string {
  return [
    c.id, c.modelName, ...(c.kernel === undefined ? [] : [`k=${c.kernel}`]), c.optimizer, `lr=${c.learningRate}`, c.schedule,
    `bs=${c.batchSize}`, `${c.epochs} ep`, ...(c.weightDecay > 0 ? [`wd=${c.weightDecay}`] : []),
    ...(c.labelSmoothing > 0 ? [`ls=${c.labelSmoothing}`] : []), ...(c.augment ? ['aug'] : []),
  ].join(' ');
}
