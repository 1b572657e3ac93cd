import { FLOAT64_EPS } from '../core/tolerance.js';
import type { SparseMatrix } from '../linear/SparseMatrix.js';
import { bandCertificate, sparseRatio } from './bandCertificate.js';
import { bandedGramCost } from './bandedGram.js';
import { gamma } from './certifiedRatio.js';
import { checkAborted, lanczosTop } from './lanczosTop.js';
import type { NormBound, NormBoundOptions } from './NormBound.js';
import { realSingularValues } from './realSingularValues.js';
import { sparseComponents } from './sparseComponents.js';

/** A block is decomposed densely when its smaller side is at most this (and its size at most DENSE_CELLS). */
const DENSE_SIDE = 256;
const DENSE_CELLS = 2 ** 21;
const REFINE_FLOPS = 4e9;
const TOTAL_REFINE_FLOPS = 2e10;

interface Block {
  readonly t: SparseMatrix;
  upper: number;
  lower: number;
  exact: boolean;
  method: string;
  vector?: Float64Array;
  values?: Float64Array;
  refined: boolean;
}

/** max_i ‖row_i‖₂ of T: a lower bound on ‖T‖₂ (T's transpose maps e_i onto row i). */
function maxRowNorm(t: SparseMatrix): number {
  let m = 0;
  for (let r = 0; r < t.rows; r++) {
    let s = 0;
    for (let k = t.rowPtr[r] as number; k < (t.rowPtr[r + 1] as number); k++) s += (t.values[k] as number) ** 2;
    m = Math.max(m, s);
  }
  return Math.sqrt(m);
}

/** √(‖T‖₁‖T‖∞) ≥ ‖T‖₂ (Hölder), with a margin for its own float64 rounding. */
export function oneInfBound(t: SparseMatrix, tt: SparseMatrix = t.transpose()): number {
  const rowSum = (m: SparseMatrix): [number, number] => {
    let best = 0;
    let terms = 1;
    for (let r = 0; r < m.rows; r++) {
      let s = 0;
      for (let k = m.rowPtr[r] as number; k < (m.rowPtr[r + 1] as number); k++) s += Math.abs(m.values[k] as number);
      best = Math.max(best, s);
      terms = Math.max(terms, (m.rowPtr[r + 1] as number) - (m.rowPtr[r] as number));
    }
    return [best * (1 + gamma(terms)), terms];
  };
  return Math.sqrt(rowSum(t)[0] * rowSum(tt)[0]) * (1 + 4 * FLOAT64_EPS);
}

/**
 * Exact norms of a T whose every row (or every column) holds at most one non-zero: then TᵀT (or
 * TTᵀ) is diagonal, and the singular values are the Euclidean norms of the columns (or rows):
 * batch normalisation, rescaling, reshapes, zero padding, crops, concatenations, additions,
 * non-overlapping average pooling, global average pooling. Undefined for any other T.
 */
function diagonalNorms(t: SparseMatrix, tt: SparseMatrix): Float64Array | undefined {
  const atMostOne = (m: SparseMatrix): boolean => {
    for (let r = 0; r < m.rows; r++) {
      let count = 0;
      for (let k = m.rowPtr[r] as number; k < (m.rowPtr[r + 1] as number); k++) if (m.values[k] !== 0) count++;
      if (count > 1) return false;
    }
    return true;
  };
  // Each row one entry: TᵀT is diagonal, σ_j = ‖column j‖; each column one entry: TTᵀ, σ_i = ‖row i‖.
  const source = atMostOne(t) ? tt : atMostOne(tt) ? t : undefined;
  if (source === undefined) return undefined;
  const norms = new Float64Array(source.rows);
  for (let r = 0; r < source.rows; r++) {
    let s = 0;
    for (let k = source.rowPtr[r] as number; k < (source.rowPtr[r + 1] as number); k++) s += (source.values[k] as number) ** 2;
    norms[r] = Math.sqrt(s);
  }
  return norms.sort().reverse().slice(0, Math.min(t.rows, t.cols));
}

function denseOf(t: SparseMatrix): Float64Array {
  const d = new Float64Array(t.rows * t.cols);
  for (let r = 0; r < t.rows; r++) for (let k = t.rowPtr[r] as number; k < (t.rowPtr[r + 1] as number); k++) d[r * t.cols + (t.colIndex[k] as number)] = t.values[k] as number;
  return d;
}

/**
 * A certified interval for ‖T‖₂ of any sparse T, using only its entries:
 * - at most one non-zero per row or per column: exact ('diagonal');
 * - else T splits into the blocks of its row–column graph (`sparseComponents`), and for each:
 *   a dense float64 SVD when small ('dense-svd'); otherwise √(‖T‖₁‖T‖∞) ('norm-1-inf') against a
 *   Lanczos Ritz vector's certified ratio, then, while the gap exceeds `targetGap` and the band
 *   Gram is affordable, the Cholesky certificate of μ²I − TᵀT ('ldl-certificate', `bandCertificate`).
 * Blocks whose upper bound is below the best lower bound so far are never refined.
 */
