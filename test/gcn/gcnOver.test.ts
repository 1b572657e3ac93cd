import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { compareArrays, describeComparison, tolerances } from '../../src/core/tolerance.js';
import { float64Arithmetic } from '../../src/exact/float64Arithmetic.js';
import { featuresArbitrary } from '../../src/gcn/arbitraries/featuresArbitrary.js';
import { gcnWeightsArbitrary } from '../../src/gcn/arbitraries/gcnWeightsArbitrary.js';
import { graphArbitrary } from '../../src/gcn/arbitraries/graphArbitrary.js';
import { gcnForward } from '../../src/gcn/gcnForward.js';
import { gcnHiddenOver, gcnLayerOver, gcnOver } from '../../src/gcn/gcnOver.js';
import { gcnTolerance } from '../../src/gcn/gcnTolerance.js';
import { meanRows } from '../../src/gcn/meanRows.js';
import { meanRowsOver } from '../../src/gcn/meanRowsOver.js';
import { relu } from '../../src/gcn/relu.js';
import { reluOver } from '../../src/gcn/reluOver.js';
import { softmax } from '../../src/gcn/softmax.js';
import { softmaxOver } from '../../src/gcn/softmaxOver.js';

const f64 = float64Arithmetic;

const reals = (rows: number, cols: number) => featuresArbitrary(rows, cols, { values: 'reals' });
const matrixArb = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 })).chain(([n, d]) => reals(n, d));

/** A GCN case: graph of 1–7 nodes (any kind of the graph arbitrary's defaults, or directed), features and 1–3 layers of widths 1–5. */
const gcnCase = fc.record({
  n: fc.integer({ min: 1, max: 7 }),
  dims: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
  directed: fc.boolean(),
  selfLoops: fc.boolean(),
}).chain(({ n, dims, directed, selfLoops }) => fc.record({
  A: graphArbitrary(n, { directed, selfLoops, weights: 'real' }),
  X: reals(n, dims[0] as number),
  Ws: gcnWeightsArbitrary(dims),
  directed: fc.constant(directed),
}));

describe('reluOver, meanRowsOver and softmaxOver over float64 are relu, meanRows and softmax', () => {
  test.prop([matrixArb], { numRuns: 100 })('reluOver = relu, bit for bit', (M) => {
    expect(reluOver(f64, M)).toEqual(relu(M));
  });

  test.prop([matrixArb.filter((M) => M.flat().some((v) => v < 0))], { numRuns: 50 })('negative control: the identity in place of ReLU is caught where an entry is negative', (M) => {
    expect(M).not.toEqual(relu(M));
  });

  test.prop([matrixArb], { numRuns: 100 })('meanRowsOver = meanRows, bit for bit (sum, then ÷ n)', (H) => {
    expect(meanRowsOver(f64, H)).toEqual((meanRows(H)[0] as number[]));
  });

  test.prop([matrixArb.filter((H) => H.length > 1)], { numRuns: 50 })(
    'negative control: a readout of the first node is caught (its first entry raised above every other row)',
    (H0) => {
      const top = Math.max(...H0.map((row) => row[0] as number)) + 1;
      const H = H0.map((row, i) => (i === 0 ? [top, ...row.slice(1)] : row));
      expect(H[0]).not.toEqual(meanRowsOver(f64, H));
    },
  );

  test.prop([fc.integer({ min: 1, max: 8 }).chain((d) => reals(1, d).map((m) => (m[0] as number[]).map((v) => 20 * v)))], { numRuns: 100 })(
    'softmaxOver (unshifted) = softmax (shifted by max v) within float64',
    (v) => {
      const cmp = compareArrays(softmaxOver(f64, v), softmax([v])[0] as number[], tolerances.float64);
      expect(cmp.ok, describeComparison(cmp)).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 2, max: 8 }).chain((d) => reals(1, d).map((m) => m[0] as number[]))], { numRuns: 50 })(
    'negative control: the exponentials without the division by their sum are caught',
    (v) => {
      expect(compareArrays(v.map(Math.exp), softmax([v])[0] as number[], tolerances.float64).ok).toBe(false);
    },
  );
});

describe('gcnOver over float64 is gcnForward', () => {
  test.prop([gcnCase], { numRuns: 100 })('hidden layers bit for bit (same products in the same order), output within gcnTolerance', ({ A, X, Ws, directed }) => {
    const forward = gcnForward(X, A, Ws, { directed });
    expect(gcnHiddenOver(f64, X, A, Ws)).toEqual(forward.hidden);
    expect(gcnLayerOver(f64, X, A, Ws[0] as number[][])).toEqual(forward.hidden[0]);
    const tolerance = gcnTolerance(X, A, Ws, { precision: 'float64', directed }).output;
    const cmp = compareArrays(gcnOver(f64, X, A, Ws), forward.output[0] as number[], tolerance);
    expect(cmp.ok, describeComparison(cmp)).toBe(true);
  });

  test.prop([gcnCase], { numRuns: 60 })(
    'negative control: Ã built with 1/d in place of 1/√d (the square root forgotten) is caught on positive features and weights',
    ({ A, X, Ws, directed }) => {
      // Some node has an edge (a degree above 1, where 1/d ≠ 1/√d).
      fc.pre(A.some((row) => row.some((v) => v > 0)));
      const positive = (M: number[][]) => M.map((row) => row.map((v) => 0.5 + Math.abs(v)));
      const Xp = positive(X);
      const Wp = Ws.map(positive);
      const noRoot: typeof f64 = { ...f64, rsqrt: (a) => 1 / a };
      const forward = gcnForward(Xp, A, Wp, { directed });
      const tolerance = gcnTolerance(Xp, A, Wp, { precision: 'float64', directed }).hidden[0] ?? tolerances.float64;
      const cmp = compareArrays((gcnLayerOver(noRoot, Xp, A, Wp[0] as number[][])).flat(), (forward.hidden[0] as number[][]).flat(), tolerance);
      expect(cmp.ok).toBe(false);
    },
  );
});

describe('gcnOver: bad arguments', () => {
  test('shapes that do not chain are refused, naming the argument', () => {
    const A = [[0, 1], [1, 0]];
    expect(() => gcnOver(f64, [[1], [2], [3]], A, [[[1]]])).toThrow(/X\.length must be 2, one row per node of A/);
    expect(() => gcnOver(f64, [[1], [2]], A, [[[1, 2]], [[1]]])).toThrow(/Ws\[1\] must be a 2×d_2 matrix/);
    expect(() => gcnHiddenOver(f64, [[1], [2]], A, [])).toThrow(LayerproofError);
    expect(() => gcnLayerOver(f64, [[1], [2]], [[0, 1], [1]], [[1]])).toThrow(/A must be a square n×n adjacency/);
  });
});
