import { Matrix } from '../core/mlMatrix.js';
import { LayerproofError } from '../core/LayerproofError.js';
import { nonNegativeInteger } from '../core/validate.js';

/** Largest row or column count: 32-bit CSR indices, and memory to match. */
export const MAX_DIMENSION = 2 ** 27;

function dimension(op: string, argument: string, value: unknown): number {
  const n = nonNegativeInteger(op, argument, value);
  if (n > MAX_DIMENSION) {
    throw LayerproofError.invalid({ op, argument, value, expected: `at most ${MAX_DIMENSION} (2²⁷; CSR indices are 32-bit)` });
  }
  return n;
}

function assertCapacity(nnz: number): void {
  if (nnz > MAX_DIMENSION * 4) {
    throw new LayerproofError(
      `Error in SparseMatrix.multiplySparse: the product has more than ${MAX_DIMENSION * 4} stored entries. Multiply it in row blocks (rowSlice) instead.`,
      { op: 'SparseMatrix.multiplySparse', value: nnz },
    );
  }
}

/** One stored entry of a sparse matrix. */
export interface Triplet {
  readonly row: number;
  readonly col: number;
  readonly value: number;
}

/**
 * A real matrix in compressed sparse row (CSR) form: row `i` holds the entries
 * `values[k]` at columns `colIndex[k]` for `rowPtr[i] ≤ k < rowPtr[i + 1]`, columns
 * strictly increasing within a row. `nnz` counts stored entries (a stored entry may
 * be 0 when a weight is 0: the structure is that of the layer, not of its values).
 */