export function sparseNormBounds(t: SparseMatrix, options: NormBoundOptions = {}, op = 'sparseNormBounds'): NormBound {
  const t0 = performance.now();
  const targetGap = options.targetGap ?? 0.01;
  const iterations = options.iterations ?? 60;
  const done = (b: Omit<NormBound, 'ms'>): NormBound => ({ ...b, ms: performance.now() - t0 });
  const minSide = Math.min(t.rows, t.cols);
  if (t.nnz === 0 || minSide === 0) {
    return done({ lower: 0, upper: 0, exact: true, method: 'diagonal', rests: 'T has no non-zero entry.', ...(minSide > 0 && { smallest: 0 }) });
  }
  const tt = t.transpose();
  const diagonal = diagonalNorms(t, tt);
  if (diagonal !== undefined) {
    const norm = diagonal[0] ?? 0;
    return done({
      lower: norm, upper: norm, exact: true, method: 'diagonal',
      rests: 'every row (or column) of T has at most one non-zero, so TᵀT (or TTᵀ) is diagonal and the singular values are the column (row) norms.',
      smallest: diagonal.length < minSide ? 0 : (diagonal[diagonal.length - 1] ?? 0),
    });
  }

  const parts = sparseComponents(t);
  const blocks: Block[] = parts.map(({ matrix }) => ({ t: matrix, upper: oneInfBound(matrix), lower: Math.max(maxRowNorm(matrix), maxRowNorm(matrix.transpose())) * (1 - 4 * gamma(matrix.cols + 2)), exact: false, method: 'norm-1-inf', refined: false }));
  blocks.sort((a, b) => b.upper - a.upper);
  let lower = blocks.reduce((m, b) => Math.max(m, b.lower), 0);
  let allDecomposed = true;
  for (const b of blocks) {
    checkAborted(options.signal, op);
    if (b.upper <= lower) {
      allDecomposed = false;
      continue;
    }
    const side = Math.min(b.t.rows, b.t.cols);
    if (side <= DENSE_SIDE && b.t.rows * b.t.cols <= DENSE_CELLS) {
      const values = realSingularValues(denseOf(b.t), b.t.rows, b.t.cols);
      const norm = values[0] ?? 0;
      Object.assign(b, { upper: norm, lower: norm, exact: true, method: 'dense-svd', values });
    } else {
      allDecomposed = false;
      const start = Float64Array.from({ length: b.t.cols }, (_, i) => 1 + ((i * 7919) % 13) / 13);
      const ritz = lanczosTop((x) => b.t.transposeMultiply(b.t.multiply(x)), start, { maxSteps: iterations, stopAt: (b.upper * (1 - targetGap / 4)) ** 2, signal: options.signal, op });
      b.lower = Math.max(b.lower, sparseRatio(b.t, ritz.vector));
      b.vector = ritz.vector;
    }
    lower = Math.max(lower, b.lower);
  }

  let spent = 0;
  for (;;) {
    const top = blocks.reduce<Block | undefined>((a, b) => (a === undefined || b.upper > a.upper ? b : a), undefined);
    if (top === undefined || top.exact || top.refined || (top.upper - lower) / top.upper <= targetGap) break;
    const cost = bandedGramCost(top.t).flops;
    if (cost > REFINE_FLOPS || spent + cost > TOTAL_REFINE_FLOPS) break;
    spent += cost;
    checkAborted(options.signal, op);
    top.refined = true;
    const cert = bandCertificate(top.t, top.vector, iterations, options.signal, op);
    top.lower = Math.max(top.lower, cert.lower);
    if (cert.upper !== undefined && cert.upper < top.upper) {
      top.upper = cert.upper;
      top.method = 'ldl-certificate';
    }
    lower = Math.max(lower, top.lower);
  }

  const top = blocks.reduce((a, b) => (b.upper > a.upper ? b : a));
  const upper = Math.max(top.upper, lower);
  const exact = top.exact && upper === lower;
  const split = parts.length > 1 || (parts[0]?.copies ?? 1) > 1 ? ` T splits into ${parts.reduce((a, p) => a + p.copies, 0)} independent blocks (${parts.length} distinct); the norm is the largest of theirs.` : '';
  let smallest: number | undefined;
  if (allDecomposed && blocks.every((b) => b.values !== undefined)) {
    const count = parts.reduce((a, p, i) => a + p.copies * (blocks.find((b) => b.t === parts[i]?.matrix)?.values?.length ?? 0), 0);
    smallest = count < minSide ? 0 : Math.min(...blocks.map((b) => b.values?.[b.values.length - 1] ?? 0));
  }
  const rests: Record<string, string> = {
    'dense-svd': 'a float64 SVD (ml-matrix) of each block of T.',
    'norm-1-inf': 'upper: ‖T‖₂ ≤ √(‖T‖₁‖T‖∞); lower: ‖Tv‖/‖v‖ of a Lanczos Ritz vector (or the largest row or column norm), evaluated in float64 with its rounding subtracted.',
    'ldl-certificate': 'upper: a float64 Cholesky factorisation of μ²I − TᵀT (banded) ran with positive pivots, so with its rounding bounded no eigenvalue of TᵀT exceeds μ² (Rump); lower: ‖Tv‖/‖v‖ of a Lanczos Ritz vector, evaluated in float64 with its rounding subtracted.',
  };
  return done({
    lower: exact ? upper : lower,
    upper,
    exact,
    method: exact ? top.method : top.method === 'dense-svd' ? 'dense-svd+lanczos' : `${top.method}+lanczos`,
    rests: `${rests[top.method] ?? ''}${split}`,
    ...(smallest !== undefined && { smallest }),
  });
}
