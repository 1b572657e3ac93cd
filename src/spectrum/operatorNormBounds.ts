import { LayerproofError } from '../core/LayerproofError.js';
import type { AffineOperator } from '../models/AffineOperator.js';
import type { NormBound, NormBoundOptions } from './NormBound.js';
import { sparseNormBounds } from './sparseNormBounds.js';

/** Largest T built whole (stored entries); above it the bound is assembled a row block at a time. */
const WHOLE_NNZ = 2 ** 26;

/**
 * A certified interval for the operator norm of any `AffineOperator` (a layer, a graph op, or a
 * chain from `composeOperators`), from its entries only (`sparseNormBounds`). The bias does not
 * enter: the Lipschitz constant of x ↦ Tx + b is ‖T‖₂. An operator of more than 2²⁶ stored
 * entries gets the cheap bracket only: the largest row norm ≤ ‖T‖₂ ≤ √(‖T‖₁‖T‖∞), a row block at a time.
 */
export function operatorNormBounds(op: AffineOperator, options: NormBoundOptions = {}): Promise<NormBound> {
  return Promise.resolve().then(() => {
    if (typeof op !== 'object' || op === null || typeof (op as Partial<AffineOperator>).rowBlock !== 'function') {
      throw LayerproofError.invalid({ op: 'operatorNormBounds', argument: 'op', value: op, expected: 'an AffineOperator (from layerOperator, modelOperators or composeOperators)' });
    }
    const name = `operatorNormBounds(${op.kind})`;
    if (op.nnz <= WHOLE_NNZ) return sparseNormBounds(op.rowBlock(0, op.rows), options, name);
    return blockwiseBounds(op, name);
  });
}

function blockwiseBounds(op: AffineOperator, name: string): NormBound {
  const t0 = performance.now();
  const step = Math.max(1, Math.floor(WHOLE_NNZ / Math.max(1, Math.ceil(op.nnz / op.rows))));
  const colSums = new Float64Array(op.cols);
  let rowMax = 0;
  let rowNormMax = 0;
  let terms = 1;
  for (let start = 0; start < op.rows; start += step) {
    const m = op.rowBlock(start, Math.min(op.rows, start + step));
    for (let r = 0; r < m.rows; r++) {
      let s = 0;
      let q = 0;
      for (let k = m.rowPtr[r] as number; k < (m.rowPtr[r + 1] as number); k++) {
        const v = m.values[k] as number;
        s += Math.abs(v);
        q += v * v;
        const c = m.colIndex[k] as number;
        colSums[c] = (colSums[c] as number) + Math.abs(v);
      }
      terms = Math.max(terms, (m.rowPtr[r + 1] as number) - (m.rowPtr[r] as number));
      rowMax = Math.max(rowMax, s);
      rowNormMax = Math.max(rowNormMax, q);
    }
  }
  const colMax = colSums.reduce((a, b) => Math.max(a, b), 0);
  const slack = 1 + 2 * (terms + op.rows + 2) * 2 ** -53;
  return {
    lower: Math.sqrt(rowNormMax) / slack,
    upper: Math.sqrt(rowMax * colMax) * slack,
    exact: false,
    method: 'norm-1-inf+row-norm',
    rests: `${name} has ${op.nnz} stored entries, too many to build whole: upper ‖T‖₂ ≤ √(‖T‖₁‖T‖∞), lower the largest row norm, each a row block at a time with a float64 rounding margin.`,
    ms: performance.now() - t0,
  };
}
