import { shapeSize, type AffineOperator } from '../../models/AffineOperator.js';

/** Certified upper bounds on ‖T‖₂ and on the norm of each input's block of columns. */
export interface HolderNormBounds {
  readonly whole: number;
  /** One per input of the operator: ‖T_j‖₂, T_j the columns that read input j. */
  readonly blocks: readonly number[];
}

/**
 * $\lVert A\rVert_2 \le \sqrt{\lVert A\rVert_1 \lVert A\rVert_\infty}$ (largest absolute column sum
 * times largest absolute row sum) for T and for each input's column block T_j, in one pass over
 * T's rows, `blockNnz` entries at a time. Exact for the operators of merges (a copy or a weighted
 * identity, broadcast or not), for which it is used; a loose bound for a convolution.
 */
export function holderNormBounds(op: AffineOperator, blockNnz = 2 ** 20): HolderNormBounds {
  const starts: number[] = [];
  let at = 0;
  for (const s of op.inputShapes) {
    starts.push(at);
    at += shapeSize(s);
  }
  const inputOf = (col: number): number => {
    let j = starts.length - 1;
    while (j > 0 && (starts[j] as number) > col) j--;
    return j;
  };
  const colSums = new Float64Array(op.cols);
  const rowMax = new Float64Array(op.inputShapes.length);
  let wholeRowMax = 0;
  let terms = 1;
  const perRow = Math.max(1, Math.ceil(op.nnz / Math.max(1, op.rows)));
  const step = Math.max(1, Math.floor(blockNnz / perRow));
  const rowSums = new Float64Array(op.inputShapes.length);
  for (let start = 0; start < op.rows; start += step) {
    const block = op.rowBlock(start, Math.min(op.rows, start + step));
    for (let i = 0; i < block.rows; i++) {
      rowSums.fill(0);
      let whole = 0;
      for (let k = block.rowPtr[i] as number; k < (block.rowPtr[i + 1] as number); k++) {
        const col = block.colIndex[k] as number;
        const v = Math.abs(block.values[k] as number);
        const j = inputOf(col);
        rowSums[j] = (rowSums[j] as number) + v;
        colSums[col] = (colSums[col] as number) + v;
        whole += v;
      }
      wholeRowMax = Math.max(wholeRowMax, whole);
      terms = Math.max(terms, (block.rowPtr[i + 1] as number) - (block.rowPtr[i] as number));
      for (let j = 0; j < rowSums.length; j++) rowMax[j] = Math.max(rowMax[j] as number, rowSums[j] as number);
    }
  }
  const colMax = (from: number, to: number): number => {
    let m = 0;
    for (let c = from; c < to; c++) m = Math.max(m, colSums[c] as number);
    return m;
  };
  // Each float64 sum of at most max(terms, rows) magnitudes is within that many roundings of its value.
  const slack = 1 + 2 * (Math.max(terms, op.rows) + 2) * 2 ** -53;
  return {
    whole: Math.sqrt(wholeRowMax * colMax(0, op.cols)) * slack,
    blocks: op.inputShapes.map((_s, j) => Math.sqrt((rowMax[j] as number) * colMax(starts[j] as number, starts[j + 1] ?? op.cols)) * slack),
  };
}
