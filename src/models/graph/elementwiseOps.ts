import { shapeSize } from '../AffineOperator.js';
import { affine, notLinear, type LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import { attrBool, attrNumber, attrString } from './graphAttributes.js';
import { constantOnOutput, elementwiseOperator, type ElementwiseTerm } from './elementwiseOperator.js';
import { argument, constantArgument, isAnalysis, notSupported, type GraphOpContext, type GraphOpRegistry } from './GraphOpContext.js';

function result(op: ReturnType<typeof elementwiseOperator>): LayerAnalysis {
  return 'status' in op ? op : affine(op);
}

/** Σ sign_i · x_i over the node's inputs: operands become terms, constants the bias. */
function signedSum(ctx: GraphOpContext, signs: readonly number[]): LayerAnalysis {
  const terms: ElementwiseTerm[] = [];
  const bias = new Float64Array(shapeSize(ctx.outputShape));
  for (let i = 0; i < signs.length; i++) {
    const sign = signs[i] as number;
    const a = argument(ctx, i, `operand ${i}`);
    if (a.kind === 'value') {
      terms.push({ input: a.input, coefficient: sign });
      continue;
    }
    const c = constantArgument(ctx, i, `operand ${i}`);
    if (isAnalysis(c)) return c;
    const values = constantOnOutput(ctx, c, `operand ${i}`);
    if ('status' in values) return values;
    for (let r = 0; r < bias.length; r++) bias[r] = (bias[r] as number) + sign * (values[r] as number);
  }
  return result(elementwiseOperator(ctx, terms, bias));
}

/** x ⊙ c (or x ⊘ c): one operand scaled element-wise by a broadcast constant. */
function scaled(ctx: GraphOpContext, divide: boolean): LayerAnalysis {
  const a = argument(ctx, 0, 'x');
  const b = argument(ctx, 1, 'y');
  if (a.kind === 'value' && b.kind === 'value') return notLinear(`${ctx.node.op} of two tensors is bilinear, not linear`);
  if (divide && b.kind === 'value') return notLinear(`${ctx.node.op} by a tensor: 1/x is not linear`);
  const [valueIndex, constIndex] = a.kind === 'value' ? [0, 1] : [1, 0];
  const operand = ctx.args[valueIndex];
  if (operand?.kind !== 'value') return notSupported(`not supported: ${ctx.node.op} without an operand that depends on the model's input`);
  const c = constantArgument(ctx, constIndex, divide ? 'divisor' : 'factor', true);
  if (isAnalysis(c)) return c;
  const values = constantOnOutput(ctx, c, divide ? 'divisor' : 'factor');
  if ('status' in values) return values;
  if (divide) {
    if (values.some((v) => v === 0)) return notSupported(`not supported: ${ctx.node.op} by a constant that has zeros`);
    for (let r = 0; r < values.length; r++) values[r] = 1 / (values[r] as number);
  }
  return result(elementwiseOperator(ctx, [{ input: operand.input, coefficient: values }], new Float64Array(values.length)));
}

function nchw(ctx: GraphOpContext): LayerAnalysis | undefined {
  const format = attrString(ctx.node, 'data_format');
  return format !== undefined && format.toUpperCase() !== 'NHWC'
    ? notSupported(`not supported: ${ctx.node.op} with data_format ${format} (layerproof follows TensorFlow.js: channels last, NHWC)`)
    : undefined;
}

/**
 * Batch normalisation at inference, diagonal:
 * $$y = \frac{\gamma}{\sqrt{\sigma^2 + \varepsilon}}\,x + \Big(\beta - \frac{\gamma\,\mu}{\sqrt{\sigma^2 + \varepsilon}}\Big)$$
 * over the last axis (tfjs's default epsilon 0.001 when the attribute is absent).
 */
function fusedBatchNorm(ctx: GraphOpContext): LayerAnalysis {
  const format = nchw(ctx);
  if (format !== undefined) return format;
  if (attrBool(ctx.node, 'is_training') === true) return notSupported(`not supported: ${ctx.node.op} with is_training: it normalises with the batch's own statistics`);
  const x = argument(ctx, 0, 'x');
  if (x.kind !== 'value') return notSupported(`not supported: ${ctx.node.op} of a constant`);
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const roles = ['scale', 'offset', 'mean', 'variance'] as const;
  const params: Float64Array[] = [];
  for (let i = 0; i < roles.length; i++) {
    const c = constantArgument(ctx, i + 1, roles[i] as string);
    if (isAnalysis(c)) return c;
    if (c.data.length !== channels) {
      return notSupported(`not supported: ${ctx.node.op} whose ${roles[i] as string} has shape [${c.shape.join(', ')}] for ${channels} channels`);
    }
    params.push(c.data);
  }
  const [scale, offset, mean, variance] = params as [Float64Array, Float64Array, Float64Array, Float64Array];
  const eps = attrNumber(ctx.node, 'epsilon') ?? 0.001;
  const rows = shapeSize(ctx.outputShape);
  const coefficient = new Float64Array(rows);
  const bias = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const ch = r % channels;
    const k = (scale[ch] as number) / Math.sqrt((variance[ch] as number) + eps);
    coefficient[r] = k;
    bias[r] = (offset[ch] as number) - (mean[ch] as number) * k;
  }
  return result(elementwiseOperator(ctx, [{ input: x.input, coefficient }], bias));
}

/** Element-wise affine ops: sums and differences, scaling by constants, bias, batch normalisation. */
export const ELEMENTWISE_OPS: GraphOpRegistry = {
  Add: (ctx) => signedSum(ctx, [1, 1]),
  AddV2: (ctx) => signedSum(ctx, [1, 1]),
  AddN: (ctx) => signedSum(ctx, ctx.args.map(() => 1)),
  BiasAdd: (ctx) => nchw(ctx) ?? signedSum(ctx, [1, 1]),
  Sub: (ctx) => signedSum(ctx, [1, -1]),
  Neg: (ctx) => signedSum(ctx, [-1]),
  Mul: (ctx) => scaled(ctx, false),
  RealDiv: (ctx) => scaled(ctx, true),
  Div: (ctx) => scaled(ctx, true),
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormV2: fusedBatchNorm,
  FusedBatchNormV3: fusedBatchNorm,
};
