import { fc, test } from '@fast-check/vitest';
import { Matrix } from 'ml-matrix';
import { describe, expect } from 'vitest';
import {
  allGraphs, allPermutations, checkPermutationEquivariance, checkPermutationInvariance, compareArrays, createRng,
  describePermutationCheck, gcnForward, gcnTolerance, normalizeAdjacency, permuteAdjacency, permuteRows, randomGraph,
  randomPermutation, softmax, type GcnForwardOptions,
} from '../../src/index.js';
import { gcnWeights } from '../../src/testing.js';
import { degreesWithLoops, findCounterexample, gcnFromNormalized, GRAPH_KINDS, moved, normalizedWithDegrees } from './support/gcnCases.js';

const DIMS = [3, 5, 4, 2];

/** The float64 tolerance of one graph: the GCN on (PX, PAPᵀ) and on (X, A) differ only in summation order. */
function reorderingTolerance(W: number[][][], options: GcnForwardOptions) {
  return (X: number[][], A: number[][]) => gcnTolerance(X, A, W, { precision: 'float64', ...options });
}

describe('the GCN is permutation invariant and every hidden layer equivariant (float64 reference)', () => {
  describe.each(GRAPH_KINDS)('random graphs: $name', ({ graph }) => {
    const options: GcnForwardOptions = { directed: graph.directed ?? false };

    test.prop([gcnWeights(DIMS), fc.nat()], { numRuns: 6 })('output: gcn(PX, PAPᵀ) = gcn(X, A) on graphs of 1–9 nodes', (W, seed) => {
      const result = checkPermutationInvariance((X, A) => gcnForward(X, A, W, options).output, {
        nodes: 9, features: DIMS[0] ?? 1, values: 'reals', graph, runs: 25, seed,
        tolerance: (X, A) => reorderingTolerance(W, options)(X, A).output,
      });
      expect(result.holds, describePermutationCheck(result)).toBe(true);
    });

    test.prop([gcnWeights(DIMS), fc.nat()], { numRuns: 4 })('every hidden layer: H⁽ˡ⁾(PX, PAPᵀ) = P·H⁽ˡ⁾(X, A)', (W, seed) => {
      for (let l = 0; l < W.length; l++) {
        const result = checkPermutationEquivariance((X, A) => gcnForward(X, A, W, options).hidden[l] ?? [], {
          nodes: 9, features: DIMS[0] ?? 1, values: 'reals', graph, runs: 15, seed,
          tolerance: (X, A) => reorderingTolerance(W, options)(X, A).hidden[l] ?? reorderingTolerance(W, options)(X, A).output,
        });
        expect(result.holds, `H${l + 1}: ${describePermutationCheck(result)}`).toBe(true);
      }
    });
  });

  test('exhaustively: every graph on n ≤ 4 nodes (with and without self-loops), every permutation, output and all hidden layers', () => {
    const rng = createRng(3);
    const W = DIMS.slice(1).map((cols, l) => Array.from({ length: DIMS[l] ?? 0 }, () => Array.from({ length: cols }, () => rng() * 2 - 1)));
    const failures: string[] = [];
    let pairs = 0;
    const check = (n: number, graphs: Iterable<number[][]>, options: GcnForwardOptions): void => {
      const X = Array.from({ length: n }, () => Array.from({ length: DIMS[0] ?? 1 }, () => rng() * 2 - 1));
      const perms = [...allPermutations(n)];
      for (const A of graphs) {
        const base = gcnForward(X, A, W, options);
        const tol = gcnTolerance(X, A, W, { precision: 'float64', ...options });
        for (const p of perms) {
          const permuted = gcnForward(permuteRows(X, p), permuteAdjacency(A, p), W, options);
          const ok = compareArrays(permuted.output.flat(), base.output.flat(), tol.output).ok &&
            permuted.hidden.every((h, l) => compareArrays(h.flat(), permuteRows(base.hidden[l] ?? [], p).flat(), tol.hidden[l] ?? tol.output).ok);
          if (!ok) failures.push(`A = ${JSON.stringify(A)}, p = ${JSON.stringify(p)}`);
          pairs++;
        }
      }
    };
    for (let n = 1; n <= 4; n++) check(n, allGraphs(n, { selfLoops: true }), {});
    for (let n = 1; n <= 3; n++) check(n, allGraphs(n, { directed: true, selfLoops: true }), { directed: true });
    expect(failures).toEqual([]);
    // Undirected: 2·1 + 8·2 + 64·6 + 1024·24; directed: 2·1 + 16·2 + 512·6.
    expect(pairs).toBe(2 + 16 + 384 + 24576 + 2 + 32 + 3072);
  });

  test('n = 200, 16 features, 3 layers: one random relabelling, the tolerance scaled with n and the largest degree', () => {
    const rng = createRng(5);
    const n = 200;
    const A = randomGraph(n, rng, { density: 0.05 });
    const X = Array.from({ length: n }, () => Array.from({ length: 16 }, () => rng() * 2 - 1));
    const W = [0, 1, 2].map(() => Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => (rng() * 2 - 1) / 2)));
    const result = checkPermutationInvariance((x, a) => gcnForward(x, a, W).output, {
      cases: [{ X, A, permutation: randomPermutation(n, rng) }],
      tolerance: gcnTolerance(X, A, W, { precision: 'float64' }).output,
    });
    expect(result.holds, describePermutationCheck(result)).toBe(true);
    expect(result.tolerance.name).toMatch(/float64 reordering/);
  });
});

