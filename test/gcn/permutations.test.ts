import { fc, test } from '@fast-check/vitest';
import { Matrix } from 'ml-matrix';
import { describe, expect } from 'vitest';
import {
  allPermutations, compareArrays, createRng, inversePermutation, LayerproofError, permutationMatrix, permuteAdjacency,
  permuteRows, randomInt, randomPermutation, tolerances, validatePermutation,
} from '../../src/index.js';
import { features, permutation } from '../../src/testing.js';

const FACTORIALS = [1, 1, 2, 6, 24, 120, 720, 5040, 40320];

/** Largest |(QᵀQ − I)ᵢⱼ|: 0 exactly when Q's columns are orthonormal. */
function gramDefect(Q: Matrix): number {
  const gram = Q.transpose().mmul(Q);
  return Math.max(...gram.to1DArray().map((v, k) => Math.abs(v - (Math.floor(k / Q.columns) === k % Q.columns ? 1 : 0))));
}

describe('permutation matrices', () => {
  test('PᵀP = I and PPᵀ = I exactly for every permutation of n = 1…7 (5913 permutations)', () => {
    let checked = 0;
    const failures: string[] = [];
    for (let n = 1; n <= 7; n++) {
      const identity = Matrix.eye(n).to1DArray();
      for (const p of allPermutations(n)) {
        const P = permutationMatrix(p);
        const ptp = compareArrays(P.transpose().mmul(P).to1DArray(), identity, tolerances.exact);
        const ppt = compareArrays(P.mmul(P.transpose()).to1DArray(), identity, tolerances.exact);
        if (!ptp.ok || !ppt.ok) failures.push(JSON.stringify(p));
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(FACTORIALS.slice(1, 8).reduce((a, b) => a + b, 0));
  });

  test('negative control: every 0/1 matrix Q with one 1 per row that is not a permutation (n ≤ 4, 232 of them) has QᵀQ ≠ I', () => {
    let caught = 0;
    let total = 0;
    for (let n = 1; n <= 4; n++) {
      for (let code = 0; code < n ** n; code++) {
        const f = Array.from({ length: n }, (_v, i) => Math.floor(code / n ** i) % n);
        if (new Set(f).size === n) continue; // a bijection: a true permutation
        const Q = new Matrix(n, n);
        f.forEach((j, i) => Q.set(i, j, 1));
        total++;
        if (gramDefect(Q) > 0) caught++;
      }
    }
    expect(total).toBe(1 - 1 + (4 - 2) + (27 - 6) + (256 - 24));
    expect(caught).toBe(total);
  });

  test('P has P[i][p[i]] = 1: row i of PX is row p[i] of X (p = [2, 0, 1])', () => {
    expect(permutationMatrix([2, 0, 1]).to2DArray()).toEqual([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    expect(permuteRows([[10], [11], [12]], [2, 0, 1])).toEqual([[12], [10], [11]]);
  });
});

describe('applying P without forming it', () => {
  test.prop([fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(features(n, 3, { values: 'reals' }), permutation(n)))])(
    'permuteRows(X, p) = P·X exactly',
    ([X, p]) => {
      const expected = permutationMatrix(p).mmul(new Matrix(X)).to1DArray();
      expect(compareArrays(permuteRows(new Matrix(X), p).to1DArray(), expected, tolerances.exact).ok).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(features(n, n, { values: 'reals' }), permutation(n)))])(
    'permuteAdjacency(A, p) = P·A·Pᵀ exactly, entry (i, j) = A[p[i]][p[j]]',
    ([A, p]) => {
      const P = permutationMatrix(p);
      const expected = P.mmul(new Matrix(A)).mmul(P.transpose()).to1DArray();
      expect(compareArrays(permuteAdjacency(new Matrix(A), p).to1DArray(), expected, tolerances.exact).ok).toBe(true);
      expect(permuteAdjacency(A, p).every((row, i) => row.every((v, j) => v === A[p[i] ?? -1]?.[p[j] ?? -1]))).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 2, max: 9 }).chain((n) => fc.tuple(features(n, n, { values: 'reals' }), permutation(n)))])(
    'negative control: P·A (forgetting Pᵀ on the right) differs from P·A·Pᵀ unless p fixes A',
    ([A, p]) => {
      const P = permutationMatrix(p);
      const rowsOnly = P.mmul(new Matrix(A));
      const both = permuteAdjacency(A, p);
      const equal = compareArrays(rowsOnly.to1DArray(), both.flat(), tolerances.exact).ok;
      // They agree exactly when A·Pᵀ = A, i.e. every column j of A equals column p[j].
      const fixes = A.every((row) => row.every((v, j) => v === row[p[j] ?? -1]));
      expect(equal).toBe(fixes);
    },
  );

  test.prop([fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(features(n, 2), permutation(n)))])(
    'the inverse permutation undoes permuteRows, and its matrix is Pᵀ',
    ([X, p]) => {
      const q = inversePermutation(p);
      expect(permuteRows(permuteRows(X, p), q)).toEqual(X);
      expect(permutationMatrix(q).to2DArray()).toEqual(permutationMatrix(p).transpose().to2DArray());
    },
  );

  test('kinds: Matrix in, Matrix out; rows in, rows out', () => {
    expect(permuteRows(new Matrix([[1], [2]]), [1, 0])).toBeInstanceOf(Matrix);
    expect(Array.isArray(permuteAdjacency([[0, 1], [1, 0]], [1, 0]))).toBe(true);
  });
});

