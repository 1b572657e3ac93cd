import { Matrix } from '../core/mlMatrix.js';
import { LayerproofError } from '../core/LayerproofError.js';

/** A matrix as layerproof's GCN functions take it: an ml-matrix `Matrix` or rows of numbers. */
export type MatrixInput = Matrix | readonly (readonly number[])[];

/** Row-by-row access to a `MatrixInput` whose shape has been checked (its values not yet). */
export interface MatrixRows {
  readonly rows: number;
  readonly columns: number;
  /** Row `i`, read-only. */
  row(i: number): ArrayLike<unknown>;
}

/**
 * Checks the shape of a `MatrixInput` (an ml-matrix `Matrix`, or a non-empty array of
 * equally long non-empty arrays) and gives access to its rows; the caller checks values.
 */
export function matrixRows(op: string, argument: string, value: unknown): MatrixRows {
  if (Matrix.isMatrix(value)) {
    if (value.rows < 1 || value.columns < 1) {
      throw LayerproofError.invalid({ op, argument, value: `${value.rows}×${value.columns} matrix`, expected: 'a matrix with at least one row and one column' });
    }
    return { rows: value.rows, columns: value.columns, row: (i) => value.getRow(i) };
  }
  if (!Array.isArray(value)) {
    throw LayerproofError.invalid({ op, argument, value, expected: 'an ml-matrix Matrix or an array of rows (number[][])' });
  }
  const rows = value as readonly unknown[];
  if (rows.length === 0) throw LayerproofError.invalid({ op, argument, value, expected: 'a matrix with at least one row' });
  const first = rows[0];
  if (!Array.isArray(first) || first.length === 0) {
    throw LayerproofError.invalid({ op, argument: `${argument}[0]`, value: first, expected: 'a non-empty array of numbers (a row)' });
  }
  const columns = first.length;
  rows.forEach((row, i) => {
    if (!Array.isArray(row)) throw LayerproofError.invalid({ op, argument: `${argument}[${i}]`, value: row, expected: 'an array of numbers (a row)' });
    if (row.length !== columns) {
      throw LayerproofError.invalid({
        op, argument: `${argument}[${i}].length`, value: row.length,
        expected: `${columns}, the length of ${argument}[0] (every row of a matrix has the same length)`,
      });
    }
  });
  return { rows: rows.length, columns, row: (i) => rows[i] as readonly unknown[] };
}

/** Throws unless `v` is a finite number, naming entry `[i][j]`. */
export function finiteEntry(op: string, argument: string, v: unknown, i: number, j: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw LayerproofError.invalid({ op, argument: `${argument}[${i}][${j}]`, value: v, expected: 'a finite number' });
  }
  return v;
}

/**
 * Converts a `MatrixInput` to a fresh float64 `Matrix`, checking at the boundary that it is
 * rectangular, non-empty and finite; the error names the row and column that are wrong.
 */
export function toMatrix(op: string, argument: string, value: unknown): Matrix {
  const r = matrixRows(op, argument, value);
  for (let i = 0; i < r.rows; i++) {
    const row = r.row(i);
    for (let j = 0; j < r.columns; j++) finiteEntry(op, argument, row[j], i, j);
  }
  return Matrix.isMatrix(value) ? new Matrix(value) : new Matrix(value as number[][]);
}

/** Like `toMatrix`, but returns fresh rows of numbers (`number[][]`). */
export function toRows(op: string, argument: string, value: unknown): number[][] {
  const r = matrixRows(op, argument, value);
  const rows: number[][] = [];
  for (let i = 0; i < r.rows; i++) {
    const row = Array.from<unknown>(r.row(i));
    for (let j = 0; j < row.length; j++) finiteEntry(op, argument, row[j], i, j);
    rows.push(row as number[]);
  }
  return rows;
}

/** Returns `result` in the kind the caller used: a `Matrix` for a `Matrix`, rows of numbers otherwise. */
export function sameKind(input: unknown, result: Matrix): Matrix | number[][] {
  // getRow per row is several times faster than to2DArray on large matrices.
  return Matrix.isMatrix(input) ? result : Array.from({ length: result.rows }, (_v, i) => result.getRow(i));
}

/** The shape of a matrix for messages: `3×4`. */
export function shapeOf(m: { readonly rows: number; readonly columns: number }): string {
  return `${m.rows}×${m.columns}`;
}
