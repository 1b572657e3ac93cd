import { LayerproofError } from '../core/LayerproofError.js';
import { EigenvalueDecomposition, Matrix } from '../core/mlMatrix.js';

export interface LanczosOptions {
  /** Most Krylov steps (each one application of A). */
  readonly maxSteps: number;
  /** Stop once the top Ritz value reaches this (the caller's target is met). */
  readonly stopAt?: number;
  /** Stop once the Ritz residual is below `tol`·θ (default 1e-10). */
  readonly tol?: number;
  readonly signal?: AbortSignal | undefined;
  /** Name for the abort error. */
  readonly op?: string;
}

export interface RitzPair {
  /** Top Ritz value: an estimate of λ_max(A) from below (in exact arithmetic). */
  readonly theta: number;
  /** Its Ritz vector (unit length up to rounding). */
  readonly vector: Float64Array;
  readonly steps: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Throws the signal's reason as a LayerproofError when it has fired. */
export function checkAborted(signal: AbortSignal | undefined, op: string): void {
  if (signal?.aborted === true) {
    throw new LayerproofError(`Error in ${op}: aborted (${String(signal.reason)}).`, { op, cause: signal.reason });
  }
}

/**
 * The top eigenpair of a symmetric positive semi-definite A (given by its product) by Lanczos with
 * full reorthogonalisation, from `start`. The Krylov space contains every power-iteration iterate
 * from the same start, so its top Ritz value is never below theirs; it converges in about the
 * square root of their steps. Nothing here is certified: the caller evaluates the Ritz vector.
 */
export function lanczosTop(apply: (x: Float64Array) => Float64Array, start: Float64Array, options: LanczosOptions): RitzPair {
  const op = options.op ?? 'lanczosTop';
  const tol = options.tol ?? 1e-10;
  const n = start.length;
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = Float64Array.from(start);
  const q0 = Math.sqrt(dot(q, q));
  if (q0 === 0 || n === 0) return { theta: 0, vector: q, steps: 0 };
  for (let i = 0; i < n; i++) q[i] = (q[i] as number) / q0;
  let best: { theta: number; y: number[] } = { theta: 0, y: [1] };
  // The basis is kept whole for reorthogonalisation: at most 2²⁴ doubles (128 MB) of it.
  const maxSteps = Math.min(options.maxSteps, Math.max(8, Math.floor(2 ** 24 / Math.max(1, n))));
  for (let j = 0; j < maxSteps; j++) {
    checkAborted(options.signal, op);
    basis.push(q);
    const w = apply(q);
    const a = dot(q, w);
    alpha.push(a);
    // Full reorthogonalisation, twice (Kahan's "twice is enough").
    for (let pass = 0; pass < 2; pass++) {
      for (const v of basis) {
        const c = dot(v, w);
        for (let i = 0; i < n; i++) w[i] = (w[i] as number) - c * (v[i] as number);
      }
    }
    const b = Math.sqrt(dot(w, w));
    best = topOfTridiagonal(alpha, beta);
    const last = best.y[best.y.length - 1] ?? 0;
    const residual = b * Math.abs(last);
    if (residual <= tol * Math.abs(best.theta) || (options.stopAt !== undefined && best.theta >= options.stopAt) || b <= 1e-14 * Math.max(Math.abs(a), 1e-300)) break;
    beta.push(b);
    q = new Float64Array(n);
    for (let i = 0; i < n; i++) q[i] = (w[i] as number) / b;
  }
  const vector = new Float64Array(n);
  best.y.forEach((c, k) => {
    const v = basis[k];
    if (v === undefined) return;
    for (let i = 0; i < n; i++) vector[i] = (vector[i] as number) + c * (v[i] as number);
  });
  return { theta: best.theta, vector, steps: basis.length };
}

/** Largest eigenvalue and its unit eigenvector of the symmetric tridiagonal (alpha, beta). */
function topOfTridiagonal(alpha: readonly number[], beta: readonly number[]): { theta: number; y: number[] } {
  const k = alpha.length;
  if (k === 1) return { theta: alpha[0] ?? 0, y: [1] };
  const m = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    m.set(i, i, alpha[i] ?? 0);
    if (i + 1 < k) {
      m.set(i, i + 1, beta[i] ?? 0);
      m.set(i + 1, i, beta[i] ?? 0);
    }
  }
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const values = e.realEigenvalues;
  let top = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[top] as number)) top = i;
  return { theta: values[top] ?? 0, y: e.eigenvectorMatrix.getColumn(top) };
}
