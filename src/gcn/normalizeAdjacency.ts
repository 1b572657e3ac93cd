import type { Matrix } from 'ml-matrix';
import { LayerproofError } from '../core/LayerproofError.js';
import { SparseMatrix } from '../linear/SparseMatrix.js';
import { adjacencyOf, type ValidateAdjacencyOptions } from './validateAdjacency.js';
import { sameKind, type MatrixInput } from './toMatrix.js';

/** Whose degrees the diagonal matrix $D$ holds. */
export type DegreeConvention = 'A+I' | 'A';

export interface NormalizeAdjacencyOptions extends ValidateAdjacencyOptions {
  /**
   * `'A+I'` (default, Kipf & Welling 2017): $D$ is the degree matrix of $A + I$, so every
   * degree is at least 1 and $\tilde A$ always exists. `'A'`: $D$ is the degree matrix of
   * $A$ itself, as the exercise's text states; a node without edges (degree 0) then has no
   * $D^{-1/2}$ and is refused with an error naming it.
   */
  readonly degreeOf?: DegreeConvention;
}

/**
 * The normalised adjacency of a GCN,
 * $\tilde A = D^{-1/2}(A + I)D^{-1/2}$, i.e. $\tilde A_{ij} = \dfrac{(A + I)_{ij}}{\sqrt{d_i d_j}}$,
 * with $d_i = \sum_j (A + I)_{ij}$ (default) or $d_i = \sum_j A_{ij}$ (`degreeOf: 'A'`).
 * For a directed graph $d_i$ is the out-degree (the row sum). Float64; returns the kind it was given.
 *
 * Relabelling the nodes permutes the degrees with them, $D' = P D P^\top$, hence
 * $\tilde A(PAP^\top) = P\,\tilde A(A)\,P^\top$. `normalizeAdjacencyOver` is the same
 * computation over any arithmetic (dense), property-tested equal to this one bit for bit.
 *
 * @throws LayerproofError for an invalid adjacency (see `validateAdjacency`) and, with
 * `degreeOf: 'A'`, for a node of degree 0, naming the node.
 */
export function normalizeAdjacency(A: Matrix, options?: NormalizeAdjacencyOptions): Matrix;
export function normalizeAdjacency(A: readonly (readonly number[])[], options?: NormalizeAdjacencyOptions): number[][];
export function normalizeAdjacency(A: MatrixInput, options?: NormalizeAdjacencyOptions): Matrix | number[][];
export function normalizeAdjacency(A: MatrixInput, options: NormalizeAdjacencyOptions = {}): Matrix | number[][] {
  const op = 'normalizeAdjacency';
  const degreeOf = degreeConvention(op, options.degreeOf);
  return sameKind(A, normalizedAdjacencyOf(op, adjacencyOf(op, 'A', A, options), degreeOf).toDense());
}

/** Checks `options.degreeOf`. */
export function degreeConvention(op: string, value: unknown): DegreeConvention {
  if (value === undefined) return 'A+I';
  if (value === 'A+I' || value === 'A') return value;
  throw LayerproofError.invalid({
    op, argument: 'options.degreeOf', value,
    expected: "'A+I' (Kipf & Welling, the default) or 'A' (the degree of A itself, as the exercise states)",
  });
}

/** $\tilde A$ (CSR) of an already validated adjacency (CSR of its non-zeros, as `adjacencyOf` gives). */
export function normalizedAdjacencyOf(op: string, A: SparseMatrix, degreeOf: DegreeConvention): SparseMatrix {
  const n = A.rows;
  const { rowPtr, colIndex, values } = A;
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let degree = degreeOf === 'A+I' ? 1 : 0;
    for (let k = rowPtr[i] as number; k < (rowPtr[i + 1] as number); k++) degree += values[k] as number;
    if (degree === 0) {
      throw new LayerproofError(
        `Error in ${op}: node ${i} has degree 0 (row ${i} of A is zero: no edges leave it), so D^{-1/2} would divide by √0 ` +
        `under degreeOf: 'A' (D the degree matrix of A, as the exercise states). Use the default degreeOf: 'A+I' ` +
        `(Kipf & Welling: D counts the added self-loop, so every degree is at least 1), or give node ${i} an edge.`,
        { op, argument: `A[${i}]`, value: 0 },
      );
    }
    scale[i] = 1 / Math.sqrt(degree);
  }
  // A + I has A's non-zeros plus a diagonal entry in every row.
  const outPtr = new Int32Array(n + 1);
  const outCols: number[] = [];
  const outValues: number[] = [];
  const push = (i: number, j: number, a: number): void => {
    outCols.push(j);
    // Elementwise, in one fixed order: relabelled nodes get bit-identical entries.
    outValues.push((scale[i] as number) * a * (scale[j] as number));
  };
  for (let i = 0; i < n; i++) {
    let diagonalDone = false;
    for (let k = rowPtr[i] as number; k < (rowPtr[i + 1] as number); k++) {
      const j = colIndex[k] as number;
      if (j > i && !diagonalDone) {
        push(i, i, 1);
        diagonalDone = true;
      }
      if (j === i) {
        push(i, i, (values[k] as number) + 1);
        diagonalDone = true;
      } else {
        push(i, j, values[k] as number);
      }
    }
    if (!diagonalDone) push(i, i, 1);
    outPtr[i + 1] = outCols.length;
  }
  return new SparseMatrix(n, n, outPtr, Int32Array.from(outCols), Float64Array.from(outValues));
}
