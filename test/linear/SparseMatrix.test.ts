import { fc, test } from '@fast-check/vitest';
import { Matrix } from 'ml-matrix';
import { describe, expect } from 'vitest';
import { LayerproofError, SparseMatrix } from '../../src/index.js';

const tripletsArb = fc.integer({ min: 1, max: 8 }).chain((rows) =>
  fc.integer({ min: 1, max: 8 }).chain((cols) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      triplets: fc.array(fc.record({ row: fc.nat(rows - 1), col: fc.nat(cols - 1), value: fc.integer({ min: -9, max: 9 }) }), { maxLength: 30 }),
    }),
  ),
);

function denseOf(rows: number, cols: number, triplets: readonly { row: number; col: number; value: number }[]): Matrix {
  const m = Matrix.zeros(rows, cols);
  for (const t of triplets) m.set(t.row, t.col, m.get(t.row, t.col) + t.value);
  return m;
}

describe('SparseMatrix (CSR)', () => {
  test.prop([tripletsArb])('fromTriplets sums duplicates and toDense equals the dense sum', ({ rows, cols, triplets }) => {
    const s = SparseMatrix.fromTriplets(rows, cols, triplets);
    expect(s.toDense().to2DArray()).toEqual(denseOf(rows, cols, triplets).to2DArray());
    expect(s.nnz).toBe(new Set(triplets.map((t) => `${t.row},${t.col}`)).size);
  });

  test.prop([tripletsArb, fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 8, maxLength: 8 })])(
    'multiply and transposeMultiply equal dense A·x and Aᵀ·y exactly (integers)',
    ({ rows, cols, triplets }, v) => {
      const s = SparseMatrix.fromTriplets(rows, cols, triplets);
      const d = denseOf(rows, cols, triplets);
      const x = v.slice(0, cols);
      const y = v.slice(0, rows);
      expect(Array.from(s.multiply(x))).toEqual(d.mmul(Matrix.columnVector(x)).getColumn(0));
      expect(Array.from(s.transposeMultiply(y))).toEqual(d.transpose().mmul(Matrix.columnVector(y)).getColumn(0));
      expect(s.transpose().toDense().to2DArray()).toEqual(d.transpose().to2DArray());
    },
  );

  test('negative control: a matrix with one entry changed no longer matches its dense twin', () => {
    const s = SparseMatrix.fromTriplets(2, 2, [{ row: 0, col: 1, value: 3 }]);
    const wrong = SparseMatrix.fromTriplets(2, 2, [{ row: 1, col: 0, value: 3 }]);
    expect(wrong.toDense().to2DArray()).not.toEqual(s.toDense().to2DArray());
    expect(Array.from(wrong.multiply([1, 2]))).not.toEqual(Array.from(s.multiply([1, 2])));
  });

  test('fromDense keeps the non-zeros; identity(3) is the 3×3 identity', () => {
    const s = SparseMatrix.fromDense([[0, 2], [3, 0]]);
    expect(s.nnz).toBe(2);
    expect(s.get(1, 0)).toBe(3);
    expect(SparseMatrix.identity(3).toDense().to2DArray()).toEqual(Matrix.eye(3).to2DArray());
  });

  test('wrong vector lengths and out-of-range triplets are refused by name', () => {
    const s = SparseMatrix.identity(3);
    expect(() => s.multiply([1, 2])).toThrow(/SparseMatrix\.multiply: x\.length must be 3 \(this matrix is 3×3\), but got 2/);
    expect(() => s.transposeMultiply([1])).toThrow(LayerproofError);
    expect(() => SparseMatrix.fromTriplets(2, 2, [{ row: 2, col: 0, value: 1 }])).toThrow(/triplets\[0\]\.row must be an integer in \[0, 2\), but got 2/);
    expect(() => SparseMatrix.fromTriplets(2, 2, [{ row: 0, col: 0, value: NaN }])).toThrow(/triplets\[0\]\.value must be a finite number, but got NaN/);
  });

  test('toDense refuses a matrix too large to hold densely', () => {
    const big = new SparseMatrix(100_000, 100_000, new Int32Array(100_001), new Int32Array(0), new Float64Array(0));
    expect(() => big.toDense()).toThrow(/100000×100000 dense matrix/);
  });
});
