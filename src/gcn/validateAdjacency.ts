import { Matrix } from '../core/mlMatrix.js';
import { LayerproofError } from '../core/LayerproofError.js';
import { approxEqual, tolerances } from '../core/tolerance.js';
import { SparseMatrix } from '../linear/SparseMatrix.js';
import { finiteEntry, matrixRows, shapeOf, type MatrixInput } from './toMatrix.js';

export interface ValidateAdjacencyOptions {
  /** The graph is directed: `A` need not be symmetric. Default `false`. */
  readonly directed?: boolean;
  /** Number of nodes the caller expects (for example the rows of `X`); unchecked when absent. */
  readonly nodes?: number;
}

/**
 * Checks that `A` is the (weighted) adjacency matrix of a graph: square, finite and
 * non-negative, and symmetric unless `directed` is set. Self-loops (a non-zero diagonal)
 * are allowed. Returns a float64 copy in the kind it was given.
 *
 * Symmetry is checked with `tolerances.float64`, so a weighted adjacency assembled in
 * floating point (e.g. $\tfrac12(B + B^\top)$) is accepted.
 *
 * @throws LayerproofError naming the row, column and value that are wrong.
 */
export function validateAdjacency(A: Matrix, options?: ValidateAdjacencyOptions): Matrix;
export function validateAdjacency(A: readonly (readonly number[])[], options?: ValidateAdjacencyOptions): number[][];
export function validateAdjacency(A: MatrixInput, options?: ValidateAdjacencyOptions): Matrix | number[][];
export function validateAdjacency(A: MatrixInput, options: ValidateAdjacencyOptions = {}): Matrix | number[][] {
  adjacencyOf('validateAdjacency', 'A', A, options);
  return Matrix.isMatrix(A) ? new Matrix(A) : A.map((row) => row.slice());
}

/**
 * The checks of `validateAdjacency`, for other functions' boundaries (their `op` and
 * argument name in the message), in one pass over `A`. Returns the non-zero entries as
 * CSR, columns in increasing order within each row.
 */
export function adjacencyOf(op: string, argument: string, A: unknown, options: ValidateAdjacencyOptions = {}): SparseMatrix {
  if (options.directed !== undefined && typeof options.directed !== 'boolean') {
    throw LayerproofError.invalid({ op, argument: 'options.directed', value: options.directed, expected: 'true or false' });
  }
  const r = matrixRows(op, argument, A);
  if (r.rows !== r.columns) {
    throw LayerproofError.invalid({ op, argument, value: `a ${shapeOf(r)} matrix`, expected: 'a square n×n matrix (one row and one column per node)' });
  }
  if (options.nodes !== undefined && r.rows !== options.nodes) {
    throw LayerproofError.invalid({
      op, argument, value: `a ${shapeOf(r)} matrix`,
      expected: `${options.nodes}×${options.nodes}, one row and column per node (X has ${options.nodes} rows)`,
    });
  }
  const n = r.rows;
  const rowPtr = new Int32Array(n + 1);
  const colIndex: number[] = [];
  const values: number[] = [];
  const rows: ArrayLike<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const row = r.row(i);
    rows.push(row);
    for (let j = 0; j < n; j++) {
      const v = finiteEntry(op, argument, row[j], i, j);
      if (v < 0) throw LayerproofError.invalid({ op, argument: `${argument}[${i}][${j}]`, value: v, expected: 'a non-negative edge weight (0 where there is no edge)' });
      if (v !== 0) {
        colIndex.push(j);
        values.push(v);
      }
    }
    rowPtr[i + 1] = colIndex.length;
  }
  if (options.directed !== true) {
    // Every asymmetric pair has a non-zero on at least one side, so checking non-zeros suffices.
    for (let i = 0; i < n; i++) {
      for (let k = rowPtr[i] as number; k < (rowPtr[i + 1] as number); k++) {
        const j = colIndex[k] as number;
        if (!approxEqual(values[k] as number, (rows[j] as ArrayLike<number>)[i] as number, tolerances.float64)) {
          const [a, b] = i < j ? [i, j] : [j, i];
          throw LayerproofError.invalid({
            op, argument: `${argument}[${a}][${b}]`, value: (rows[a] as ArrayLike<number>)[b],
            expected: `equal to ${argument}[${b}][${a}] = ${(rows[b] as ArrayLike<number>)[a]} (the adjacency of an undirected graph is symmetric)`,
            hint: 'Pass { directed: true } if the graph is directed.',
          });
        }
      }
    }
  }
  return new SparseMatrix(n, n, rowPtr, Int32Array.from(colIndex), Float64Array.from(values));
}
