import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { approxEqual, tolerances } from '../../src/core/tolerance.js';
import { SparseMatrix, type Triplet } from '../../src/linear/SparseMatrix.js';
import { matrixOperator } from '../../src/models/AffineOperator.js';
import { relativeGap, type NormBound } from '../../src/spectrum/NormBound.js';
import { operatorNormBounds } from '../../src/spectrum/operatorNormBounds.js';
import { oneInfBound, sparseNormBounds } from '../../src/spectrum/sparseNormBounds.js';
import { counterexample, denseOf, denseSingularValues, uniformData } from './support/denseOperators.js';

/** Sparse matrices of a few shapes: random sparse, banded, block diagonal (with repeated blocks), one entry per row. */
const matrixArb: fc.Arbitrary<{ name: string; t: SparseMatrix }> = fc
  .record({
    kind: fc.constantFrom('random', 'banded', 'blocks', 'selection', 'wide-dense'),
    rows: fc.integer({ min: 1, max: 40 }), cols: fc.integer({ min: 1, max: 40 }),
    density: fc.double({ min: 0.05, max: 0.6, noNaN: true }), seed: fc.nat(),
  })
  .map(({ kind, rows, cols, density, seed }) => {
    const v = uniformData(rows * cols * 2, seed);
    const triplets: Triplet[] = [];
    if (kind === 'random') {
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (((v[i * cols + j] ?? 0) + 1) / 2 < density) triplets.push({ row: i, col: j, value: v[rows * cols + i * cols + j] ?? 1 });
    } else if (kind === 'banded') {
      for (let i = 0; i < rows; i++) for (let j = Math.max(0, i - 2); j < Math.min(cols, i + 3); j++) triplets.push({ row: i, col: j, value: v[i * cols + j] ?? 1 });
    } else if (kind === 'blocks') {
      // Blocks of 3×3, the first two identical: the split and the deduplication.
      for (let b = 0; b * 3 < Math.min(rows, cols); b++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        const r = b * 3 + i;
        const c = b * 3 + j;
        if (r < rows && c < cols) triplets.push({ row: r, col: c, value: v[(b < 2 ? 0 : b) * 9 + i * 3 + j] ?? 1 });
      }
    } else if (kind === 'selection') {
      for (let i = 0; i < rows; i++) triplets.push({ row: i, col: (i * 7) % cols, value: v[i] ?? 1 });
    } else {
      for (let i = 0; i < Math.min(rows, 4); i++) for (let j = 0; j < cols; j++) triplets.push({ row: i, col: j, value: v[i * cols + j] ?? 1 });
    }
    return { name: `${kind} ${rows}×${cols} seed ${seed}`, t: SparseMatrix.fromTriplets(rows, cols, triplets) };
  });

function contains(b: NormBound, truth: number): boolean {
  const slack = 1e-12 * truth + 1e-14;
  return b.lower <= truth + slack && truth - slack <= b.upper;
}

