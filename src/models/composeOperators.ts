import { LayerproofError } from '../core/LayerproofError.js';
import { SparseMatrix } from '../linear/SparseMatrix.js';
import { checkRowRange, shapeSize, type AffineOperator } from './AffineOperator.js';
import { DEFAULT_BLOCK_NNZ } from './verify/checkOperator.js';

/** Columns [lo, hi] that a CSR block touches (hi < lo when it has no entries). */
function columnSpan(m: SparseMatrix): [number, number] {
  let lo = Infinity;
  let hi = -1;
  const { rowPtr, colIndex } = m;
  for (let r = 0; r < m.rows; r++) {
    const a = rowPtr[r] as number;
    const b = rowPtr[r + 1] as number;
    if (b > a) {
      // Columns are increasing within a row.
      lo = Math.min(lo, colIndex[a] as number);
      hi = Math.max(hi, colIndex[b - 1] as number);
    }
  }
  return [lo === Infinity ? 0 : lo, hi];
}

/** The same entries with every column shifted down by `offset` and `cols` columns. */
function shiftColumns(m: SparseMatrix, offset: number, cols: number): SparseMatrix {
  const colIndex = new Int32Array(m.nnz);
  for (let k = 0; k < m.nnz; k++) colIndex[k] = (m.colIndex[k] as number) - offset;
  return new SparseMatrix(m.rows, cols, m.rowPtr, colIndex, m.values);
}

/** Rows [start, end) of T_k⋯T_1, built from row blocks only: the rows of T_{k−1} a block needs are those its columns span. */
function productRows(chain: readonly AffineOperator[], start: number, end: number): SparseMatrix {
  const last = chain[chain.length - 1];
  if (last === undefined) throw new Error('productRows: empty chain');
  const block = last.rowBlock(start, end);
  if (chain.length === 1) return block;
  const [lo, hi] = columnSpan(block);
  const rest = chain.slice(0, -1);
  if (hi < lo) return new SparseMatrix(end - start, rest[0]?.cols ?? 0, new Int32Array(end - start + 1), new Int32Array(0), new Float64Array(0));
  return shiftColumns(block, lo, hi - lo + 1).multiplySparse(productRows(rest, lo, hi + 1));
}

/** y = T·x + b of one operator, computed a row block at a time. */
function applyInBlocks(o: AffineOperator, x: Float64Array, blockNnz: number, abs: boolean): Float64Array {
  const y = new Float64Array(o.rows);
  const step = Math.max(1, Math.floor(blockNnz / Math.max(1, o.nnz / Math.max(1, o.rows))));
  for (let start = 0; start < o.rows; start += step) {
    const end = Math.min(o.rows, start + step);
    const m = o.rowBlock(start, end);
    for (let r = 0; r < end - start; r++) {
      let s = abs ? Math.abs(o.bias[start + r] as number) : (o.bias[start + r] as number);
      for (let k = m.rowPtr[r] as number; k < (m.rowPtr[r + 1] as number); k++) {
        const v = (m.values[k] as number) * (x[m.colIndex[k] as number] as number);
        s += abs ? Math.abs(v) : v;
      }
      y[r + start] = s;
    }
  }
  return y;
}

export interface ComposedOperator extends AffineOperator {
  /** The operators multiplied, first applied first. */
  readonly chain: readonly AffineOperator[];
  /**
   * |T_k|(⋯(|T_1||x| + |b_1|)⋯) + |b_k| for one input x: the magnitudes a float32 evaluation of the
   * chain, layer by layer, accumulates its rounding errors against (the composed matrix alone can
   * hide them by cancellation).
   */
  magnitudes(x: ArrayLike<number>, blockNnz?: number): Float64Array;
  /** Σ of the chain's longest rows: the number of roundings along the worst path. */
  readonly terms: number;
}

/**
 * The single affine operator of a chain of single-input affine operators applied one after the
 * other (convolution then batch normalisation, depthwise then pointwise, dense then dense):
 * T = T_k⋯T_1 and b = T_k(⋯(T_2 b_1 + b_2)⋯) + b_k, with the last one's activation. This is
 * batch-norm folding, and `checkOperator` verifies it against the chain as TensorFlow.js runs it.
 * Every operator before the last must be linear in activation (no nonlinearity inside a chain).
 */
export function composeOperators(chain: readonly AffineOperator[], options: { readonly blockNnz?: number } = {}): ComposedOperator {
  const op = 'composeOperators';
  const first = chain[0];
  const last = chain[chain.length - 1];
  if (first === undefined || last === undefined || chain.length < 2) {
    throw LayerproofError.invalid({ op, argument: 'chain.length', value: chain.length, expected: 'at least 2 operators' });
  }
  chain.forEach((o, i) => {
    if (o.inputShapes.length !== 1) throw LayerproofError.invalid({ op, argument: `chain[${i}].inputShapes.length`, value: o.inputShapes.length, expected: '1 (single-input operators)' });
    if (i < chain.length - 1 && o.activation !== 'linear') {
      throw LayerproofError.invalid({ op, argument: `chain[${i}].activation`, value: o.activation, expected: "'linear' (only the last operator of a chain may have an activation)" });
    }
    const next = chain[i + 1];
    if (next !== undefined && shapeSize(next.inputShapes[0] ?? []) !== o.rows) {
      throw LayerproofError.invalid({ op, argument: `chain[${i + 1}].inputShapes[0]`, value: next.inputShapes[0], expected: `a shape of ${o.rows} elements, the output of chain[${i}] [${o.outputShape.join(', ')}]` });
    }
  });
  const blockNnz = options.blockNnz ?? DEFAULT_BLOCK_NNZ;
  let bias: Float64Array = first.bias;
  for (const o of chain.slice(1)) bias = applyInBlocks(o, bias, blockNnz, false);
  // Rows of the product have at most Π(row lengths) entries, and never more than the columns.
  let perRow = 1;
  let terms = 0;
  for (const o of chain) {
    perRow *= Math.max(1, o.nnz / Math.max(1, o.rows));
    terms += Math.ceil(o.nnz / Math.max(1, o.rows)) + 1;
  }
  const rows = last.rows;
  const cols = first.cols;
  return {
    kind: chain.map((o) => o.kind).join('→'),
    inputShapes: first.inputShapes,
    outputShape: last.outputShape,
    rows,
    cols,
    nnz: Math.round(Math.min(cols, perRow) * rows),
    bias,
    activation: last.activation,
    note: 'the product of the chain (an estimate of nnz until it is built)',
    chain,
    terms,
    rowBlock: (start, end) => {
      checkRowRange(`${op}.rowBlock`, rows, start, end);
      return productRows(chain, start, end);
    },
    magnitudes: (x, nnz = blockNnz) => {
      let v: Float64Array = Float64Array.from(x, Math.abs);
      for (const o of chain) v = applyInBlocks(o, v, nnz, true);
      return v;
    },
  };
}
