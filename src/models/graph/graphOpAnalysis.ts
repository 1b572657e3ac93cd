import { LayerproofError } from '../../core/LayerproofError.js';
import type { LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import { CONVOLUTION_OPS } from './convolutionOps.js';
import { ELEMENTWISE_OPS } from './elementwiseOps.js';
import type { GraphOpContext, GraphOpRegistry } from './GraphOpContext.js';
import { MATMUL_OPS } from './matMulOps.js';
import { NONLINEAR_OPS } from './nonlinearOps.js';
import { REDUCTION_OPS } from './reductionOps.js';
import { SHAPE_OPS } from './shapeOps.js';

const REGISTRIES: readonly GraphOpRegistry[] = [CONVOLUTION_OPS, MATMUL_OPS, ELEMENTWISE_OPS, REDUCTION_OPS, SHAPE_OPS, NONLINEAR_OPS];

/** Every graph op layerproof knows, linear or not. */
export function knownGraphOps(): string[] {
  return REGISTRIES.flatMap((r) => Object.keys(r)).sort();
}

const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The analysis of one graph node: its builder's operator, `not linear`, or `not supported: Op` for
 * an op layerproof does not know. An operator whose shapes disagree with what the model produced
 * is refused with both shapes, rather than checked against the wrong elements.
 */
export function graphOpAnalysis(ctx: GraphOpContext): LayerAnalysis {
  const builder = REGISTRIES.map((r) => (Object.hasOwn(r, ctx.node.op) ? r[ctx.node.op] : undefined)).find((b) => b !== undefined);
  if (builder === undefined) return { status: 'not supported', reason: `not supported: ${ctx.node.op}` };
  const analysis = builder(ctx);
  if (analysis.status !== 'affine') return analysis;
  const { operator } = analysis;
  if (!same(operator.outputShape, ctx.outputShape)) {
    throw new LayerproofError(
      `Error in ${ctx.op}: layerproof's operator has output shape [${operator.outputShape.join(', ')}] but TensorFlow.js produced ` +
        `[${ctx.outputShape.join(', ')}] (both without the batch) from inputs ${ctx.inputShapes.map((s) => `[${s.join(', ')}]`).join(', ')}. ` +
        'Valid: the shapes the model really produced for this node.',
      { op: ctx.op, argument: 'outputShape', value: ctx.outputShape },
    );
  }
  return analysis;
}
