import type { Activation } from '../activation.js';
import type { LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import { attrNumber, attrStrings } from './graphAttributes.js';
import { notSupported, type GraphOpContext } from './GraphOpContext.js';

/** What a fused op adds after its linear part: a bias (the extra input 2) and an activation. */
export interface FusedOps {
  readonly bias: boolean;
  readonly activation: Activation;
  readonly note?: string;
}

/** The converter's fused activations (lower-cased, as tfjs reads them) that tfjs executes and layerproof evaluates. */
const FUSED: Readonly<Record<string, Activation>> = { relu: 'relu', relu6: 'relu6', elu: 'elu', sigmoid: 'sigmoid', leakyrelu: 'leakyrelu' };
/** layerproof's `leakyrelu` is tfjs's default slope. */
const LEAKY_ALPHA = 0.2;

/**
 * Reads `fused_ops` of `_FusedConv2D`, `FusedDepthwiseConv2dNative` and `_FusedMatMul` the way
 * TensorFlow.js 4.22 executes them: `[]`, `['BiasAdd']` or `['BiasAdd', activation]`. Anything
 * else tfjs either refuses or runs differently from TensorFlow (it ignores an activation that is
 * not preceded by BiasAdd), so it is reported as not supported.
 */
export function fusedOps(ctx: GraphOpContext): FusedOps | LayerAnalysis {
  const names = attrStrings(ctx.node, 'fused_ops') ?? [];
  const list = `[${names.join(', ')}]`;
  const [first, second, ...rest] = names.map((n) => n.toLowerCase());
  if (first === undefined) return { bias: false, activation: 'linear' };
  if (first === 'fusedbatchnorm') return notSupported(`not supported: ${ctx.node.op} with fused_ops ${list} (TensorFlow.js 4.22 does not execute a fused FusedBatchNorm)`);
  if (first !== 'biasadd' || rest.length > 0) return notSupported(`not supported: ${ctx.node.op} with fused_ops ${list} (TensorFlow.js runs [], [BiasAdd] and [BiasAdd, activation] only)`);
  if (second === undefined) return { bias: true, activation: 'linear' };
  if (second === 'prelu') return notSupported(`not supported: ${ctx.node.op} with a fused PReLU (a per-channel slope, not one element-wise activation)`);
  const activation = FUSED[second];
  if (activation === undefined) return notSupported(`not supported: ${ctx.node.op} with fused_ops ${list} (TensorFlow.js 4.22 has no fused ${names[1] ?? second})`);
  if (activation !== 'leakyrelu') return { bias: true, activation };
  const alpha = attrNumber(ctx.node, 'leakyrelu_alpha') ?? LEAKY_ALPHA;
  // The attribute is a float32: 0.2 may arrive as 0.20000000298023224.
  if (Math.abs(alpha - LEAKY_ALPHA) > 1e-6) {
    return notSupported(`not supported: ${ctx.node.op} with a fused LeakyRelu of slope ${alpha} (layerproof's leakyrelu has slope ${LEAKY_ALPHA})`);
  }
  return ctx.node.op === 'FusedDepthwiseConv2dNative'
    ? { bias: true, activation, note: 'TensorFlow.js 4.22 does not pass leakyrelu_alpha to FusedDepthwiseConv2dNative: its negative outputs come out NaN' }
    : { bias: true, activation };
}
