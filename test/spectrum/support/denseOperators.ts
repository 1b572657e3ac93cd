import { Matrix, SingularValueDecomposition } from '../../../src/core/mlMatrix.js';
import fc from 'fast-check';
import { createRng } from '../../../src/core/rng.js';

/** Options of the circular convolution the reference matrix is built for. */
export interface CircularCase {
  readonly kernel: { readonly shape: readonly [number, number, number, number]; readonly data: ArrayLike<number> };
  readonly grid: readonly [number, number];
  readonly strides?: readonly [number, number];
  readonly dilations?: readonly [number, number];
  readonly depthwise?: boolean;
}

/**
 * The dense matrix of a circular convolution, straight from its definition
 * y[p, co] = Σ_{t, ci} K[t, ci, co]·x[(s·p + t·d) mod n, ci] (HWC vectorisation; depthwise: output
 * channel c·M + m reads input channel c). Entries of taps that wrap onto one cell are summed.
 */
export function circularMatrix(c: CircularCase): Matrix {
  const [kh, kw, cin, last] = c.kernel.shape;
  const [n1, n2] = c.grid;
  const [s1, s2] = c.strides ?? [1, 1];
  const [d1, d2] = c.dilations ?? [1, 1];
  const depthwise = c.depthwise === true;
  const cout = depthwise ? cin * last : last;
  const [m1, m2] = [n1 / s1, n2 / s2];
  const t = new Matrix(m1 * m2 * cout, n1 * n2 * cin);
  for (let p1 = 0; p1 < m1; p1++) {
    for (let p2 = 0; p2 < m2; p2++) {
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          const q1 = (p1 * s1 + a * d1) % n1;
          const q2 = (p2 * s2 + b * d2) % n2;
          for (let co = 0; co < cout; co++) {
            const row = (p1 * m2 + p2) * cout + co;
            const channels = depthwise ? [Math.floor(co / last)] : Array.from({ length: cin }, (_, i) => i);
            for (const ci of channels) {
              const k = depthwise ? c.kernel.data[((a * kw + b) * cin + ci) * last + (co % last)] : c.kernel.data[((a * kw + b) * cin + ci) * cout + co];
              const col = (q1 * n2 + q2) * cin + ci;
              t.set(row, col, t.get(row, col) + (k ?? 0));
            }
          }
        }
      }
    }
  }
  return t;
}

/** All min(rows, cols) singular values of a dense matrix, descending (ml-matrix SVD, float64). */
export function denseSingularValues(m: Matrix): Float64Array {
  if (m.rows === 0 || m.columns === 0) return new Float64Array(0);
  const svd = new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true });
  return Float64Array.from(svd.diagonal).sort().reverse().slice(0, Math.min(m.rows, m.columns));
}

/** The dense matrix of a sparse one (small sizes only). */
export function denseOf(m: { rows: number; cols: number; rowPtr: Int32Array; colIndex: Int32Array; values: Float64Array }): Matrix {
  const d = new Matrix(m.rows, m.cols);
  for (let r = 0; r < m.rows; r++) for (let k = m.rowPtr[r] ?? 0; k < (m.rowPtr[r + 1] ?? 0); k++) d.set(r, m.colIndex[k] ?? 0, m.values[k] ?? 0);
  return d;
}

/** ‖T‖₂ by a dense float64 SVD. */
export function denseNorm(m: Matrix): number {
  return denseSingularValues(m)[0] ?? 0;
}

/**
 * Deterministic data in [-1, 1) from a seed, like test/support/arbitraries.ts's (which imports the
 * whole package, TensorFlow.js included: these pure-math tests load in a fraction of the time).
 */
export function uniformData(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng() * 2 - 1);
}

/**
 * The message of the first counterexample fast-check finds for a property that must fail (a
 * negative control), or throws when it holds on every run.
 */
export function counterexample<T>(property: fc.IProperty<T>, numRuns: number): string {
  const result = fc.check(property, { numRuns });
  if (!result.failed) throw new Error(`the negative control held on all ${numRuns} runs: the property cannot tell it apart`);
  const error = result.errorInstance;
  return error instanceof Error ? error.message : String(error);
}
