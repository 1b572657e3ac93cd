import { LayerproofError } from '../../core/LayerproofError.js';
import type { Padding } from '../../linear/convGeometry.js';
import { affine, type LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import { fusedOps } from './fusedOps.js';
import { attrInts, attrString } from './graphAttributes.js';
import { argument, constantArgument, isAnalysis, notSupported, type GraphOpContext, type GraphOpRegistry } from './GraphOpContext.js';
import { windowOperator } from './windowOperator.js';

interface WindowAttributes {
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly padding: Padding;
}

/** An NHWC 4-vector attribute `[1, h, w, 1]` (strides, dilations, ksize) as `[h, w]`. */
function spatialPair(ctx: GraphOpContext, name: string, fallback: number[] | undefined): [number, number] | LayerAnalysis {
  const v = attrInts(ctx.node, name) ?? fallback;
  if (v === undefined || v.length !== 4 || !v.every((k) => Number.isInteger(k) && k >= 1)) {
    throw LayerproofError.invalid({ op: ctx.op, argument: `attr.${name}`, value: v, expected: 'four positive integers [1, height, width, 1] (NHWC)' });
  }
  if (v[0] !== 1 || v[3] !== 1) return notSupported(`not supported: ${ctx.node.op} with ${name} [${v.join(', ')}] across the batch or channel axis`);
  return [v[1] as number, v[2] as number];
}

/** strides, dilations, padding (SAME, VALID, EXPLICIT with explicit_paddings) and data_format of a window op. */
function windowAttributes(ctx: GraphOpContext, allowExplicit: boolean): WindowAttributes | LayerAnalysis {
  const format = attrString(ctx.node, 'data_format') ?? 'NHWC';
  if (format.toUpperCase() !== 'NHWC') return notSupported(`not supported: ${ctx.node.op} with data_format ${format} (layerproof's operators are channels last, NHWC)`);
  const strides = spatialPair(ctx, 'strides', undefined);
  if ('status' in strides) return strides;
  const dilations = spatialPair(ctx, 'dilations', [1, 1, 1, 1]);
  if ('status' in dilations) return dilations;
  const kind = (attrString(ctx.node, 'padding') ?? '').toUpperCase();
  if (kind === 'SAME' || kind === 'VALID') return { strides, dilations, padding: kind === 'SAME' ? 'same' : 'valid' };
  if (kind !== 'EXPLICIT') {
    throw LayerproofError.invalid({ op: ctx.op, argument: 'attr.padding', value: attrString(ctx.node, 'padding'), expected: `'SAME', 'VALID'${allowExplicit ? " or 'EXPLICIT'" : ''}` });
  }
  if (!allowExplicit) return notSupported(`not supported: ${ctx.node.op} with EXPLICIT padding`);
  const p = attrInts(ctx.node, 'explicit_paddings') ?? [];
  if (p.length !== 8 || !p.every((v) => Number.isInteger(v) && v >= 0)) {
    throw LayerproofError.invalid({ op: ctx.op, argument: 'attr.explicit_paddings', value: p, expected: 'eight non-negative integers [0, 0, top, bottom, left, right, 0, 0] (NHWC)' });
  }
  if (p[0] !== 0 || p[1] !== 0 || p[6] !== 0 || p[7] !== 0) return notSupported(`not supported: ${ctx.node.op} with explicit_paddings [${p.join(', ')}] on the batch or channel axis`);
  return { strides, dilations, padding: [[p[2] as number, p[3] as number], [p[4] as number, p[5] as number]] };
}

/** The image operand: a site input of shape [height, width, channels]. */
function image(ctx: GraphOpContext): readonly [number, number, number] | LayerAnalysis {
  const x = argument(ctx, 0, 'input');
  if (x.kind !== 'value') return notSupported(`not supported: ${ctx.node.op} of a constant input`);
  if (x.shape.length !== 3) return notSupported(`not supported: ${ctx.node.op} of an input of shape [batch, ${x.shape.join(', ')}] (it takes NHWC images)`);
  return x.shape as readonly [number, number, number];
}

/**
 * Conv2D and DepthwiseConv2dNative, and their fused forms (bias and activation after the
 * convolution): the Toeplitz matrix of the filter at the node's geometry.
 */
function convolution(window: 'conv2d' | 'depthwise', fused: boolean) {
  return (ctx: GraphOpContext): LayerAnalysis => {
    const x = image(ctx);
    if ('status' in x) return x;
    const attrs = windowAttributes(ctx, true);
    if ('status' in attrs) return attrs;
    const w = constantArgument(ctx, 1, 'filter', true);
    if (isAnalysis(w)) return w;
    const [kh, kw, cin, last] = w.shape;
    if (w.shape.length !== 4 || cin !== x[2]) {
      throw LayerproofError.invalid({
        op: ctx.op, argument: 'filter shape', value: w.shape,
        expected: `[kh, kw, ${x[2]}, ${window === 'conv2d' ? 'outChannels' : 'multiplier'}] for an input of ${x[2]} channels`,
      });
    }
    const f = fused ? fusedOps(ctx) : { bias: false, activation: 'linear' as const };
    if ('status' in f) return f;
    const outChannels = window === 'conv2d' ? (last as number) : cin * (last as number);
    let bias: Float64Array | undefined;
    if (f.bias) {
      const b = constantArgument(ctx, 2, 'bias');
      if (isAnalysis(b)) return b;
      if (b.data.length !== outChannels) {
        throw LayerproofError.invalid({ op: ctx.op, argument: 'bias shape', value: b.shape, expected: `[${outChannels}], one per output channel` });
      }
      bias = b.data;
    }
    return affine(windowOperator({
      kind: ctx.node.op,
      window,
      inputShape: x,
      weights: { shape: [kh as number, kw as number, cin, last as number], data: w.data },
      ...attrs,
      ...(bias !== undefined && { bias }),
      activation: f.activation,
      ...('note' in f && f.note !== undefined && { note: f.note }),
    }));
  };
}

/** AvgPool: TensorFlow's 'SAME' averages over the window cells inside the input only. */
function avgPool(ctx: GraphOpContext): LayerAnalysis {
  const x = image(ctx);
  if ('status' in x) return x;
  const attrs = windowAttributes(ctx, false);
  if ('status' in attrs) return attrs;
  const poolSize = spatialPair(ctx, 'ksize', undefined);
  if ('status' in poolSize) return poolSize;
  return affine(windowOperator({ kind: ctx.node.op, window: 'avgPool', inputShape: x, poolSize, ...attrs }));
}

/** Convolutions and linear pooling, by op. */
export const CONVOLUTION_OPS: GraphOpRegistry = {
  Conv2D: convolution('conv2d', false),
  _FusedConv2D: convolution('conv2d', true),
  DepthwiseConv2dNative: convolution('depthwise', false),
  DepthwiseConv2d: convolution('depthwise', false),
  FusedDepthwiseConv2dNative: convolution('depthwise', true),
  AvgPool: avgPool,
};
