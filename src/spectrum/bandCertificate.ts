import type { SparseMatrix } from '../linear/SparseMatrix.js';
import { bandApply, bandedGram } from './bandedGram.js';
import { certifiedRatio } from './certifiedRatio.js';
import { choleskyCertificate } from './choleskyCertificate.js';
import { lanczosTop } from './lanczosTop.js';

export interface BandCertificate {
  /** Certified ‖T‖₂ ≥ lower (a Ritz vector's ratio, rounding subtracted). */
  readonly lower: number;
  /** The vector that gives it (input space of T). */
  readonly vector: Float64Array;
  /** Certified ‖T‖₂ ≤ upper, or undefined when no certificate succeeded. */
  readonly upper: number | undefined;
}

/** |T|·|v| (the rounding bound of T·v). */
export function absMultiply(t: SparseMatrix, v: Float64Array): Float64Array {
  const y = new Float64Array(t.rows);
  for (let r = 0; r < t.rows; r++) {
    let s = 0;
    for (let k = t.rowPtr[r] as number; k < (t.rowPtr[r + 1] as number); k++) s += Math.abs((t.values[k] as number) * (v[t.colIndex[k] as number] as number));
    y[r] = s;
  }
  return y;
}

export function maxRowNnz(t: SparseMatrix): number {
  let m = 1;
  for (let r = 0; r < t.rows; r++) m = Math.max(m, (t.rowPtr[r + 1] as number) - (t.rowPtr[r] as number));
  return m;
}

/** The certified ratio ‖Tv‖/‖v‖ of a vector, for a sparse T. */
export function sparseRatio(t: SparseMatrix, v: Float64Array): number {
  return certifiedRatio(v, t.multiply(v), absMultiply(t, v), maxRowNnz(t));
}

/**
 * Closes the gap of one sparse T whose Gram is banded: Lanczos on the band Gram (TᵀT or TTᵀ,
 * the cheaper) to the top eigenvalue θ, the Ritz vector's certified ratio as the lower bound, and
 * a Cholesky certificate of μ²I − G at μ = √θ·(1 + δ) for δ = 10⁻⁷, 10⁻⁵, … as the upper bound.
 */
export function bandCertificate(t: SparseMatrix, start: Float64Array | undefined, iterations: number, signal?: AbortSignal, op = 'bandCertificate'): BandCertificate {
  if (!t.values.some((v) => v !== 0)) return { lower: 0, vector: new Float64Array(t.cols), upper: 0 };
  const gram = bandedGram(t);
  const v0 = start ?? Float64Array.from({ length: t.cols }, (_, i) => 1 + ((i * 7919) % 13) / 13);
  const s = gram.side === 'cols' ? v0 : t.multiply(v0);
  const ritz = lanczosTop((x) => bandApply(gram, x), s, { maxSteps: Math.max(iterations, 120), tol: 1e-13, signal, op });
  const v = gram.side === 'cols' ? ritz.vector : t.transposeMultiply(ritz.vector);
  const lower = sparseRatio(t, v);
  const base = Math.max(Math.sqrt(Math.max(ritz.theta, 0)), lower);
  for (const delta of [1e-7, 1e-5, 1e-4, 1e-3, 3e-3]) {
    const cert = choleskyCertificate(gram, base * (1 + delta));
    if (cert !== undefined) return { lower, vector: v, upper: cert.upper };
  }
  return { lower, vector: v, upper: undefined };
}
