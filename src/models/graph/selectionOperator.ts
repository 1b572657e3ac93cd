import type { AffineOperator } from '../AffineOperator.js';
import type { GraphOpContext } from './GraphOpContext.js';
import { rowOperator } from '../rowOperator.js';

/**
 * An op that only moves elements (reshape, transpose, padding, concatenation): row `row` of T
 * holds one 1 at the column `source(row)` of the stacked operands, or nothing where the output is
 * a constant (`source` −1; the constant is the bias).
 */
export function selectionOperator(ctx: GraphOpContext, outputShape: readonly number[], source: (row: number) => number, bias?: Float64Array): AffineOperator {
  return rowOperator({
    kind: ctx.node.op,
    inputShapes: ctx.inputShapes,
    outputShape,
    ...(bias !== undefined && { bias }),
    rowLength: (row) => (source(row) >= 0 ? 1 : 0),
    fillRow: (row, colIndex, values, at) => {
      const col = source(row);
      if (col < 0) return;
      colIndex[at] = col;
      values[at] = 1;
    },
  });
}

/** The multi-index of row-major element `flat` of `shape`, written into `out`. */
export function unravel(flat: number, shape: readonly number[], out: number[]): number[] {
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] as number;
    const j = rest % n;
    out[d] = j;
    rest = (rest - j) / n;
  }
  return out;
}
