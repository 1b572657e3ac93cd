import { LayerproofError } from '../../core/LayerproofError.js';
import { affine, type LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import { stridesOf } from './broadcastIndex.js';
import { attrBool } from './graphAttributes.js';
import { argument, constantArgument, integerValues, isAnalysis, notSupported, type GraphOpContext, type GraphOpRegistry } from './GraphOpContext.js';
import { rowOperator } from '../rowOperator.js';
import { unravel } from './selectionOperator.js';

/**
 * Mean and Sum over constant axes other than the batch: row o of T holds 1/count (Mean) or 1
 * (Sum) at every input element that reduces to o. `keep_dims` changes the shape only.
 */
function reduction(mean: boolean) {
  return (ctx: GraphOpContext): LayerAnalysis => {
    const x = argument(ctx, 0, 'input');
    if (x.kind !== 'value') return notSupported(`not supported: ${ctx.node.op} of a constant`);
    const ac = constantArgument(ctx, 1, 'reduction_indices');
    if (isAnalysis(ac)) return ac;
    const rank = x.shape.length + 1;
    const axes = new Set(integerValues(ctx, ac, 'reduction_indices').map((a) => {
      const n = a < 0 ? a + rank : a;
      if (n < 0 || n >= rank) throw LayerproofError.invalid({ op: ctx.op, argument: 'reduction_indices', value: a, expected: `axes in [${-rank}, ${rank - 1}]` });
      return n;
    }));
    if (axes.has(0)) return notSupported(`not supported: ${ctx.node.op} over the batch axis (it mixes samples)`);
    const keep = attrBool(ctx.node, 'keep_dims') ?? false;
    const reduced = x.shape.map((_n, d) => axes.has(d + 1));
    const kept = x.shape.filter((_n, d) => !(reduced[d] ?? false));
    const outputShape = keep ? x.shape.map((n, d) => ((reduced[d] ?? false) ? 1 : n)) : kept;
    const strides = stridesOf(x.shape);
    // Offsets of the reduced cells from a kept position, increasing (row-major over the reduced axes).
    const reducedAxes = x.shape.map((_n, d) => d).filter((d) => reduced[d] ?? false);
    let offsets = [0];
    for (const d of reducedAxes) {
      const next: number[] = [];
      for (const o of offsets) for (let j = 0; j < (x.shape[d] as number); j++) next.push(o + j * (strides[d] as number));
      offsets = next;
    }
    offsets.sort((p, q) => p - q);
    const keptAxes = x.shape.map((_n, d) => d).filter((d) => !(reduced[d] ?? false));
    const count = offsets.length;
    const value = mean ? 1 / count : 1;
    const k: number[] = [];
    return affine(rowOperator({
      kind: ctx.node.op,
      inputShapes: ctx.inputShapes,
      outputShape,
      rowLength: () => count,
      fillRow: (row, colIndex, values, at) => {
        unravel(row, kept, k);
        let base = 0;
        keptAxes.forEach((d, i) => (base += (k[i] as number) * (strides[d] as number)));
        for (let q = 0; q < count; q++) {
          colIndex[at + q] = base + (offsets[q] as number);
          values[at + q] = value;
        }
      },
    }));
  };
}

/** Linear reductions, by op. */
export const REDUCTION_OPS: GraphOpRegistry = {
  Mean: reduction(true),
  Sum: reduction(false),
};