function lexicographicallyBefore(a: readonly number[], b: readonly number[]): boolean {
  const k = a.findIndex((v, i) => v !== b[i]);
  return k >= 0 && (a[k] as number) < (b[k] as number);
}

describe('allPermutations and randomPermutation', () => {
  test('allPermutations(n) yields n! distinct permutations in lexicographic order, the identity first (n = 0…8)', () => {
    for (let n = 0; n <= 8; n++) {
      const all = [...allPermutations(n)];
      expect(all.length).toBe(FACTORIALS[n]);
      expect(all[0]).toEqual(Array.from({ length: n }, (_v, i) => i));
      let ordered = true;
      for (let k = 1; k < all.length; k++) ordered &&= lexicographicallyBefore(all[k - 1] as number[], all[k] as number[]);
      expect(ordered).toBe(true);
      all.forEach((p) => validatePermutation(p, n));
    }
  });

  test('allPermutations is lazy and refuses n = 9 with a LayerproofError', () => {
    const first = allPermutations(8).next();
    expect(first.value).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(() => allPermutations(9).next()).toThrow(LayerproofError);
    expect(() => allPermutations(9).next()).toThrow(/n must be at most 8/);
  });

  test.prop([fc.integer({ min: 0, max: 50 }), fc.nat()])('randomPermutation(n, rng) is a permutation, the same for the same seed', (n, seed) => {
    const p = randomPermutation(n, createRng(seed));
    expect(validatePermutation(p, n)).toEqual(p);
    expect(randomPermutation(n, createRng(seed))).toEqual(p);
  });

  /** Pearson's χ² of the counts of the 24 permutations of 4 in `draws` samples. */
  function chiSquare(shuffle: (rng: ReturnType<typeof createRng>) => number[], draws: number, seed: number): number {
    const rng = createRng(seed);
    const counts = new Map<string, number>();
    for (let k = 0; k < draws; k++) {
      const key = shuffle(rng).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const expected = draws / 24;
    let chi = 0;
    for (const p of allPermutations(4)) chi += ((counts.get(p.join('')) ?? 0) - expected) ** 2 / expected;
    return chi;
  }

  // χ² with 23 degrees of freedom exceeds 49.7 with probability 0.001.
  test('randomPermutation(4) is uniform: χ² over 24 000 draws below 49.7 (p = 0.001)', () => {
    expect(chiSquare((rng) => randomPermutation(4, rng), 24_000, 11)).toBeLessThan(49.7);
  });

  test('negative control: the naive shuffle (swap i with any j in 0…n−1) fails the same χ² test', () => {
    const naive = (rng: ReturnType<typeof createRng>): number[] => {
      const p = [0, 1, 2, 3];
      for (let i = 0; i < 4; i++) {
        const j = randomInt(rng, 0, 3);
        [p[i], p[j]] = [p[j] as number, p[i] as number];
      }
      return p;
    };
    expect(chiSquare(naive, 24_000, 11)).toBeGreaterThan(49.7);
  });
});

describe('validatePermutation names what is wrong', () => {
  test('a repeated index names both positions', () => {
    expect(() => validatePermutation([0, 2, 2])).toThrow(/p\[2\] must be an index not used before \(p\[1\] is already 2\)/);
  });
  test('an index out of range', () => {
    expect(() => validatePermutation([0, 3, 1])).toThrow(/p\[1\] must be an integer node index in \[0, 2\], but got 3/);
  });
  test('the wrong length', () => {
    expect(() => permuteRows([[1], [2], [3]], [1, 0])).toThrow(/Error in permuteRows: p.length must be 3, one entry per node, but got 2/);
  });
  test('a non-square matrix for permuteAdjacency', () => {
    expect(() => permuteAdjacency([[1, 2, 3], [4, 5, 6]], [1, 0])).toThrow(/A must be a square n×n matrix, but got 'a 2×3 matrix'/);
  });
});
