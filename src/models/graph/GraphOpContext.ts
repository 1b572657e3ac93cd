import { LayerproofError } from '../../core/LayerproofError.js';
import type { LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import type { GraphNodeJson } from './GraphDefJson.js';

/** A Const node's value, read from the model's weights. */
export interface GraphConstant {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** One data input of a node, in the node's input order. */
export type GraphArgument =
  /** Operand `input` of the site (its columns in T), of `shape` without the batch. */
  | { readonly kind: 'value'; readonly tensor: string; readonly input: number; readonly shape: readonly number[] }
  | ({ readonly kind: 'constant'; readonly tensor: string; readonly source: string } & GraphConstant)
  /** Fixed for the run but not a stored weight (a `Shape`, arithmetic on constants). */
  | { readonly kind: 'computed'; readonly tensor: string }
  /** A Const node whose weight the model does not hold. */
  | { readonly kind: 'missing'; readonly tensor: string; readonly source: string };

/** Everything an op builder needs about one node: its attributes, its inputs and the shapes it really sees. */
export interface GraphOpContext {
  readonly node: GraphNodeJson;
  /** `graph node 'conv1' (_FusedConv2D)`, for messages. */
  readonly op: string;
  /** The site's operands (value inputs), without the batch dimension. */
  readonly inputShapes: readonly (readonly number[])[];
  /** The node's output 0, without the batch dimension. */
  readonly outputShape: readonly number[];
  readonly args: readonly GraphArgument[];
}

/**
 * Builds the analysis of one op. Throws a LayerproofError naming the node when its attributes or
 * constants are inconsistent with the shapes it sees.
 */
export type GraphOpBuilder = (context: GraphOpContext) => LayerAnalysis;

/** Builders by op name. */
export type GraphOpRegistry = Readonly<Record<string, GraphOpBuilder>>;

export const notSupported = (reason: string): LayerAnalysis => ({ status: 'not supported', reason });

/** The node's data input `index`, or a LayerproofError saying the node has too few inputs. */
export function argument(ctx: GraphOpContext, index: number, role: string): GraphArgument {
  const a = ctx.args[index];
  if (a === undefined) {
    throw LayerproofError.invalid({ op: ctx.op, argument: `input ${index} (${role})`, value: ctx.node.input ?? [], expected: `present: ${ctx.node.op} takes its ${role} as input ${index}` });
  }
  return a;
}

/**
 * The constant at input `index`, or why the op has no operator when it is not one. A tensor that
 * depends on the model's input makes a `multiplies` argument (a filter, a factor) bilinear: not
 * linear; any other (a bias, axes, paddings) is beyond what layerproof reads, as is a value
 * computed in the graph: not supported. A Const without a weight is an error.
 */
export function constantArgument(ctx: GraphOpContext, index: number, role: string, multiplies = false): GraphConstant | LayerAnalysis {
  const a = argument(ctx, index, role);
  switch (a.kind) {
    case 'constant':
      return a;
    case 'missing':
      throw LayerproofError.invalid({
        op: ctx.op, argument: `input ${index} (${role}) '${a.tensor}'`, value: a.source,
        expected: `a Const node whose weight the model holds, but the model's weights (weightSpecs) have no entry '${a.source}'`,
      });
    case 'value':
      return multiplies
        ? { status: 'not linear', reason: `its ${role} '${a.tensor}' depends on the model's input: a product of two tensors is bilinear, not linear` }
        : notSupported(`not supported: ${ctx.node.op} whose ${role} '${a.tensor}' depends on the model's input (layerproof needs a constant ${role})`);
    case 'computed':
      return notSupported(`not supported: ${ctx.node.op} whose ${role} '${a.tensor}' is computed in the graph, not a stored constant`);
  }
}

export function isAnalysis(v: GraphConstant | LayerAnalysis): v is LayerAnalysis {
  return 'status' in v;
}

/** Integer values of a constant (axes, paddings, permutations), checked. */
export function integerValues(ctx: GraphOpContext, c: GraphConstant, role: string): number[] {
  const values = Array.from(c.data);
  if (!values.every((v) => Number.isInteger(v))) {
    throw LayerproofError.invalid({ op: ctx.op, argument: role, value: values, expected: 'integers' });
  }
  return values;
}
