import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from '../exact/Arithmetic.js';
import type { MatrixOver } from '../exact/matrixOver.js';

/**
 * The degrees of $A + I$ over any arithmetic, $d_i = 1 + \sum_j A_{ij}$ (the row sums: the
 * out-degree of a directed graph), summed from 1 in column order, as `normalizeAdjacency` does
 * (it skips the zeros, which add nothing).
 */
export function degreesOver<T>(ar: Arithmetic<T>, A: readonly (readonly T[])[]): T[] {
  const n = squareSize('degreesOver', A);
  const d: T[] = [];
  for (let i = 0; i < n; i++) {
    const row = A[i] as readonly T[];
    let degree = ar.one;
    for (let j = 0; j < n; j++) degree = ar.add(degree, row[j] as T);
    d.push(degree);
  }
  return d;
}

/**
 * $\tilde A = D^{-1/2}(A + I)D^{-1/2}$ over any arithmetic:
 * $\tilde A_{ij} = d_i^{-1/2}\,(A + I)_{ij}\,d_j^{-1/2}$ with $d$ from `degreesOver`, multiplied in
 * that order (left scale, entry, right scale) with $(A + I)_{ii} = A_{ii} + 1$, as
 * `normalizeAdjacency` does entry by entry, so relabelled nodes get identical entries and the
 * float64 instance equals `normalizeAdjacency` bit for bit.
 */
export function normalizeAdjacencyOver<T>(ar: Arithmetic<T>, A: readonly (readonly T[])[]): MatrixOver<T> {
  const scale = degreesOver(ar, A).map((d) => ar.rsqrt(d));
  return A.map((row, i) => row.map((a, j) => ar.mul(ar.mul(scale[i] as T, i === j ? ar.add(a, ar.one) : a), scale[j] as T)));
}

/** The size n of a square n×n matrix; throws a LayerproofError naming the row that is not n long. */
export function squareSize(op: string, A: readonly (readonly unknown[])[]): number {
  const n = A.length;
  if (n < 1) throw LayerproofError.invalid({ op, argument: 'A', value: A, expected: 'a square n×n matrix with n ≥ 1' });
  A.forEach((row, i) => {
    if (row.length !== n) throw LayerproofError.invalid({ op, argument: `A[${i}].length`, value: row.length, expected: `${n} (A is square: n×n with n = ${n} rows)` });
  });
  return n;
}
