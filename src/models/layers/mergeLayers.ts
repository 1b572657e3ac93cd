import { LayerproofError } from '../../core/LayerproofError.js';
import { shapeSize } from '../AffineOperator.js';
import { affine, type LayerAnalysis, type LayerContext } from './LayerOperatorBuilder.js';
import { copyOperator } from './copyOperator.js';
import { elementwiseSumOperator } from './elementwiseSumOperator.js';
import { checkOutputShape, configAxis, layerOp } from './layerConfig.js';

function describeShapes(shapes: readonly (readonly number[])[]): string {
  return shapes.map((s) => `[${s.join(', ')}]`).join(', ');
}

function checkArity(context: LayerContext, exactly?: number): void {
  const n = context.inputShapes.length;
  if (exactly === undefined ? n < 2 : n !== exactly) {
    throw LayerproofError.invalid({
      op: layerOp(context), argument: 'inputShape', value: describeShapes(context.inputShapes),
      expected: `${exactly === undefined ? 'at least 2' : `exactly ${exactly}`} input shapes (a merge layer takes a list of inputs)`,
    });
  }
}

/** The NumPy broadcast of the non-batch shapes, as tfjs's merge layers compute it. */
function broadcastShape(context: LayerContext): number[] {
  const rank = Math.max(...context.inputShapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const shape of context.inputShapes) {
    shape.forEach((d, i) => {
      const at = rank - shape.length + i;
      const o = out[at] as number;
      if (o !== 1 && d !== 1 && d !== o) {
        throw LayerproofError.invalid({ op: layerOp(context), argument: 'inputShape', value: describeShapes(context.inputShapes), expected: 'shapes that broadcast together (aligned at the last axis, each axis equal or 1)' });
      }
      if (d !== 1) out[at] = d;
    });
  }
  return out;
}

function weightedSum(context: LayerContext, coefficients: readonly number[]): LayerAnalysis {
  const outputShape = broadcastShape(context);
  checkOutputShape(context, outputShape);
  return affine(elementwiseSumOperator({ op: layerOp(context), kind: context.className, inputShapes: context.inputShapes, outputShape, coefficients }));
}

/** Add: y = x₁ + … + x_k, inputs broadcast to a common shape. */
export function addLayer(context: LayerContext): LayerAnalysis {
  checkArity(context);
  return weightedSum(context, context.inputShapes.map(() => 1));
}

/** Subtract (Keras; a custom class in tfjs): y = x₁ − x₂. */
export function subtractLayer(context: LayerContext): LayerAnalysis {
  checkArity(context, 2);
  return weightedSum(context, [1, -1]);
}

/** Average: y = (x₁ + … + x_k)/k. */
export function averageLayer(context: LayerContext): LayerAnalysis {
  checkArity(context);
  const k = context.inputShapes.length;
  return weightedSum(context, context.inputShapes.map(() => 1 / k));
}

/**
 * Concatenate along `axis` (tfjs counts the batch as axis 0; default −1): each output element
 * copies one element of one input, so T is a permutation of the stacked inputs' columns.
 */
export function concatenateLayer(context: LayerContext): LayerAnalysis {
  checkArity(context);
  const shapes = context.inputShapes;
  const first = shapes[0] ?? [];
  const rank = first.length;
  const axis = configAxis(context, 'axis', rank, -1);
  const matches = shapes.every((s) => s.length === rank && s.every((d, i) => i === axis || d === first[i]));
  if (!matches) {
    throw LayerproofError.invalid({ op: layerOp(context), argument: 'inputShape', value: describeShapes(shapes), expected: `shapes of one rank that agree on every axis but axis ${axis} (without the batch)` });
  }
  const lengths = shapes.map((s) => s[axis] as number);
  const starts: number[] = [];
  const offsets: number[] = [];
  let start = 0;
  let offset = 0;
  for (const [j, s] of shapes.entries()) {
    starts.push(start);
    offsets.push(offset);
    start += lengths[j] as number;
    offset += shapeSize(s);
  }
  const outputShape = first.map((d, i) => (i === axis ? start : d));
  checkOutputShape(context, outputShape);
  const inner = shapeSize(first.slice(axis + 1));
  const total = start;
  const source = (row: number): number => {
    const within = row % inner;
    const rest = (row - within) / inner;
    const q = rest % total;
    const outer = (rest - q) / total;
    let j = 0;
    while (q >= (starts[j + 1] ?? Infinity)) j++;
    const len = lengths[j] as number;
    return (offsets[j] as number) + (outer * len + q - (starts[j] as number)) * inner + within;
  };
  return affine(copyOperator({ kind: context.className, inputShapes: shapes, outputShape, source }));
}
