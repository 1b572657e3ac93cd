import { LayerproofError } from '../core/LayerproofError.js';
import { finiteArray } from '../core/validate.js';
import { SparseMatrix } from '../linear/SparseMatrix.js';
import { avgPoolMatrix } from '../linear/avgPoolMatrix.js';
import { assertOperatorSize, conv2dMatrix } from '../linear/conv2dMatrix.js';
import { depthwiseConv2dMatrix } from '../linear/depthwiseConv2dMatrix.js';
import { sumPoolMatrix } from '../linear/sumPoolMatrix.js';
import { batchNormOperator } from '../models/layers/batchNormOperator.js';
import { denseOperator } from '../models/layers/denseOperator.js';
import type { LinearOperator, Weights } from '../linear/LinearOperator.js';
import { LAYER_KINDS, type LayerSpec } from './LayerSpec.js';

/** Trained values of one layer, in the order and layout TensorFlow.js keeps them. */
export interface LayerWeights {
  /** Convolution [kh, kw, cin, cout], depthwise [kh, kw, cin, multiplier], dense [in, out]. */
  readonly kernel?: Weights;
  readonly bias?: ArrayLike<number>;
  /** Batch normalisation. */
  readonly gamma?: ArrayLike<number>;
  readonly beta?: ArrayLike<number>;
  readonly movingMean?: ArrayLike<number>;
  readonly movingVariance?: ArrayLike<number>;
}

/** The affine part of a layer and what follows it: vec(y) = act(matrix·vec(x) + bias). */
export interface LayerOperator extends LinearOperator {
  readonly activation: 'linear' | 'relu' | 'softmax';
}

/**
 * The explicit operator of a layer at inference: convolutions (Toeplitz), average and sum
 * pooling, flatten (identity: NHWC row-major is already the flatten order), dense (Wᵀ),
 * batch normalisation (diagonal: γ/√(σ² + ε), bias β − μ·γ/√(σ² + ε)) and dropout (identity).
 * ReLU and max pooling are not linear and have none: they throw.
 */