describe('sparseNormBounds / operatorNormBounds: any operator, from its entries', () => {
  test.prop([matrixArb], { numRuns: 80 })('lower ≤ ‖T‖₂ ≤ upper; exact methods give ‖T‖₂ and the smallest singular value', ({ name, t }) => {
    const values = denseSingularValues(denseOf(t));
    const truth = values[0] ?? 0;
    const b = sparseNormBounds(t);
    expect(contains(b, truth), `${name}: ${truth} not in [${b.lower}, ${b.upper}] (${b.method})`).toBe(true);
    expect(relativeGap(b), `${name}: ${b.method}`).toBeLessThanOrEqual(0.01);
    if (b.exact) expect(approxEqual(b.upper, truth, tolerances.float64), `${name}: ${b.upper} vs ${truth}`).toBe(true);
    if (b.smallest !== undefined) {
      const smallest = values[values.length - 1] ?? 0;
      expect(approxEqual(b.smallest, smallest, tolerances.float64), `${name}: smallest ${b.smallest} vs ${smallest} (${b.method})`).toBe(true);
    }
  });

  it('negative control: the largest row norm, a lower bound, is caught when offered as an upper bound', () => {
    const rowNormBound = (t: SparseMatrix): number => {
      let m = 0;
      for (let r = 0; r < t.rows; r++) {
        let s = 0;
        for (let k = t.rowPtr[r] ?? 0; k < (t.rowPtr[r + 1] ?? 0); k++) s += (t.values[k] ?? 0) ** 2;
        m = Math.max(m, s);
      }
      return Math.sqrt(m);
    };
    const property = (upper: (t: SparseMatrix) => number): fc.IProperty<[{ name: string; t: SparseMatrix }]> => fc.property(matrixArb, ({ name, t }) => {
      const truth = denseSingularValues(denseOf(t))[0] ?? 0;
      if (upper(t) < truth * (1 - 1e-12)) throw new Error(`${name}: ${upper(t)} < ‖T‖ = ${truth}`);
    });
    expect(() => fc.assert(property(oneInfBound), { numRuns: 50 })).not.toThrow();
    expect(counterexample(property(rowNormBound), 100)).toMatch(/< ‖T‖ =/);
  });

  it('names the method: diagonal (BN-like), dense-svd (a small block), ldl-certificate (a large banded one)', () => {
    const diag = SparseMatrix.fromTriplets(3, 3, [{ row: 0, col: 0, value: -2 }, { row: 1, col: 1, value: 0.5 }, { row: 2, col: 2, value: 1 }]);
    expect(sparseNormBounds(diag)).toMatchObject({ method: 'diagonal', exact: true, lower: 2, upper: 2, smallest: 0.5 });
    const small = SparseMatrix.fromDense([[1, 2], [3, 4]]);
    expect(sparseNormBounds(small)).toMatchObject({ method: 'dense-svd', exact: true });
    // A 1-D averaging operator of 600 cells: banded, too large for a dense SVD. √(‖T‖₁‖T‖∞) = 1 is
    // already within 1% of ‖T‖₂; a target gap of 10⁻⁶ makes the certificate run.
    const triplets: Triplet[] = [];
    for (let i = 0; i < 600; i++) for (let j = Math.max(0, i - 1); j <= Math.min(599, i + 1); j++) triplets.push({ row: i, col: j, value: 1 / 3 });
    const t = SparseMatrix.fromTriplets(600, 600, triplets);
    expect(sparseNormBounds(t).method).toBe('norm-1-inf+lanczos');
    const b = sparseNormBounds(t, { targetGap: 1e-6 });
    expect(b.method).toBe('ldl-certificate+lanczos');
    const truth = (1 + 2 * Math.cos(Math.PI / 601)) / 3;
    expect(b.lower).toBeLessThanOrEqual(truth * (1 + 1e-12));
    expect(b.upper).toBeGreaterThanOrEqual(truth * (1 - 1e-12));
    expect(relativeGap(b)).toBeLessThan(1e-5);
  });

  it('operatorNormBounds reads an AffineOperator (a 2-input addition [I I]: exactly √2) and ignores its bias', async () => {
    const add = SparseMatrix.fromTriplets(4, 8, Array.from({ length: 8 }, (_, k) => ({ row: k % 4, col: k, value: 1 })));
    const op = matrixOperator({ kind: 'Add', inputShapes: [[4], [4]], outputShape: [4], matrix: add, bias: Float64Array.of(5, 5, 5, 5) });
    const b = await operatorNormBounds(op);
    expect(b.exact).toBe(true);
    expect(b.upper).toBeCloseTo(Math.SQRT2, 14);
  });

  it('refuses something that is not an AffineOperator with a LayerproofError', async () => {
    await expect(operatorNormBounds({} as never)).rejects.toThrow(LayerproofError);
    await expect(operatorNormBounds({} as never)).rejects.toThrow(/op must be an AffineOperator/);
  });
});
