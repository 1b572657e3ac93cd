import { fc, test } from '@fast-check/vitest';
import { Matrix } from 'ml-matrix';
import { describe, expect } from 'vitest';
import {
  allGraphs, allPermutations, approxEqual, checkPermutationEquivariance, compareArrays, describePermutationCheck,
  float64Reordering, LayerproofError, normalizeAdjacency, permuteAdjacency, tolerances, validateAdjacency,
} from '../../src/index.js';
import { graph } from '../../src/testing.js';
import { degreesWithLoops, findCounterexample, GRAPH_KINDS, normalizedWithDegrees } from './support/gcnCases.js';

const anyGraph = fc.constantFrom(...GRAPH_KINDS).chain((kind) =>
  fc.integer({ min: 1, max: 9 }).chain((n) => graph(n, kind.graph).map((A) => ({ kind, A }))));

describe('validateAdjacency', () => {
  test.prop([anyGraph])('accepts every generated graph of every kind, returning it unchanged', ({ kind, A }) => {
    expect(validateAdjacency(A, { directed: kind.graph.directed ?? false })).toEqual(A);
  });

  test.prop([anyGraph, fc.nat(), fc.nat()])('negative control: the same graph with one entry made negative is refused, naming the entry', ({ A }, i0, j0) => {
    const n = A.length;
    const i = i0 % n;
    const j = j0 % n;
    const broken = A.map((row) => row.slice());
    (broken[i] as number[])[j] = -1;
    expect(() => validateAdjacency(broken, { directed: true })).toThrow(`A[${i}][${j}] must be a non-negative edge weight`);
  });

  test('an asymmetric matrix is refused unless directed, naming both entries', () => {
    const A = [[0, 1, 1], [1, 0, 0], [0, 0, 0]];
    expect(() => validateAdjacency(A)).toThrow(/A\[0\]\[2\] must be equal to A\[2\]\[0\] = 0 \(the adjacency of an undirected graph is symmetric\), but got 1\. Pass \{ directed: true \}/);
    expect(validateAdjacency(A, { directed: true })).toEqual(A);
  });

  test('a non-square, ragged or non-finite matrix is refused with the row and column', () => {
    expect(() => validateAdjacency([[0, 1, 0], [1, 0, 0]])).toThrow(/A must be a square n×n matrix \(one row and one column per node\), but got 'a 2×3 matrix'/);
    expect(() => validateAdjacency([[0, 1], [1]])).toThrow(/A\[1\]\.length must be 2/);
    expect(() => validateAdjacency([[0, NaN], [NaN, 0]])).toThrow(/A\[0\]\[1\] must be a finite number, but got NaN/);
    expect(() => validateAdjacency(new Matrix([[0, Infinity], [1, 0]]))).toThrow(LayerproofError);
    expect(() => validateAdjacency([])).toThrow(/at least one row/);
  });

  test('symmetry is checked with the float64 tolerance: ½(B + Bᵀ)-style rounding passes, 1e-6 does not', () => {
    expect(() => validateAdjacency([[0, 0.1 + 0.2], [0.3, 0]])).not.toThrow();
    expect(() => validateAdjacency([[0, 0.3 + 1e-6], [0.3, 0]])).toThrow(/symmetric/);
  });
});

describe('normalizeAdjacency', () => {
  test('path 0 – 1 – 2: degrees of A + I are 2, 3, 2, so Ã = [[1/2, 1/√6, 0], [1/√6, 1/3, 1/√6], [0, 1/√6, 1/2]]', () => {
    const s = 1 / Math.sqrt(6);
    const expected = [0.5, s, 0, s, 1 / 3, s, 0, s, 0.5];
    const cmp = compareArrays(normalizeAdjacency([[0, 1, 0], [1, 0, 1], [0, 1, 0]]).flat(), expected, tolerances.float64);
    expect(cmp.ok).toBe(true);
  });

  test("degreeOf 'A' (the exercise's convention): degrees 1, 2, 1 on the same path", () => {
    const s = 1 / Math.sqrt(2);
    const expected = [1, s, 0, s, 0.5, s, 0, s, 1];
    expect(compareArrays(normalizeAdjacency([[0, 1, 0], [1, 0, 1], [0, 1, 0]], { degreeOf: 'A' }).flat(), expected, tolerances.float64).ok).toBe(true);
  });

  test.prop([anyGraph])('with the default (Kipf & Welling) every entry is finite in [0, 1] for every kind, an isolated node keeps Ã_ii = 1', ({ kind, A }) => {
    const aHat = normalizeAdjacency(A, { directed: kind.graph.directed ?? false });
    expect(aHat.flat().every((v) => Number.isFinite(v) && v >= 0 && v <= 1 + 1e-15)).toBe(true);
    A.forEach((row, i) => {
      const isolated = row.every((v) => v === 0) && A.every((r) => r[i] === 0);
      if (isolated) expect(aHat[i]?.[i]).toBe(1);
    });
  });

  test("degreeOf 'A' with an isolated node is refused, naming the node and why (degree 0)", () => {
    const A = [[0, 1, 0], [1, 0, 0], [0, 0, 0]];
    expect(() => normalizeAdjacency(A, { degreeOf: 'A' })).toThrow(/node 2 has degree 0 .*divide by √0.*degreeOf: 'A\+I'/);
    expect(normalizeAdjacency(A)[2]).toEqual([0, 0, 1]);
  });

  test.prop([fc.integer({ min: 1, max: 9 }).chain((n) => graph(n, { isolated: false, selfLoops: true, weights: 'real' }))])(
    "degreeOf 'A' is defined when every node has an edge, and equals the formula (A + I)ᵢⱼ / √(dᵢ dⱼ), dᵢ = Σⱼ Aᵢⱼ",
    (A) => {
      const d = A.map((row) => row.reduce((s, v) => s + v, 0));
      const expected = A.flatMap((row, i) => row.map((v, j) => (v + (i === j ? 1 : 0)) / Math.sqrt((d[i] as number) * (d[j] as number))));
      expect(compareArrays(normalizeAdjacency(A, { degreeOf: 'A' }).flat(), expected, tolerances.float64).ok).toBe(true);
    },
  );

  test('an unknown degreeOf is refused', () => {
    expect(() => normalizeAdjacency([[0]], { degreeOf: 'D' as 'A' })).toThrow(/options.degreeOf must be 'A\+I'/);
  });
});

