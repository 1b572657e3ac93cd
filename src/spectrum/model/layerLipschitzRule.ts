import { convGeometry } from '../../linear/convGeometry.js';
import { ACTIVATION_LIPSCHITZ, type Activation } from '../../models/activation.js';
import { ConvConfig } from '../../models/layers/convConfig.js';
import { layerActivation } from '../../models/layers/layerActivation.js';
import { readLayerWeights } from '../../models/layers/layerOperator.js';
import type { LayerContext } from '../../models/layers/LayerOperatorBuilder.js';
import type { tf } from '../../tfjs/tf.js';
import { comparisonRule, noBound, scaleRule, type LipschitzRule } from './LipschitzRule.js';
import { maxPoolLipschitz } from './maxPoolLipschitz.js';

/** An element-wise activation's constant, with the sentence that states it. */
export function activationRule(activation: Activation): LipschitzRule {
  const factor = ACTIVATION_LIPSCHITZ[activation];
  if (activation === 'softmax') return scaleRule(factor, 'softmax is 1-Lipschitz in ℓ₂ (its Jacobian diag(p) − p·pᵀ has norm ≤ 1)');
  return scaleRule(factor, `${activation} is applied cell by cell with |f′| ≤ ${factor}, so L = ${factor}`);
}

function context(layer: tf.layers.Layer, inputShapes: readonly (readonly number[])[], outputShape: readonly number[]): LayerContext {
  return { layer, className: layer.getClassName(), config: layer.getConfig(), inputShapes, outputShape, weights: [], weight: () => undefined };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function maxPool(ctx: LayerContext, rank: 1 | 2): LipschitzRule {
  const c = new ConvConfig(ctx);
  if (rank === 1) {
    const [steps, channels] = c.input(2, '[steps, channels]') as [number, number];
    const [k] = c.tuple('poolSize', 1, 2) as [number];
    const [s] = c.tuple('strides', 1, k) as [number];
    const padding = c.choice('padding', ['valid', 'same', 'causal']);
    const g = convGeometry({ op: c.op, inputShape: [1, steps, channels], kernelSize: [1, k], windowName: 'window', strides: [1, s], padding: padding === 'same' ? 'same' : 'valid' });
    const r = maxPoolLipschitz(g);
    return scaleRule(r.factor, r.rule);
  }
  const layout = c.dataFormat();
  const [h, w, channels] = c.image(layout);
  const poolSize = c.tuple('poolSize', 2, 2) as [number, number];
  const strides = c.tuple('strides', 2, poolSize) as [number, number];
  const padding = c.choice('padding', ['valid', 'same', 'causal']);
  const g = convGeometry({ op: c.op, inputShape: [h, w, channels], kernelSize: poolSize, windowName: 'window', strides, padding: padding === 'same' ? 'same' : 'valid' });
  const r = maxPoolLipschitz(g);
  return scaleRule(r.factor, r.rule);
}

/**
 * The Lipschitz rule of a layer that has no affine operator (ReLU, max pooling, a maximum of
 * inputs, …), from its class and config; `none` with the reason for a layer that has no global
 * Lipschitz constant (a product of inputs, a normalisation by the input's own spread, a jump) or
 * that layerproof does not know.
 */
export async function layerLipschitzRule(layer: tf.layers.Layer, inputShapes: readonly (readonly number[])[], outputShape: readonly number[]): Promise<LipschitzRule> {
  const ctx = context(layer, inputShapes, outputShape);
  const config = ctx.config;
  switch (ctx.className) {
    case 'ReLU':
      return scaleRule(1, 'ReLU is 1-Lipschitz: |relu(a) − relu(b)| ≤ |a − b| in every cell');
    case 'LeakyReLU': {
      const alpha = Math.abs(numberOr(config.alpha, 0.3));
      return scaleRule(Math.max(1, alpha), `LeakyReLU has slopes ${alpha} and 1, so L = ${Math.max(1, alpha)}`);
    }
    case 'ELU': {
      const alpha = Math.abs(numberOr(config.alpha, 1));
      return scaleRule(Math.max(1, alpha), `ELU has slope 1 above 0 and α·eˣ ≤ ${alpha} below, so L = ${Math.max(1, alpha)}`);
    }
    case 'PReLU': {
      const alphas = (await readLayerWeights(layer)).find((w) => w.name === 'alpha')?.data ?? new Float32Array(0);
      const top = Math.max(1, ...Array.from(alphas, Math.abs));
      return scaleRule(top, `PReLU's learned slopes are at most ${top} in magnitude, and 1 above 0, so L = ${top}`);
    }
    case 'Softmax':
      return activationRule('softmax');
    case 'Activation': {
      const parsed = layerActivation(ctx);
      return 'unknown' in parsed ? noBound(`activation '${parsed.unknown}' has no Lipschitz constant in layerproof's table`) : activationRule(parsed.activation);
    }
    case 'MaxPooling1D':
      return maxPool(ctx, 1);
    case 'MaxPooling2D':
      return maxPool(ctx, 2);
    case 'GlobalMaxPooling1D':
    case 'GlobalMaxPooling2D':
      return scaleRule(1, 'global max pooling reads each cell in one window, so L = 1');
    case 'Maximum':
    case 'Minimum':
      return comparisonRule(ctx.className, inputShapes, outputShape);
    case 'ThresholdedReLU':
      return noBound('ThresholdedReLU jumps from 0 to θ at θ: no Lipschitz constant');
    case 'Multiply':
    case 'Dot':
      return noBound(`${ctx.className} multiplies two inputs: a product grows without bound, so it has no global Lipschitz constant`);
    case 'LayerNormalization':
      return noBound("LayerNormalization divides by the input's own standard deviation, which can be arbitrarily small: no global Lipschitz constant");
    default:
      return noBound(`layerproof has no Lipschitz rule for ${ctx.className}`);
  }
}