export function toOperator(spec: LayerSpec, weights: LayerWeights, inputShape: readonly number[]): LayerOperator {
  if (typeof spec !== 'object' || spec === null) {
    throw LayerproofError.invalid({ op: 'toOperator', argument: 'spec', value: spec, expected: "a layer spec such as { kind: 'conv2d', filters: 6, kernel: 5 }" });
  }
  const op = `toOperator(${spec.kind})`;
  if (typeof weights !== 'object' || weights === null) {
    throw LayerproofError.invalid({ op, argument: 'weights', value: weights, expected: 'an object of layer weights ({} for layers without any)' });
  }
  const rawShape: unknown = inputShape;
  if (!Array.isArray(rawShape) || rawShape.length === 0 || !rawShape.every((v) => Number.isInteger(v) && (v as number) >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'inputShape', value: inputShape, expected: 'a shape of positive integers, e.g. [32, 32, 3] or [120]' });
  }
  const size = inputShape.reduce((a, b) => a * b, 1);
  assertOperatorSize(op, size, size);
  const image = (): [number, number, number] => {
    if (inputShape.length !== 3) throw LayerproofError.invalid({ op, argument: 'inputShape', value: inputShape, expected: '[height, width, channels]' });
    return inputShape as [number, number, number];
  };
  const kernel = (): Weights => {
    const k = weights.kernel as unknown;
    if (typeof k !== 'object' || k === null || !Array.isArray((k as { shape?: unknown }).shape)) {
      throw LayerproofError.invalid({ op, argument: 'weights.kernel', value: k, expected: 'the layer kernel { shape, data }' });
    }
    return k as Weights;
  };
  switch (spec.kind) {
    case 'conv2d':
    case 'depthwiseConv2d': {
      const build = spec.kind === 'conv2d' ? conv2dMatrix : depthwiseConv2dMatrix;
      const o = build(kernel(), {
        inputShape: image(),
        ...(spec.strides !== undefined && { strides: spec.strides }),
        ...(spec.padding !== undefined && { padding: spec.padding }),
        ...(spec.dilations !== undefined && { dilations: spec.dilations }),
        ...(weights.bias !== undefined && spec.useBias !== false && { bias: weights.bias }),
      });
      return { ...o, activation: spec.activation ?? 'linear' };
    }
    case 'avgPool':
    case 'sumPool': {
      const build = spec.kind === 'avgPool' ? avgPoolMatrix : sumPoolMatrix;
      const o = build({
        inputShape: image(), poolSize: spec.poolSize,
        ...(spec.strides !== undefined && { strides: spec.strides }),
        ...(spec.padding !== undefined && { padding: spec.padding }),
      });
      return { ...o, activation: 'linear' };
    }
    case 'flatten':
      return { matrix: SparseMatrix.identity(size), bias: new Float64Array(size), inputShape, outputShape: [size], activation: 'linear' };
    case 'dropout':
      return { matrix: SparseMatrix.identity(size), bias: new Float64Array(size), inputShape, outputShape: inputShape, activation: 'linear' };
    case 'dense': {
      const k = kernel();
      const inputs = inputShape.length === 1 ? inputShape[0] ?? 0 : -1;
      if (k.shape.length !== 2 || k.shape[0] !== inputs || k.shape[1] !== spec.units) {
        throw LayerproofError.invalid({ op, argument: 'weights.kernel.shape', value: k.shape, expected: `[${inputs}, ${spec.units}] (inputs × units) for a flat input of ${inputs}` });
      }
      const units = spec.units;
      finiteArray(op, 'weights.kernel.data', k.data, inputs * units);
      const bias = spec.useBias === false || weights.bias === undefined ? undefined : finiteArray(op, 'weights.bias', weights.bias, units);
      const o = denseOperator({ op, kind: 'dense', inputShape, kernel: k, ...(bias !== undefined && { bias }) });
      return { matrix: o.rowBlock(0, o.rows), bias: o.bias, inputShape, outputShape: [units], activation: spec.activation ?? 'linear' };
    }
    case 'batchNorm': {
      const c = inputShape[inputShape.length - 1] ?? 0;
      const eps = spec.epsilon ?? 1e-3;
      const get = (name: 'gamma' | 'beta' | 'movingMean' | 'movingVariance', fallback: number): ArrayLike<number> =>
        weights[name] === undefined ? new Float64Array(c).fill(fallback) : finiteArray(op, `weights.${name}`, weights[name], c);
      const o = batchNormOperator({
        op, kind: 'batchNorm', inputShape, axis: inputShape.length - 1, epsilon: eps,
        gamma: get('gamma', 1), beta: get('beta', 0), movingMean: get('movingMean', 0), movingVariance: get('movingVariance', 1),
      });
      return { matrix: o.rowBlock(0, o.rows), bias: o.bias, inputShape, outputShape: inputShape, activation: 'linear' };
    }
    case 'relu':
    case 'maxPool':
      throw new LayerproofError(
        `Error in ${op}: ${spec.kind === 'relu' ? 'ReLU' : 'max pooling'} is not a linear map, so it has no matrix ` +
          '(checkLinearity finds a counterexample). Valid: conv2d, depthwiseConv2d, avgPool, sumPool, flatten, dense, batchNorm, dropout.',
        { op, argument: 'spec.kind', value: spec.kind },
      );
  }
  throw LayerproofError.invalid({ op: 'toOperator', argument: 'spec.kind', value: (spec as { kind?: unknown }).kind, expected: `one of ${LAYER_KINDS.join(', ')}` });
}

/** Applies an operator to one vectorised input, activation included: act(T·x + b). */
export function applyOperator(o: LayerOperator, x: ArrayLike<number>): Float64Array {
  const y = o.matrix.multiply(x);
  for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) + (o.bias[i] as number);
  if (o.activation === 'relu') for (let i = 0; i < y.length; i++) y[i] = Math.max(0, y[i] as number);
  if (o.activation === 'softmax') {
    const max = Math.max(...y);
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += y[i] = Math.exp((y[i] as number) - max);
    for (let i = 0; i < y.length; i++) y[i] = (y[i] as number) / sum;
  }
  return y;
}