describe('lemma: Ã(PAPᵀ) = P·Ã(A)·Pᵀ (the degrees are relabelled with the nodes)', () => {
  test('exactly, for every graph on n ≤ 4 nodes with and without self-loops and every permutation, both conventions', () => {
    const compared = { 'A+I': 0, A: 0 };
    let refused = 0;
    const failures: string[] = [];
    for (let n = 1; n <= 4; n++) {
      const perms = [...allPermutations(n)];
      for (const A of allGraphs(n, { selfLoops: true })) {
        for (const degreeOf of ['A+I', 'A'] as const) {
          if (degreeOf === 'A' && A.some((row) => row.every((v) => v === 0))) {
            expect(() => normalizeAdjacency(A, { degreeOf })).toThrow(/has degree 0/);
            refused++;
            continue;
          }
          const aHat = normalizeAdjacency(A, { degreeOf });
          for (const p of perms) {
            const lhs = normalizeAdjacency(permuteAdjacency(A, p), { degreeOf });
            if (!compareArrays(lhs.flat(), permuteAdjacency(aHat, p).flat(), tolerances.exact).ok) failures.push(`${JSON.stringify(A)} ${JSON.stringify(p)}`);
            compared[degreeOf]++;
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // 2·1 + 8·2 + 64·6 + 1024·24 graph–permutation pairs; under 'A' the graphs with a node of degree 0 are refused instead.
    expect(compared['A+I']).toBe(2 + 16 + 384 + 24576);
    expect(refused).toBeGreaterThan(0);
    expect(compared.A).toBeGreaterThan(0);
  });

  test('through checkPermutationEquivariance with output "adjacency", on random weighted and directed graphs', () => {
    for (const kind of GRAPH_KINDS) {
      const directed = kind.graph.directed ?? false;
      const result = checkPermutationEquivariance((_X, A) => normalizeAdjacency(A, { directed }), {
        nodes: 10, features: 1, graph: kind.graph, output: 'adjacency', runs: 40,
        // Degrees are sums of n weights in a relabelled order: at most n + 1 terms, entries ≤ 1.
        tolerance: (_X, A) => float64Reordering(A.length + 1, 1),
      });
      expect(result.holds, `${kind.name}: ${describePermutationCheck(result)}`).toBe(true);
    }
  });

  test('negative control: Ã′ computed with the unpermuted degrees D(A) instead of D(PAPᵀ) is caught, on a shrunk graph of 3 nodes', () => {
    const found = findCounterexample(({ A, permutation }) => {
      const wrong = normalizedWithDegrees(permuteAdjacency(A, permutation), degreesWithLoops(A));
      return compareArrays(wrong.to1DArray(), permuteAdjacency(normalizeAdjacency(A), permutation).flat(), float64Reordering(A.length + 1, 1)).ok;
    }, { nodes: 8, features: 1 });
    expect(found).toBeDefined();
    const { A, permutation } = found?.counterexample ?? { A: [], permutation: [] };
    // Every undirected simple graph on 2 nodes is regular (equal degrees), so 3 nodes is the smallest possible.
    expect(A.length).toBe(3);
    const degrees = degreesWithLoops(A);
    expect(permutation.some((from, i) => !approxEqual(degrees[from] as number, degrees[i] as number))).toBe(true);
  });
});
