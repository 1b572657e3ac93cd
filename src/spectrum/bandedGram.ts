import { SparseMatrix } from '../linear/SparseMatrix.js';

/**
 * The Gram matrix of a sparse T on its smaller side, TᵀT (side 'cols') or TTᵀ (side 'rows'),
 * as a symmetric band: entry (i, i + k), 0 ≤ k ≤ b, at `band[i·(b + 1) + k]`. A convolution's
 * Gram is banded in HWC order (taps reach at most (k − 1)·d rows of W·C cells away), which is
 * what makes a banded factorisation of μ²I − G affordable.
 */
export interface BandedGram {
  readonly side: 'cols' | 'rows';
  readonly n: number;
  /** Half-bandwidth b. */
  readonly b: number;
  readonly band: Float64Array;
  /** Most products in one entry of G (the k of its rounding bound γ_k). */
  readonly terms: number;
  /** ‖T‖₁ · ‖T‖∞, which bounds ‖|T|ᵀ|T|‖₂ (computed in float64). */
  readonly oneInf: number;
}


/** Largest (last − first column) over rows: the half-bandwidth of TᵀT. */
function rowSpan(t: SparseMatrix): number {
  let b = 0;
  for (let r = 0; r < t.rows; r++) {
    const a = t.rowPtr[r] as number;
    const e = t.rowPtr[r + 1] as number;
    if (e > a) b = Math.max(b, (t.colIndex[e - 1] as number) - (t.colIndex[a] as number));
  }
  return b;
}

function maxRowNnz(t: SparseMatrix): number {
  let m = 0;
  for (let r = 0; r < t.rows; r++) m = Math.max(m, (t.rowPtr[r + 1] as number) - (t.rowPtr[r] as number));
  return m;
}

function maxAbsRowSum(t: SparseMatrix): number {
  let m = 0;
  for (let r = 0; r < t.rows; r++) {
    let s = 0;
    for (let k = t.rowPtr[r] as number; k < (t.rowPtr[r + 1] as number); k++) s += Math.abs(t.values[k] as number);
    m = Math.max(m, s);
  }
  return m;
}

/** Flops of factorising the band Gram of the cheaper side (≈ n·b²/2), without building it. */
export function bandedGramCost(t: SparseMatrix, tt: SparseMatrix = t.transpose()): { side: 'cols' | 'rows'; n: number; b: number; flops: number } {
  const bc = rowSpan(t);
  const br = rowSpan(tt);
  const cols = { side: 'cols' as const, n: t.cols, b: bc, flops: t.cols * (bc + 1) ** 2 / 2 };
  const rows = { side: 'rows' as const, n: t.rows, b: br, flops: t.rows * (br + 1) ** 2 / 2 };
  return rows.flops < cols.flops ? rows : cols;
}

/** Builds the band Gram of the cheaper side of T. */
export function bandedGram(t: SparseMatrix): BandedGram {
  const tt = t.transpose();
  const { side } = bandedGramCost(t, tt);
  // TᵀT sums over the rows of T; TTᵀ over the rows of Tᵀ.
  const source = side === 'cols' ? t : tt;
  const n = source.cols;
  const b = rowSpan(source);
  const w = b + 1;
  const band = new Float64Array(n * w);
  const { rowPtr, colIndex, values } = source;
  for (let r = 0; r < source.rows; r++) {
    const start = rowPtr[r] as number;
    const end = rowPtr[r + 1] as number;
    if (end === start) continue;
    // Consecutive columns (dense rows, a convolution's taps along a row): contiguous band writes.
    const contiguous = (colIndex[end - 1] as number) - (colIndex[start] as number) === end - start - 1;
    for (let k1 = start; k1 < end; k1++) {
      const c1 = colIndex[k1] as number;
      const v1 = values[k1] as number;
      if (v1 === 0) continue;
      const base = c1 * w - c1;
      if (contiguous) {
        const off = base + c1 - k1;
        for (let k2 = k1; k2 < end; k2++) band[off + k2] = (band[off + k2] as number) + v1 * (values[k2] as number);
      } else {
        for (let k2 = k1; k2 < end; k2++) {
          const at = base + (colIndex[k2] as number);
          band[at] = (band[at] as number) + v1 * (values[k2] as number);
        }
      }
    }
  }
  const other = side === 'cols' ? tt : t;
  return { side, n, b, band, terms: Math.max(1, maxRowNnz(other)), oneInf: maxAbsRowSum(t) * maxAbsRowSum(tt) };
}

/** y = G·x for a symmetric band G. */
export function bandApply(g: BandedGram, x: Float64Array): Float64Array {
  const { n, b, band } = g;
  const w = b + 1;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * w;
    const xi = x[i] as number;
    let s = (band[row] as number) * xi;
    const kmax = Math.min(b, n - 1 - i);
    for (let k = 1; k <= kmax; k++) {
      const v = band[row + k] as number;
      s += v * (x[i + k] as number);
      y[i + k] = (y[i + k] as number) + v * xi;
    }
    y[i] = (y[i] as number) + s;
  }
  return y;
}