export class SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: Float64Array;

  /**
   * Wraps CSR arrays without copying. Builders in this library fill them directly;
   * users should prefer `fromTriplets` or `fromDense`. The structure is checked.
   */
  constructor(rows: number, cols: number, rowPtr: Int32Array, colIndex: Int32Array, values: Float64Array) {
    const op = 'SparseMatrix';
    dimension(op, 'rows', rows);
    dimension(op, 'cols', cols);
    if (rowPtr.length !== rows + 1 || rowPtr[0] !== 0 || rowPtr[rows] !== colIndex.length || colIndex.length !== values.length) {
      throw new LayerproofError(
        `Error in ${op}: inconsistent CSR arrays (rowPtr.length ${rowPtr.length} for ${rows} rows, ` +
          `rowPtr ends at ${rowPtr[rows]}, ${colIndex.length} column indices, ${values.length} values). ` +
          'Valid: rowPtr.length = rows + 1, rowPtr[0] = 0, rowPtr[rows] = colIndex.length = values.length.',
        { op },
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIndex = colIndex;
    this.values = values;
  }

  /** Number of stored entries. */
  get nnz(): number {
    return this.values.length;
  }

  /** Builds a CSR matrix from (row, col, value) entries; duplicate positions are summed. */
  static fromTriplets(rows: number, cols: number, triplets: Iterable<Triplet>): SparseMatrix {
    const op = 'SparseMatrix.fromTriplets';
    dimension(op, 'rows', rows);
    dimension(op, 'cols', cols);
    const list = Array.from(triplets);
    list.forEach((t, k) => {
      if (!Number.isInteger(t.row) || t.row < 0 || t.row >= rows) {
        throw LayerproofError.invalid({ op, argument: `triplets[${k}].row`, value: t.row, expected: `an integer in [0, ${rows})` });
      }
      if (!Number.isInteger(t.col) || t.col < 0 || t.col >= cols) {
        throw LayerproofError.invalid({ op, argument: `triplets[${k}].col`, value: t.col, expected: `an integer in [0, ${cols})` });
      }
      if (typeof t.value !== 'number' || !Number.isFinite(t.value)) {
        throw LayerproofError.invalid({ op, argument: `triplets[${k}].value`, value: t.value, expected: 'a finite number' });
      }
    });
    list.sort((a, b) => a.row - b.row || a.col - b.col);
    const rowPtr = new Int32Array(rows + 1);
    const colIndex: number[] = [];
    const values: number[] = [];
    let lastRow = -1;
    let lastCol = -1;
    for (const t of list) {
      if (t.row === lastRow && t.col === lastCol) {
        values[values.length - 1] = (values[values.length - 1] ?? 0) + t.value;
        continue;
      }
      colIndex.push(t.col);
      values.push(t.value);
      rowPtr[t.row + 1] = (rowPtr[t.row + 1] ?? 0) + 1;
      lastRow = t.row;
      lastCol = t.col;
    }
    for (let i = 0; i < rows; i++) rowPtr[i + 1] = (rowPtr[i + 1] ?? 0) + (rowPtr[i] ?? 0);
    return new SparseMatrix(rows, cols, rowPtr, Int32Array.from(colIndex), Float64Array.from(values));
  }

  /** Stores every non-zero entry of a dense matrix (ml-matrix `Matrix` or `number[][]`). */
  static fromDense(dense: Matrix | readonly (readonly number[])[]): SparseMatrix {
    const m = dense instanceof Matrix ? dense : new Matrix(dense.map((r) => [...r]));
    const triplets: Triplet[] = [];
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.columns; j++) {
        const value = m.get(i, j);
        if (value !== 0) triplets.push({ row: i, col: j, value });
      }
    }
    return SparseMatrix.fromTriplets(m.rows, m.columns, triplets);
  }

  static identity(n: number): SparseMatrix {
    dimension('SparseMatrix.identity', 'n', n);
    const rowPtr = new Int32Array(n + 1);
    const colIndex = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      rowPtr[i + 1] = i + 1;
      colIndex[i] = i;
    }
    return new SparseMatrix(n, n, rowPtr, colIndex, new Float64Array(n).fill(1));
  }

  /** Entry (i, j), 0 where nothing is stored. */
  get(i: number, j: number): number {
    const start = this.rowPtr[i] ?? 0;
    const end = this.rowPtr[i + 1] ?? 0;
    for (let k = start; k < end; k++) if (this.colIndex[k] === j) return this.values[k] ?? 0;
    return 0;
  }

  /** y = A·x for any array-like x of length `cols`. */
  multiply(x: ArrayLike<number>): Float64Array {
    this.checkLength('multiply', 'x', x, this.cols);
    const { rowPtr, colIndex, values } = this;
    const y = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      let sum = 0;
      const end = rowPtr[i + 1] as number;
      for (let k = rowPtr[i] as number; k < end; k++) sum += (values[k] as number) * (x[colIndex[k] as number] as number);
      y[i] = sum;
    }
    return y;
  }

  /** x = Aᵀ·y for any array-like y of length `rows` (the adjoint: for a convolution, its transposed convolution). */
  transposeMultiply(y: ArrayLike<number>): Float64Array {
    this.checkLength('transposeMultiply', 'y', y, this.rows);
    const { rowPtr, colIndex, values } = this;
    const x = new Float64Array(this.cols);
    for (let i = 0; i < this.rows; i++) {
      const yi = y[i] as number;
      if (yi === 0) continue;
      const end = rowPtr[i + 1] as number;
      for (let k = rowPtr[i] as number; k < end; k++) {
        const j = colIndex[k] as number;
        x[j] = (x[j] as number) + (values[k] as number) * yi;
      }
    }
    return x;
  }

  /** Rows [start, end) as a new CSR matrix with the same columns (the arrays are copied). */
  rowSlice(start: number, end: number): SparseMatrix {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.rows || start > end) {
      throw LayerproofError.invalid({ op: 'SparseMatrix.rowSlice', argument: '[start, end)', value: [start, end], expected: `integers with 0 ≤ start ≤ end ≤ ${this.rows}` });
    }
    const from = this.rowPtr[start] as number;
    const to = this.rowPtr[end] as number;
    const rowPtr = new Int32Array(end - start + 1);
    for (let i = start; i <= end; i++) rowPtr[i - start] = (this.rowPtr[i] as number) - from;
    return new SparseMatrix(end - start, this.cols, rowPtr, this.colIndex.slice(from, to), this.values.slice(from, to));
  }

  /**
   * A·B for a CSR B with `B.rows = this.cols` (Gustavson's row-by-row product with a dense
   * accumulator). Entries that cancel to 0 are kept: the structure is the composition's.
   */
  multiplySparse(other: SparseMatrix): SparseMatrix {
    if (!(other instanceof SparseMatrix) || other.rows !== this.cols) {
      throw LayerproofError.invalid({
        op: 'SparseMatrix.multiplySparse', argument: 'other', value: other instanceof SparseMatrix ? [other.rows, other.cols] : other,
        expected: `a SparseMatrix with ${this.cols} rows (this matrix is ${this.rows}×${this.cols})`,
      });
    }
    const n = other.cols;
    // Σ over A's entries of the length of the row of B each selects: the product's nnz when no
    // column repeats within a row (a diagonal factor, pooling then dense), an upper bound otherwise.
    // Allocated once: growing by doubling from A.nnz copied a conv block ~5 times.
    let bound = 0;
    for (let k = 0; k < this.nnz; k++) {
      const j = this.colIndex[k] as number;
      bound += (other.rowPtr[j + 1] as number) - (other.rowPtr[j] as number);
    }
    const capacity = Math.min(bound, this.rows * n);
    assertCapacity(capacity);
    const rowPtr = new Int32Array(this.rows + 1);
    const colIndex = new Int32Array(capacity);
    const values = new Float64Array(capacity);
    let nnz = 0;
    // The dense accumulator (12 bytes per column of B) only for rows of A with several entries.
    let acc: Float64Array | undefined;
    let seen: Int32Array | undefined;
    let row: Int32Array | undefined;
    for (let i = 0; i < this.rows; i++) {
      const first = this.rowPtr[i] as number;
      const last = this.rowPtr[i + 1] as number;
      if (last - first === 1) {
        // One entry (a diagonal factor such as batch normalisation): B's row scaled, already sorted.
        const a = this.values[first] as number;
        const j = this.colIndex[first] as number;
        const from = other.rowPtr[j] as number;
        const count = (other.rowPtr[j + 1] as number) - from;
        for (let m = 0; m < count; m++) {
          colIndex[nnz + m] = other.colIndex[from + m] as number;
          values[nnz + m] = a * (other.values[from + m] as number);
        }
        nnz += count;
        rowPtr[i + 1] = nnz;
        continue;
      }
      acc ??= new Float64Array(n);
      seen ??= new Int32Array(n).fill(-1);
      row ??= new Int32Array(n);
      let length = 0;
      for (let k = first; k < last; k++) {
        const a = this.values[k] as number;
        const j = this.colIndex[k] as number;
        for (let m = other.rowPtr[j] as number; m < (other.rowPtr[j + 1] as number); m++) {
          const c = other.colIndex[m] as number;
          if (seen[c] !== i) {
            seen[c] = i;
            acc[c] = 0;
            row[length++] = c;
          }
          acc[c] = (acc[c] as number) + a * (other.values[m] as number);
        }
      }
      // A typed array sorts numerically without a comparator call per comparison.
      const columns = row.subarray(0, length).sort();
      for (let t = 0; t < length; t++) {
        const c = columns[t] as number;
        colIndex[nnz] = c;
        values[nnz] = acc[c] as number;
        nnz++;
      }
      rowPtr[i + 1] = nnz;
    }
    return new SparseMatrix(this.rows, n, rowPtr, nnz === capacity ? colIndex : colIndex.slice(0, nnz), nnz === capacity ? values : values.slice(0, nnz));
  }

  /** Aᵀ as a new CSR matrix. */
  transpose(): SparseMatrix {
    const counts = new Int32Array(this.cols + 1);
    for (let k = 0; k < this.nnz; k++) {
      const j = (this.colIndex[k] as number) + 1;
      counts[j] = (counts[j] as number) + 1;
    }
    for (let j = 0; j < this.cols; j++) counts[j + 1] = (counts[j + 1] as number) + (counts[j] as number);
    const rowPtr = counts.slice();
    const next = counts.slice(0, this.cols);
    const colIndex = new Int32Array(this.nnz);
    const values = new Float64Array(this.nnz);
    for (let i = 0; i < this.rows; i++) {
      for (let k = this.rowPtr[i] as number; k < (this.rowPtr[i + 1] as number); k++) {
        const j = this.colIndex[k] as number;
        const at = next[j] as number;
        colIndex[at] = i;
        values[at] = this.values[k] as number;
        next[j] = at + 1;
      }
    }
    return new SparseMatrix(this.cols, this.rows, rowPtr, colIndex, values);
  }

  /** The dense matrix as an ml-matrix `Matrix` (refused above 2²⁶ cells to protect memory). */
  toDense(): Matrix {
    const cells = this.rows * this.cols;
    if (cells > 2 ** 26) {
      throw new LayerproofError(
        `Error in SparseMatrix.toDense: a ${this.rows}×${this.cols} dense matrix has ${cells} cells; ` +
          'the limit is 67,108,864 (512 MiB of float64). Use multiply/transposeMultiply on the sparse form instead.',
        { op: 'SparseMatrix.toDense', value: [this.rows, this.cols] },
      );
    }
    const m = Matrix.zeros(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let k = this.rowPtr[i] as number; k < (this.rowPtr[i + 1] as number); k++) {
        m.set(i, this.colIndex[k] as number, this.values[k] as number);
      }
    }
    return m;
  }

  /** Every stored entry in row-major order. */
  *entries(): IterableIterator<Triplet> {
    for (let i = 0; i < this.rows; i++) {
      for (let k = this.rowPtr[i] as number; k < (this.rowPtr[i + 1] as number); k++) {
        yield { row: i, col: this.colIndex[k] as number, value: this.values[k] as number };
      }
    }
  }

  private checkLength(method: string, name: string, v: ArrayLike<number>, n: number): void {
    if (v === null || typeof v !== 'object' || typeof v.length !== 'number') {
      throw LayerproofError.invalid({ op: `SparseMatrix.${method}`, argument: name, value: v, expected: `an array-like of ${n} numbers` });
    }
    if (v.length !== n) {
      throw LayerproofError.invalid({
        op: `SparseMatrix.${method}`, argument: `${name}.length`, value: v.length,
        expected: `${n} (this matrix is ${this.rows}×${this.cols})`,
      });
    }
  }
}

