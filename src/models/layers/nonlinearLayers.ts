import { applyActivation, type Activation } from '../activation.js';
import { notLinear, type LayerAnalysis, type LayerContext, type LayerOperatorRegistry } from './LayerOperatorBuilder.js';
import { identityLayer } from './identityLayer.js';
import { configNumber } from './layerConfig.js';
import { layerActivation } from './layerActivation.js';

const MIDPOINT = 'an affine map has f(a) + f(b) = 2·f((a + b)/2)';

function show(v: number): string {
  return Number(v.toPrecision(4)).toString().replace('-', '−');
}

/**
 * Why an element-wise activation is not affine: the first pair (a, b) where
 * f(a) + f(b) ≠ 2·f((a + b)/2), evaluated with the activation itself.
 */
export function activationWitness(activation: Exclude<Activation, 'linear' | 'softmax'>): string {
  const name = activation;
  for (const [a, b] of [[-1, 1], [0, 2], [-2, 0], [1, 3]] as const) {
    const f = applyActivation(activation, Float64Array.of(a, b, (a + b) / 2), 1);
    const [fa, fb, fm] = [f[0] ?? 0, f[1] ?? 0, f[2] ?? 0];
    if (Math.abs(fa + fb - 2 * fm) > 1e-6) {
      return `${name}(${show(a)}) + ${name}(${show(b)}) = ${show(fa + fb)} ≠ 2·${name}(${show((a + b) / 2)}) = ${show(2 * fm)}, while ${MIDPOINT}`;
    }
  }
  return `${name} is curved, while ${MIDPOINT}`;
}

/**
 * Activation: `linear` is the identity; any other activation is element-wise and not affine,
 * reported as such with a witness (rather than as an identity carrying a fused activation, so a
 * reader sees the nonlinear step as its own layer).
 */
export function activationLayer(context: LayerContext): LayerAnalysis {
  const parsed = layerActivation(context);
  if ('unknown' in parsed) {
    return notLinear(`Activation '${parsed.unknown}' is not linear: ${parsed.unknown === 'logSoftmax' ? 'it subtracts the log of a sum of exponentials of its input' : 'it is an element-wise nonlinearity'}`);
  }
  const a = parsed.activation;
  if (a === 'linear') return identityLayer(context, "Activation('linear') is the identity");
  if (a === 'softmax') return notLinear("Activation 'softmax' is not linear: it divides exponentials by their sum");
  return notLinear(`Activation '${a}' is not linear: ${activationWitness(a)}`);
}

/** LeakyReLU: f(x) = x for x ≥ 0, α·x below; the identity when α = 1. */
export function leakyReluLayer(context: LayerContext): LayerAnalysis {
  const alpha = configNumber(context, 'alpha', 0.3);
  if (alpha === 1) return identityLayer(context, 'LeakyReLU with alpha = 1 is the identity');
  return notLinear(`LeakyReLU is not linear: f(−1) + f(1) = ${show(1 - alpha)} ≠ 2·f(0) = 0 (slope ${show(alpha)} below 0, 1 above), while ${MIDPOINT}`);
}

const reason = (text: string) => (): LayerAnalysis => notLinear(text);

/** The layer classes that have no affine operator at inference, each with why (and LeakyReLU, affine only when α = 1). */
export const NONLINEAR_LAYERS: LayerOperatorRegistry = {
  ReLU: reason(`ReLU is not linear: relu(−1) + relu(1) = 1 ≠ 2·relu(0) = 0, while ${MIDPOINT}`),
  LeakyReLU: leakyReluLayer,
  PReLU: reason('PReLU is not linear: it multiplies negative inputs by its learned α and positive ones by 1'),
  ELU: reason('ELU is not linear: below 0 it is α(eˣ − 1), a curve'),
  ThresholdedReLU: reason('ThresholdedReLU is not linear: it zeroes every input ≤ θ and keeps the others, a jump at θ'),
  Softmax: reason('Softmax is not linear: it divides exponentials by their sum'),
  Activation: activationLayer,
  LayerNormalization: reason("LayerNormalization is not linear: it divides by the input's own standard deviation"),
  Multiply: reason('Multiply is not linear: the product of its inputs is bilinear, (2x)·(2y) = 4xy ≠ 2xy'),
  Maximum: reason('Maximum is not linear: max(−1, 1) + max(1, −1) = 2 ≠ 2·max(0, 0) = 0, it compares its inputs'),
  Minimum: reason('Minimum is not linear: min(−1, 1) + min(1, −1) = −2 ≠ 2·min(0, 0) = 0, it compares its inputs'),
  Dot: reason('Dot is not linear: the dot product of two inputs is bilinear, (2x)·(2y) = 4(x·y)'),
  Embedding: reason('Embedding is not linear: it looks rows of its table up by integer index'),
  Masking: reason('Masking is not linear: it zeroes the time steps whose values all equal maskValue, a comparison with the input'),
};

