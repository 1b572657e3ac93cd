import { tf } from '../../tfjs/tf.js';
import {
  OPTIMIZER_KERNELS, type AdamMomentAttrs, type AdamStepAttrs, type MomentumAccumulateAttrs, type MomentumStepAttrs,
} from './webgpuOptimizerKernels.js';

/**
 * The optimizer updates of TensorFlow.js's Adam and momentum optimizers, one function per
 * fused step: a single kernel where the active backend has one (webgpu, see
 * webgpuOptimizerKernels.ts), otherwise tfjs's own sequence of element-wise ops, in its
 * order, so cpu and wasm results are bit-identical to `tf.train.adam` / `tf.train.momentum`.
 */
function fused(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

function runFused(kernelName: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor {
  return tf.engine().runKernel<tf.Tensor>(kernelName, inputs, attrs as unknown as tf.NamedAttrMap);
}

/** Adam's moment: `previous·β + gradient·(1−β)` (first) or `previous·β + gradient²·(1−β)` (second). */
export function adamMoment(previous: tf.Tensor, gradient: tf.Tensor, beta: number, squared: boolean): tf.Tensor {
  if (fused(OPTIMIZER_KERNELS.adamMoment)) {
    const attrs: AdamMomentAttrs = { beta, squared };
    return runFused(OPTIMIZER_KERNELS.adamMoment, { previous, gradient }, attrs);
  }
  return tf.tidy(() => tf.add(tf.mul(previous, beta), tf.mul(squared ? tf.square(gradient) : gradient, 1 - beta)));
}

/**
 * Adam's parameter step from the new moments and the bias corrections c₁ = 1−β₁ᵗ, c₂ = 1−β₂ᵗ
 * (scalar tensors): `(first/c₁) / (√(second/c₂) + ε) · (−lr) + parameter`.
 */
export function adamStep(parameter: tf.Tensor, first: tf.Tensor, second: tf.Tensor, correction1: tf.Scalar, correction2: tf.Scalar, epsilon: number, learningRate: number): tf.Tensor {
  if (fused(OPTIMIZER_KERNELS.adamStep)) {
    const attrs: AdamStepAttrs = { epsilon, learningRate };
    return runFused(OPTIMIZER_KERNELS.adamStep, { parameter, first, second, correction1, correction2 }, attrs);
  }
  return tf.tidy(() => {
    const m = tf.div(first, correction1);
    const v = tf.div(second, correction2);
    return tf.add(tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), -learningRate), parameter);
  });
}

/** Momentum's accumulation: `momentum·previous + gradient`. */
export function momentumAccumulate(previous: tf.Tensor, gradient: tf.Tensor, momentum: tf.Scalar, momentumValue: number): tf.Tensor {
  if (fused(OPTIMIZER_KERNELS.momentumAccumulate)) {
    const attrs: MomentumAccumulateAttrs = { momentum: momentumValue };
    return runFused(OPTIMIZER_KERNELS.momentumAccumulate, { previous, gradient }, attrs);
  }
  return tf.tidy(() => tf.add(tf.mul(momentum, previous), gradient));
}

/**
 * Momentum's parameter step. `negativeLearningRate` is the optimizer's scalar −lr (tfjs keeps
 * it as a tensor); Nesterov: `−lr·(gradient + accumulation·momentum) + parameter`.
 */
export function momentumStep(
  parameter: tf.Tensor, gradient: tf.Tensor, accumulation: tf.Tensor,
  scalars: { readonly momentum: tf.Scalar; readonly negativeLearningRate: tf.Scalar },
  values: { readonly momentum: number; readonly learningRate: number; readonly nesterov: boolean },
): tf.Tensor {
  if (fused(OPTIMIZER_KERNELS.momentumStep)) {
    const attrs: MomentumStepAttrs = values;
    return runFused(OPTIMIZER_KERNELS.momentumStep, { parameter, gradient, accumulation }, attrs);
  }
  return tf.tidy(() => {
    const step = values.nesterov ? tf.add(gradient, tf.mul(accumulation, scalars.momentum)) : accumulation;
    return tf.add(tf.mul(scalars.negativeLearningRate, step), parameter);
  });
}
