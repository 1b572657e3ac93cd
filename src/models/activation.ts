import { LayerproofError } from '../core/LayerproofError.js';

/**
 * The element-wise activations TensorFlow.js layers and the converter's fused ops apply after
 * an affine map, by their tfjs-layers identifiers. Each is evaluated in float64.
 */
export type Activation =
  | 'linear' | 'relu' | 'relu6' | 'elu' | 'selu' | 'sigmoid' | 'hardSigmoid' | 'tanh'
  | 'softplus' | 'softsign' | 'swish' | 'mish' | 'gelu' | 'gelu_new' | 'softmax' | 'leakyrelu';

export const ACTIVATIONS: readonly Activation[] = [
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'gelu_new', 'softmax', 'leakyrelu',
];

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
/** tfjs's fused LeakyRelu default, and the converter's `leakyrelu_alpha` default. */
const LEAKY_ALPHA = 0.2;

/**
 * A Lipschitz constant of each activation (|act(a) − act(b)| ≤ L·|a − b|): an error of ε before
 * the activation is at most L·ε after it, so the verification tolerance is scaled by L.
 */
export const ACTIVATION_LIPSCHITZ: Readonly<Record<Activation, number>> = {
  linear: 1, relu: 1, relu6: 1, elu: 1, selu: SELU_SCALE * SELU_ALPHA, sigmoid: 0.25, hardSigmoid: 0.2, tanh: 1,
  softplus: 1, softsign: 1, swish: 1.1, mish: 1.1, gelu: 1.13, gelu_new: 1.13, softmax: 1, leakyrelu: 1,
};

/** Maps the names found in configs and graph attributes (`'relu'`, `'Relu6'`, `'hard_sigmoid'`, `'Linear'`) to an `Activation`. */
export function parseActivation(op: string, argument: string, name: unknown): Activation {
  if (name === undefined || name === null) return 'linear';
  if (typeof name === 'string') {
    const key = name.replace(/_/g, '').toLowerCase();
    const found = ACTIVATIONS.find((a) => a.replace(/_/g, '').toLowerCase() === key) ?? (key === 'gelunew' ? 'gelu_new' : undefined);
    if (found !== undefined) return found;
  }
  throw LayerproofError.invalid({ op, argument, value: name, expected: `an activation layerproof evaluates: ${ACTIVATIONS.join(', ')}` });
}

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 is only 1.5e-7 accurate; use the series/continued fraction pair instead.
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = x;
    let term = x;
    const x2 = x * x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc by Lentz's continued fraction for |x| ≥ 2.5.
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = ax + an * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = ax + an / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI));
  return Math.sign(x) * (1 - erfc);
}

function scalar(a: Activation, v: number): number {
  switch (a) {
    case 'linear': return v;
    case 'relu': return Math.max(0, v);
    case 'relu6': return Math.min(6, Math.max(0, v));
    case 'elu': return v > 0 ? v : Math.expm1(v);
    case 'selu': return v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v);
    case 'sigmoid': return 1 / (1 + Math.exp(-v));
    case 'hardSigmoid': return Math.max(0, Math.min(1, 0.2 * v + 0.5));
    case 'tanh': return Math.tanh(v);
    case 'softplus': return v > 30 ? v : Math.log1p(Math.exp(v));
    case 'softsign': return v / (Math.abs(v) + 1);
    case 'swish': return v / (1 + Math.exp(-v));
    case 'mish': return v * Math.tanh(v > 30 ? v : Math.log1p(Math.exp(v)));
    case 'gelu': return 0.5 * v * (1 + erf(v / Math.SQRT2));
    case 'gelu_new': return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    case 'leakyrelu': return v >= 0 ? v : LEAKY_ALPHA * v;
    case 'softmax': return v;
  }
}

/**
 * Applies `activation` in place to `y`, laid out as consecutive vectors of `lastAxis` elements
 * (softmax normalises each such vector; the others are element-wise and ignore it).
 */
export function applyActivation(activation: Activation, y: Float64Array, lastAxis: number): Float64Array {
  if (activation === 'linear') return y;
  if (activation !== 'softmax') {
    for (let i = 0; i < y.length; i++) y[i] = scalar(activation, y[i] as number);
    return y;
  }
  if (!Number.isInteger(lastAxis) || lastAxis < 1 || y.length % lastAxis !== 0) {
    throw LayerproofError.invalid({ op: 'applyActivation(softmax)', argument: 'lastAxis', value: lastAxis, expected: `a positive divisor of ${y.length}` });
  }
  for (let s = 0; s < y.length; s += lastAxis) {
    let max = -Infinity;
    for (let i = s; i < s + lastAxis; i++) max = Math.max(max, y[i] as number);
    let sum = 0;
    for (let i = s; i < s + lastAxis; i++) sum += y[i] = Math.exp((y[i] as number) - max);
    for (let i = s; i < s + lastAxis; i++) y[i] = (y[i] as number) / sum;
  }
  return y;
}
