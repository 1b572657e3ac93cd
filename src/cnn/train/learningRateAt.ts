import type { ScheduleName } from './TrainingConfiguration.js';

/** Fraction of the steps spent warming up in the one-cycle schedule. */
export const ONE_CYCLE_WARMUP = 0.25;

/**
 * The learning rate at `step` of `totalSteps`. One-cycle (Smith & Topin, as PyTorch's
 * OneCycleLR with cosine annealing): from `peak/25` up to `peak` over the first quarter,
 * $\eta = \eta_{\max}\,(0.04 + 0.96\,\tfrac{1-\cos(\pi t/w)}{2})$, then down to 0 at the last step,
 * $\eta = \eta_{\max}\,\tfrac{1+\cos(\pi (t-w)/(T-1-w))}{2}$.
 */
export function learningRateAt(schedule: ScheduleName, peak: number, step: number, totalSteps: number): number {
  if (schedule === 'constant') return peak;
  const warm = ONE_CYCLE_WARMUP * totalSteps;
  if (step < warm) return peak * (0.04 + (0.96 * (1 - Math.cos((Math.PI * step) / warm))) / 2);
  const t = (step - warm) / Math.max(1, totalSteps - 1 - warm);
  return (peak * (1 + Math.cos(Math.PI * Math.min(1, t)))) / 2;
}
