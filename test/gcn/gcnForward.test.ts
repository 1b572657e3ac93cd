import { fc, test } from '@fast-check/vitest';
import { Matrix } from 'ml-matrix';
import { describe, expect } from 'vitest';
import {
  compareArrays, describeComparison, float64Reordering, gcnForward, gcnTolerance, LayerproofError, meanRows,
  normalizeAdjacency, permuteRows, relu, softmax, tolerances,
} from '../../src/index.js';
import { features, gcnWeights, graph, permutation } from '../../src/testing.js';
import { findCounterexample, gcnFromNormalized, moved } from './support/gcnCases.js';

const W1 = [[0.5, -0.2, 0.1], [0.3, 0.8, -0.5]];
const W2 = [[1, 0], [0, 1], [-1, 1]];

describe('gcnForward: values', () => {
  test('two nodes joined by an edge, X = [[1], [2]], W = [[1, −1]]: Ã = ½·1·1ᵀ, H = [[1.5, 0], [1.5, 0]], ŷ = softmax([1.5, 0])', () => {
    const { output, hidden } = gcnForward([[1], [2]], [[0, 1], [1, 0]], [[[1, -1]]]);
    expect(hidden).toHaveLength(1);
    expect(compareArrays(hidden[0]?.flat() ?? [], [1.5, 0, 1.5, 0], tolerances.float64).ok).toBe(true);
    const e = Math.exp(1.5);
    expect(compareArrays(output.flat(), [e / (e + 1), 1 / (e + 1)], tolerances.float64).ok).toBe(true);
  });

  test.prop([fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(features(n, 2, { values: 'reals' }), graph(n, { selfLoops: true, weights: 'real' }))), gcnWeights([2, 4, 3, 2])])(
    'equals the GCN assembled from the lemma functions softmax(meanRows(ReLU(Ã·…·W))) with Ã = normalizeAdjacency(A)',
    ([X, A], W) => {
      const expected = gcnFromNormalized(X, new Matrix(normalizeAdjacency(A)), W);
      const actual = gcnForward(X, A, W);
      const tol = gcnTolerance(X, A, W, { precision: 'float64' });
      actual.hidden.forEach((h, l) => {
        const cmp = compareArrays(h.flat(), expected.hidden[l]?.flat() ?? [], tol.hidden[l] ?? tolerances.exact);
        expect(cmp.ok, `H${l + 1}: ${describeComparison(cmp)}`).toBe(true);
      });
      const cmp = compareArrays(actual.output.flat(), expected.output.flat(), tol.output);
      expect(cmp.ok, describeComparison(cmp)).toBe(true);
      expect(actual.output.flat().reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    },
  );

  test('returns the kind of X: Matrix in, Matrix out (output 1×d_L, hidden n×d_l)', () => {
    const result = gcnForward(new Matrix([[1, 0], [0, 1], [1, 1]]), [[0, 1, 0], [1, 0, 1], [0, 1, 0]], [W1, W2]);
    expect(result.output).toBeInstanceOf(Matrix);
    expect([result.output.rows, result.output.columns]).toEqual([1, 2]);
    expect(result.hidden.map((h) => [h.rows, h.columns])).toEqual([[3, 3], [3, 2]]);
  });
});

