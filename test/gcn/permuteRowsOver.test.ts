import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { featuresArbitrary } from '../../src/gcn/arbitraries/featuresArbitrary.js';
import { permutationArbitrary } from '../../src/gcn/arbitraries/permutationArbitrary.js';
import { inversePermutation } from '../../src/gcn/inversePermutation.js';
import { permuteAdjacency } from '../../src/gcn/permuteAdjacency.js';
import { permuteAdjacencyOver } from '../../src/gcn/permuteAdjacencyOver.js';
import { permuteRows } from '../../src/gcn/permuteRows.js';
import { permuteRowsOver } from '../../src/gcn/permuteRowsOver.js';

const matrixAndPermutation = (square: boolean) =>
  fc.integer({ min: 1, max: 7 }).chain((n) => fc.record({
    M: featuresArbitrary(n, square ? n : 3, { values: 'reals' }),
    p: permutationArbitrary(n),
  }));

const big = (M: readonly (readonly number[])[]): bigint[][] => M.map((row) => row.map((v) => BigInt(Math.round(v * 1000))));

/** A permutation that is not its own inverse moves some node i to j but j not back to i. */
const notInvolution = (p: readonly number[]): boolean => p.some((from, i) => p[from] !== i);

describe('permuteRowsOver and permuteAdjacencyOver are permuteRows and permuteAdjacency', () => {
  test.prop([matrixAndPermutation(false)], { numRuns: 100 })('PX: the same numbers, and the same move on any values (bigint)', ({ M, p }) => {
    expect(permuteRowsOver(p, M)).toEqual(permuteRows(M, p));
    expect(permuteRowsOver(p, big(M))).toEqual(big(permuteRows(M, p)));
  });

  test.prop([matrixAndPermutation(true)], { numRuns: 100 })('PAPᵀ: the same numbers, and the same move on any values (bigint)', ({ M, p }) => {
    expect(permuteAdjacencyOver(p, M)).toEqual(permuteAdjacency(M, p));
    expect(permuteAdjacencyOver(p, big(M))).toEqual(big(permuteAdjacency(M, p)));
  });

  test.prop([matrixAndPermutation(true).filter(({ p }) => notInvolution(p))], { numRuns: 60 })(
    'negative control: the inverse permutation (Pᵀ X, PᵀAP) is caught',
    ({ M, p }) => {
      // Distinct rows, so that moving a row elsewhere shows.
      const D = M.map((row, i) => row.map((v, j) => v + 10 * i + 100 * j));
      const q = inversePermutation(p);
      expect(permuteRowsOver(q, D)).not.toEqual(permuteRows(D, p));
      expect(permuteAdjacencyOver(q, D)).not.toEqual(permuteAdjacency(D, p));
    },
  );
});

describe('permuteRowsOver and permuteAdjacencyOver: bad arguments', () => {
  test('a repeated index, a wrong length and a non-square A are refused', () => {
    expect(() => permuteRowsOver([0, 0], [[1], [2]])).toThrow(/permuteRowsOver: perm\[1\] must be an index not used before/);
    expect(() => permuteRowsOver([0], [[1], [2]])).toThrow(/perm\.length must be 2/);
    expect(() => permuteAdjacencyOver([0, 1], [[1, 2], [3]])).toThrow(LayerproofError);
  });
});
