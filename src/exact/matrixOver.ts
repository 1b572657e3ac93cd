import type { Arithmetic } from './Arithmetic.js';

/** A dense matrix over some arithmetic, row-major: `m[i][j]`. */
export type MatrixOver<T> = T[][];

/** A · B, summing over k in increasing order (the order the float64 references use). */
export function matMulOver<T>(ar: Arithmetic<T>, a: readonly (readonly T[])[], b: readonly (readonly T[])[]): MatrixOver<T> {
  const n = a.length;
  const inner = b.length;
  const m = b[0]?.length ?? 0;
  const out: MatrixOver<T> = [];
  for (let i = 0; i < n; i++) {
    const row = a[i] ?? [];
    const o: T[] = [];
    for (let j = 0; j < m; j++) {
      let s = ar.zero;
      for (let k = 0; k < inner; k++) s = ar.add(s, ar.mul(row[k] as T, (b[k] as readonly T[])[j] as T));
      o.push(s);
    }
    out.push(o);
  }
  return out;
}

/** Aᵀ. */
export function transposeOver<T>(a: readonly (readonly T[])[]): MatrixOver<T> {
  const rows = a.length;
  const cols = a[0]?.length ?? 0;
  return Array.from({ length: cols }, (_c, j) => Array.from({ length: rows }, (_r, i) => (a[i] as readonly T[])[j] as T));
}

/** The n×n identity. */
export function identityOver<T>(ar: Arithmetic<T>, n: number): MatrixOver<T> {
  return Array.from({ length: n }, (_r, i) => Array.from({ length: n }, (_c, j) => (i === j ? ar.one : ar.zero)));
}

/** A matrix of integers (a permutation matrix, a 0/1 adjacency) as values of the arithmetic. */
export function fromIntsOver<T>(ar: Arithmetic<T>, a: readonly (readonly number[])[]): MatrixOver<T> {
  return a.map((row) => row.map((v) => ar.fromNumber(v)));
}

/** Entry by entry f(a_ij, b_ij) of two matrices of one shape. */
export function zipOver<T>(a: readonly (readonly T[])[], b: readonly (readonly T[])[], f: (x: T, y: T) => T): MatrixOver<T> {
  return a.map((row, i) => row.map((x, j) => f(x, (b[i] as readonly T[])[j] as T)));
}

/** Entry by entry f(a_ij). */
export function mapOver<T>(a: readonly (readonly T[])[], f: (x: T) => T): MatrixOver<T> {
  return a.map((row) => row.map(f));
}
