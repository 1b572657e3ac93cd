import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { SparseMatrix } from '../../src/linear/SparseMatrix.js';

const matrix = (rows: number, cols: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -4, max: 4 })), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });

const dims = fc.record({ n: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 1, max: 6 }), m: fc.integer({ min: 1, max: 6 }) });

describe('SparseMatrix products and slices', () => {
  test.prop([dims.chain((d) => fc.tuple(fc.constant(d), matrix(d.n, d.k), matrix(d.k, d.m)))], { numRuns: 100 })(
    'A·B (CSR × CSR) equals the dense product exactly on small integers', ([, a, b]) => {
      const product = SparseMatrix.fromDense(a).multiplySparse(SparseMatrix.fromDense(b));
      const dense = a.map((row) => b[0]?.map((_v, j) => row.reduce((s, v, k) => s + v * (b[k]?.[j] ?? 0), 0)) ?? []);
      expect(product.toDense().to2DArray()).toEqual(dense);
      // Columns strictly increase within each row (the CSR invariant the builders rely on).
      for (let r = 0; r < product.rows; r++) {
        for (let k = (product.rowPtr[r] ?? 0) + 1; k < (product.rowPtr[r + 1] ?? 0); k++) expect(product.colIndex[k]).toBeGreaterThan(product.colIndex[k - 1] ?? -1);
      }
    });

  test('negative control: B·A is not A·B for a non-commuting pair, and the shapes are checked', () => {
    const a = SparseMatrix.fromDense([[0, 1], [0, 0]]);
    const b = SparseMatrix.fromDense([[0, 0], [1, 0]]);
    expect(a.multiplySparse(b).toDense().to2DArray()).not.toEqual(b.multiplySparse(a).toDense().to2DArray());
    expect(() => a.multiplySparse(SparseMatrix.identity(3))).toThrow(/multiplySparse: other must be a SparseMatrix with 2 rows/);
  });

  test.prop([fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(matrix(n, 5), fc.nat(n), fc.nat(n)))], { numRuns: 100 })(
    'rowSlice(a, b) holds rows a..b of the matrix', ([a, i, j]) => {
      const [start, end] = i <= j ? [i, j] : [j, i];
      expect(SparseMatrix.fromDense(a).rowSlice(start, end).toDense().to2DArray()).toEqual(a.slice(start, end));
    });

  test('rowSlice refuses a range outside the rows', () => {
    expect(() => SparseMatrix.identity(3).rowSlice(2, 4)).toThrow(/rowSlice: \[start, end\) must be integers with 0 ≤ start ≤ end ≤ 3, but got \[2,4\]/);
  });
});
