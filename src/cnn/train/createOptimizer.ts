import { tf } from '../tfjs/tf.js';
import type { OptimizerName } from './TrainingConfiguration.js';

/** An optimizer whose learning rate a schedule can change between steps. */
export interface ScheduledOptimizer {
  readonly optimizer: tf.Optimizer;
  setLearningRate(learningRate: number): void;
}

/** TensorFlow.js's Adam reads `learningRate` at every step but has no setter; this one does. */
class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

/** Nesterov momentum of the SGD optimizer (the PyTorch reference's 0.9). */
export const SGD_MOMENTUM = 0.9;

/**
 * Adam (β₁ 0.9, β₂ 0.999, as PyTorch and TensorFlow.js) or SGD with Nesterov momentum 0.9.
 * Both keep their state (moments, momenta, step count) as tensors that
 * `getWeights()`/`setWeights()` save and restore, so a resumed run continues the same
 * trajectory.
 */
export function createOptimizer(name: OptimizerName, learningRate: number): ScheduledOptimizer {
  if (name === 'adam') {
    const adam = new ScheduledAdam(learningRate, 0.9, 0.999);
    return { optimizer: adam, setLearningRate: (lr) => adam.setLearningRate(lr) };
  }
  const sgd = tf.train.momentum(learningRate, SGD_MOMENTUM, true);
  return { optimizer: sgd, setLearningRate: (lr) => sgd.setLearningRate(lr) };
}
