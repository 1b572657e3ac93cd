/** One line of metrics.jsonl: one epoch of one configuration. */
export interface EpochMetrics {
  readonly configuration: string;
  /** `search`: trained on the training split, validated every epoch; `retrain`: the chosen configuration on training + validation. */
  readonly phase: 'search' | 'retrain';
  /** 1-based. */
  readonly epoch: number;
  /** Mean cross-entropy (no label smoothing, no weight decay) over the epoch's training batches, in training mode. */
  readonly trainLoss: number;
  /** Fraction of the epoch's (augmented) training images classified right, in training mode. */
  readonly trainAccuracy: number;
  /** At inference, on the validation split; absent when retraining. */
  readonly validationLoss?: number;
  readonly validationAccuracy?: number;
  /** Learning rate of the epoch's last step. */
  readonly learningRate: number;
  /** Seconds spent in training steps this epoch (validation excluded). */
  readonly seconds: number;
  /** Training images per second this epoch. */
  readonly imagesPerSecond: number;
}

/** Where a configuration stands; saved in its checkpoints so a run can resume mid-epoch. */
export interface ConfigurationProgress {
  /** Completed epochs. */
  readonly epoch: number;
  /** Completed batches of epoch `epoch + 1` (0 at an epoch boundary). */
  readonly batch: number;
  /** Completed optimizer steps. */
  readonly step: number;
  /** Running sums of the epoch in progress. */
  readonly partial: { readonly lossSum: number; readonly correct: number; readonly seen: number; readonly seconds: number };
  readonly metrics: readonly EpochMetrics[];
  /** The epoch with the highest validation accuracy so far (the first one on ties). */
  readonly best?: { readonly epoch: number; readonly validationAccuracy: number; readonly validationLoss: number };
  /** Set when the NaN guard stopped the configuration. */
  readonly diverged?: { readonly epoch: number; readonly batch: number; readonly loss: number };
  readonly trainSeconds: number;
  readonly imagesTrained: number;
}

export function freshProgress(): ConfigurationProgress {
  return { epoch: 0, batch: 0, step: 0, partial: { lossSum: 0, correct: 0, seen: 0, seconds: 0 }, metrics: [], trainSeconds: 0, imagesTrained: 0 };
}