describe('negative controls: each broken step is caught with a shrunk counterexample', () => {
  const W = [[[0.5, -0.2, 0.1], [0.3, 0.8, -0.5]], [[1, 0], [0, 1], [-1, 1]]];

  test('a readout that takes the first node instead of the mean', () => {
    const firstNode = (X: number[][], A: number[][]): number[][] => softmax([gcnForward(X, A, W).hidden[1]?.[0] ?? []]);
    const result = checkPermutationInvariance(firstNode, { nodes: 8, features: 2 });
    expect(result.holds).toBe(false);
    const c = result.counterexample;
    expect(c?.nodes).toBeLessThanOrEqual(3);
    expect(moved(c?.permutation ?? [])).toBe(2);
    expect(c?.difference).toBeGreaterThan(1e-3);
  });

  test('a layer that adds node-index features, ReLU(Ã(X + i·1ᵀ)W)', () => {
    const indexed = (X: number[][], A: number[][]): number[][] => gcnForward(X.map((row, i) => row.map((v) => v + i)), A, [W[0] ?? []]).hidden[0] ?? [];
    const result = checkPermutationEquivariance(indexed, { nodes: 8, features: 2 });
    expect(result.holds).toBe(false);
    expect(result.counterexample?.nodes).toBe(2);
    expect(result.counterexample?.permutation).toEqual([1, 0]);
  });

  test('permuting only the rows of A (forgetting Pᵀ on the right): gcn(PX, PA) ≠ gcn(X, A)', () => {
    const found = findCounterexample(({ X, A, permutation: p }) => {
      const wrong = gcnForward(permuteRows(X, p), permuteRows(A, p), W, { directed: true }).output;
      return compareArrays(wrong.flat(), gcnForward(X, A, W).output.flat(), gcnTolerance(X, A, W, { precision: 'float64' }).output).ok;
    }, { nodes: 8, features: 2, values: 'reals' });
    expect(found).toBeDefined();
    expect(found?.counterexample.X.length).toBeLessThanOrEqual(3);
    expect(found?.counterexample.A.flat()).toContain(1);
    // And the undirected forward refuses PA outright: it is not symmetric.
    const path = [[0, 1, 0], [1, 0, 1], [0, 1, 0]];
    expect(() => gcnForward([[1], [0], [0]], permuteRows(path, [1, 0, 2]), [[[1]]])).toThrow(/A\[0\]\[2\] must be equal to A\[2\]\[0\] = 0/);
  });

  test('a normalisation computed with the unpermuted degrees: gcn with D(A)^{−½}(PAPᵀ + I)D(A)^{−½} ≠ gcn(X, A)', () => {
    const found = findCounterexample(({ X, A, permutation: p }) => {
      const wrong = gcnFromNormalized(permuteRows(X, p), normalizedWithDegrees(permuteAdjacency(A, p), degreesWithLoops(A)), W).output;
      return compareArrays(wrong.flat(), gcnForward(X, A, W).output.flat(), gcnTolerance(X, A, W, { precision: 'float64' }).output).ok;
    }, { nodes: 8, features: 2, values: 'reals' });
    expect(found).toBeDefined();
    // Undirected simple graphs on 2 nodes are regular; 3 nodes is the smallest with unequal degrees.
    expect(found?.counterexample.X.length).toBe(3);
    // With the right degrees the same assembled GCN is invariant on that very case.
    const { X, A, permutation: p } = found?.counterexample ?? { X: [], A: [], permutation: [] };
    const right = gcnFromNormalized(permuteRows(X, p), new Matrix(normalizeAdjacency(permuteAdjacency(A, p))), W).output;
    expect(compareArrays(right.flat(), gcnForward(X, A, W).output.flat(), gcnTolerance(X, A, W, { precision: 'float64' }).output).ok).toBe(true);
  });
});
