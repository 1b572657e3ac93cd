import { LayerproofError } from '../../core/LayerproofError.js';
import type { Activation } from '../activation.js';
import type { AffineOperator } from '../AffineOperator.js';
import type { LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import { broadcastIndex } from './broadcastIndex.js';
import { notSupported, type GraphConstant, type GraphOpContext } from './GraphOpContext.js';
import { rowOperator } from '../rowOperator.js';

/** One operand of an element-wise affine op: coefficient × (operand `input`, broadcast to the output). */
export interface ElementwiseTerm {
  readonly input: number;
  /** One coefficient for every element, or one per output element. */
  readonly coefficient: number | Float64Array;
}

/**
 * A constant broadcast to the op's output, one value per output element (without the batch). A
 * constant that has the batch axis must have size 1 there: one that differs between samples has
 * no per-sample operator.
 */
export function constantOnOutput(ctx: GraphOpContext, c: GraphConstant, role: string): Float64Array | LayerAnalysis {
  const rank = ctx.outputShape.length;
  let shape = c.shape;
  if (shape.length === rank + 1) {
    if (shape[0] !== 1) return notSupported(`not supported: ${ctx.node.op} with a ${role} of shape [${shape.join(', ')}] that differs along the batch axis`);
    shape = shape.slice(1);
  }
  if (shape.length > rank + 1) {
    throw LayerproofError.invalid({ op: ctx.op, argument: `${role} shape`, value: c.shape, expected: `a shape that broadcasts to the output [batch, ${ctx.outputShape.join(', ')}]` });
  }
  const index = broadcastIndex(ctx.op, `${role} shape`, shape, ctx.outputShape);
  return Float64Array.from(index, (i) => c.data[i] as number);
}

/**
 * vec(y) = act(Σ_t coefficient_t ⊙ broadcast(x_{input_t}) + b): the operator of Add, Sub, Mul by a
 * constant, BiasAdd, batch normalisation, ... Every operand must have the output's rank, so that
 * its first axis is the batch; it may have size 1 on other axes (broadcast).
 */
export function elementwiseOperator(ctx: GraphOpContext, terms: readonly ElementwiseTerm[], bias: Float64Array, activation: Activation = 'linear'): AffineOperator | LayerAnalysis {
  const out = ctx.outputShape;
  const offsets: number[] = [];
  let offset = 0;
  for (const s of ctx.inputShapes) {
    offsets.push(offset);
    offset += s.reduce((a, b) => a * b, 1);
  }
  const sorted = [...terms].sort((a, b) => a.input - b.input);
  const columns: Int32Array[] = [];
  for (const t of sorted) {
    const shape = ctx.inputShapes[t.input] ?? [];
    if (shape.length !== out.length) {
      return notSupported(`not supported: ${ctx.node.op} of an operand of shape [batch, ${shape.join(', ')}] into [batch, ${out.join(', ')}]: its batch axis does not line up with the output's`);
    }
    const index = broadcastIndex(ctx.op, `input ${t.input} shape`, shape, out);
    const base = offsets[t.input] as number;
    columns.push(index.map((i) => i + base));
  }
  return rowOperator({
    kind: ctx.node.op,
    inputShapes: ctx.inputShapes,
    outputShape: out,
    bias,
    activation,
    rowLength: () => sorted.length,
    fillRow: (row, colIndex, values, at) => {
      sorted.forEach((t, k) => {
        colIndex[at + k] = (columns[k] as Int32Array)[row] as number;
        values[at + k] = typeof t.coefficient === 'number' ? t.coefficient : (t.coefficient[row] as number);
      });
    },
  });
}