describe('gcnForward: shapes are checked at the boundary', () => {
  const X = [[1, 0], [0, 1], [1, 1]];
  const A = [[0, 1, 0], [1, 0, 1], [0, 1, 0]];

  test('W1 must have d_0 rows (the columns of X); the message explains the exercise\'s typo', () => {
    expect(() => gcnForward(X, A, [[[1, 2, 3]], W2])).toThrow(
      /weights\[0\] must be a 2×d_1 matrix: W\^\(1\) multiplies the d_0 = 2 features of X \(its columns\), so it has 2 rows, but got 'a 1×3 matrix'.*typo for ℝ\^\{d_\{ℓ−1\}×d_ℓ\}/,
    );
  });

  test('W2 must have as many rows as W1 has columns', () => {
    expect(() => gcnForward(X, A, [W1, [[1, 0], [0, 1]]])).toThrow(/weights\[1\] must be a 3×d_2 matrix: W\^\(2\) multiplies the d_1 = 3 features of H\^\(1\) \(the columns of weights\[0\]\)/);
  });

  test('A must be n×n for the n rows of X, and at least one layer is needed', () => {
    expect(() => gcnForward(X, [[0, 1], [1, 0]], [W1])).toThrow(/A must be 3×3, one row and column per node \(X has 3 rows\), but got 'a 2×2 matrix'/);
    expect(() => gcnForward(X, A, [])).toThrow(/weights must be a non-empty array of weight matrices/);
  });

  test('bad values name the entry; bad options are refused', () => {
    expect(() => gcnForward([[1, NaN], [0, 1], [1, 1]], A, [W1])).toThrow(/X\[0\]\[1\] must be a finite number, but got NaN/);
    expect(() => gcnForward(X, A, [[[1, 2, 3], [4, Infinity, 6]]])).toThrow(/weights\[0\]\[1\]\[1\] must be a finite number/);
    expect(() => gcnForward(X, [[0, 1, 0], [0, 0, 1], [0, 1, 0]], [W1])).toThrow(LayerproofError);
    expect(() => gcnForward(X, A, [W1], { degreeOf: 'none' as 'A' })).toThrow(/options.degreeOf/);
  });

  test("degreeOf 'A' with an isolated node fails with the node's name instead of returning NaN", () => {
    expect(() => gcnForward(X, [[0, 1, 0], [1, 0, 0], [0, 0, 0]], [W1], { degreeOf: 'A' })).toThrow(/Error in gcnForward: node 2 has degree 0/);
  });
});

describe('lemmas of the proof, one by one', () => {
  const matrixAndPermutation = fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(features(n, 4, { values: 'reals' }), permutation(n)));

  test.prop([matrixAndPermutation])('ReLU(PM) = P·ReLU(M), exactly (ReLU acts on each entry alone)', ([M, p]) => {
    expect(relu(permuteRows(M, p))).toEqual(permuteRows(relu(M), p));
  });

  test('negative control: an "activation" that subtracts the first node\'s row is caught on a shrunk 2-node case', () => {
    const centred = (M: number[][]): number[][] => relu(M.map((row) => row.map((v, j) => v - (M[0]?.[j] ?? 0))));
    const found = findCounterexample(({ X, permutation: p }) =>
      compareArrays(centred(permuteRows(X, p)).flat(), permuteRows(centred(X), p).flat(), tolerances.exact).ok, { nodes: 6, features: 2 });
    expect(found?.counterexample.X.length).toBe(2);
    expect(moved(found?.counterexample.permutation ?? [])).toBe(2);
  });

  test.prop([matrixAndPermutation])('meanRows(PH) = meanRows(H): a sum does not depend on the order of its terms (float64: reordered sums)', ([H, p]) => {
    const maxAbs = Math.max(...H.flat().map(Math.abs));
    const cmp = compareArrays(meanRows(permuteRows(H, p)).flat(), meanRows(H).flat(), float64Reordering(H.length, maxAbs));
    expect(cmp.ok, describeComparison(cmp)).toBe(true);
  });

  test.prop([fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(features(n, 3), permutation(n)))])('meanRows(PH) = meanRows(H) exactly on integer H', ([H, p]) => {
    expect(meanRows(permuteRows(H, p))).toEqual(meanRows(H));
  });

  test('negative control: a readout weighted by node index, Σᵢ (i+1)·Hᵢ / Σᵢ (i+1), is caught on a shrunk 2-node case', () => {
    const weighted = (H: number[][]): number[] => {
      const total = H.reduce((s, _r, i) => s + i + 1, 0);
      return (H[0] ?? []).map((_v, j) => H.reduce((s, row, i) => s + (i + 1) * (row[j] ?? 0), 0) / total);
    };
    const found = findCounterexample(({ X, permutation: p }) =>
      compareArrays(weighted(permuteRows(X, p)), weighted(X), tolerances.float64).ok, { nodes: 6, features: 2 });
    expect(found?.counterexample.X.length).toBe(2);
  });

  test('softmax: rows sum to 1, shift-invariant, no overflow at 1000', () => {
    const [row] = softmax([[1000, 1000, 999]]);
    expect(row?.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
    expect(compareArrays(softmax([[1, 2, 3]]).flat(), softmax([[101, 102, 103]]).flat(), tolerances.float64).ok).toBe(true);
    expect(row?.every(Number.isFinite)).toBe(true);
  });
});
