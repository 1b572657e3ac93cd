import { adamMoment, adamStep, momentumAccumulate, momentumStep } from '../backends/optimizerUpdates.js';
import { tf } from '../../tfjs/tf.js';
import type { OptimizerName } from './TrainingConfiguration.js';

/** An optimizer whose learning rate a schedule can change between steps. */
export interface ScheduledOptimizer {
  readonly optimizer: tf.Optimizer;
  setLearningRate(learningRate: number): void;
}

type NamedGradients = Parameters<tf.Optimizer['applyGradients']>[0];

interface SlotVariable { originalName: string; variable: tf.Variable }

/** tfjs's AdamOptimizer state (private in its typings; getWeights/setWeights save it). */
interface AdamState {
  accBeta1: tf.Variable<tf.Rank.R0>;
  accBeta2: tf.Variable<tf.Rank.R0>;
  accumulatedFirstMoment: (SlotVariable | undefined)[];
  accumulatedSecondMoment: (SlotVariable | undefined)[];
}

/** tfjs's MomentumOptimizer state (private in its typings). */
interface MomentumState {
  momentum: number;
  useNesterov: boolean;
  m: tf.Scalar;
  c: tf.Scalar;
  accumulations: (SlotVariable | undefined)[];
}

function gradientsOf(variableGradients: NamedGradients): { name: string; gradient: tf.Tensor | undefined }[] {
  return Array.isArray(variableGradients)
    ? variableGradients.map((v) => ({ name: v.name, gradient: v.tensor }))
    : Object.keys(variableGradients).map((name) => ({ name, gradient: variableGradients[name] }));
}

function slot(slots: (SlotVariable | undefined)[], i: number, name: string, suffix: string, value: tf.Variable): tf.Variable {
  let s = slots[i];
  if (s === undefined) {
    s = { originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
    slots[i] = s;
  }
  return s.variable;
}

/**
 * TensorFlow.js's Adam with a learning-rate setter, whose update runs as three fused kernels
 * per variable on webgpu (fourteen in tfjs) and as tfjs's own ops elsewhere (bit-identical
 * there). Same state, names and serialisation as `tf.train.adam`, so checkpoints are unchanged.
 */
export class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  override applyGradients(variableGradients: NamedGradients): void {
    const state = this as unknown as AdamState;
    tf.tidy(() => {
      const correction1: tf.Scalar = tf.sub(1, state.accBeta1);
      const correction2: tf.Scalar = tf.sub(1, state.accBeta2);
      gradientsOf(variableGradients).forEach(({ name, gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        if (value === undefined) return;
        const first = slot(state.accumulatedFirstMoment, i, name, 'm', value);
        const second = slot(state.accumulatedSecondMoment, i, name, 'v', value);
        if (gradient === undefined) return;
        const newFirst = adamMoment(first, gradient, this.beta1, false);
        const newSecond = adamMoment(second, gradient, this.beta2, true);
        first.assign(newFirst);
        second.assign(newSecond);
        value.assign(adamStep(value, newFirst, newSecond, correction1, correction2, this.epsilon, this.learningRate));
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/**
 * TensorFlow.js's momentum optimizer whose update runs as two fused kernels per variable on
 * webgpu (six in tfjs with Nesterov) and as tfjs's own ops elsewhere.
 */
export class FusedMomentum extends tf.MomentumOptimizer {
  override applyGradients(variableGradients: NamedGradients): void {
    const state = this as unknown as MomentumState;
    gradientsOf(variableGradients).forEach(({ name, gradient }, i) => {
      const value = tf.engine().registeredVariables[name];
      if (value === undefined) return;
      const accumulation = slot(state.accumulations, i, name, 'momentum', value);
      if (gradient === undefined) return;
      tf.tidy(() => {
        const newAccumulation = momentumAccumulate(accumulation, gradient, state.m, state.momentum);
        const newValue = momentumStep(value, gradient, newAccumulation, { momentum: state.m, negativeLearningRate: state.c },
          { momentum: state.momentum, learningRate: this.learningRate, nesterov: state.useNesterov });
        accumulation.assign(newAccumulation);
        value.assign(newValue);
      });
    });
    this.incrementIterations();
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
  const sgd = new FusedMomentum(learningRate, SGD_MOMENTUM, true);
  return { optimizer: sgd, setLearningRate: (lr) => sgd.setLearningRate(lr) };
}
