import { notLinear } from '../layers/LayerOperatorBuilder.js';
import type { GraphOpRegistry } from './GraphOpContext.js';

/** Why each common nonlinear op has no operator, in one line. */
const REASONS: Readonly<Record<string, string>> = {
  Relu: 'ReLU, max(0, x), is piecewise linear, not linear',
  Relu6: 'ReLU6, min(max(0, x), 6), is piecewise linear, not linear',
  LeakyRelu: 'LeakyReLU is piecewise linear, not linear',
  Elu: 'ELU is exponential for negative inputs',
  Selu: 'SELU is exponential for negative inputs',
  Prelu: 'PReLU is piecewise linear, not linear',
  Sigmoid: 'the logistic sigmoid is not linear',
  Tanh: 'tanh is not linear',
  Softmax: 'softmax normalises exponentials: not linear',
  LogSoftmax: 'log-softmax is not linear',
  Softplus: 'softplus, log(1 + eˣ), is not linear',
  Softsign: 'softsign, x / (1 + |x|), is not linear',
  MaxPool: 'max pooling takes the largest cell of each window: not linear',
  Max: 'a maximum over axes is not linear',
  Min: 'a minimum over axes is not linear',
  Maximum: 'an element-wise maximum is not linear',
  Minimum: 'an element-wise minimum is not linear',
  Abs: '|x| is not linear',
  Square: 'x² is not linear',
  SquaredDifference: '(x − y)² is not linear',
  Sqrt: '√x is not linear',
  Rsqrt: '1/√x is not linear',
  Reciprocal: '1/x is not linear',
  Exp: 'eˣ is not linear',
  Log: 'log x is not linear',
  Pow: 'a power is not linear',
  Erf: 'erf is not linear',
  Prod: 'a product over axes is not linear',
};

/** Common nonlinear ops: each reports `not linear` with its reason. */
export const NONLINEAR_OPS: GraphOpRegistry = Object.fromEntries(
  Object.entries(REASONS).map(([op, reason]) => [op, () => notLinear(reason)]),
);
