import { fc, test } from '@fast-check/vitest';
import { Matrix } from 'ml-matrix';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  checkPermutationEquivariance, checkPermutationInvariance, compareArrays, createRng, describeComparison, describePermutationCheck, gcnForward,
  gcnForwardTfjs, gcnTolerance, LayerproofError, normalizeAdjacency, randomGraph, randomPermutation, useTfjsBackend, type GcnForwardOptions,
} from '../../src/index.js';
import { describeWith } from '../support/withComponent.js';
import { features, gcnWeights, graph } from '../../src/testing.js';
import { doubled, gcnFromNormalized, GRAPH_KINDS } from './support/gcnCases.js';

/**
 * Tolerances: gcnTolerance(…, { precision: 'float32' }) runs the network on absolute values
 * (|X|, Ã ≥ 0, |W|) to bound every sum it computes, and allows float32's rounding of such
 * a sum, (4√k + 2)·2⁻²⁴·Σ|aᵢbᵢ|, with k the terms accumulated up to that layer: the
 * degree sums (n), then per layer the largest row of Ã plus d_{l−1}. So it grows with n,
 * the largest degree and the depth.
 */
const caseOf = (kind: (typeof GRAPH_KINDS)[number], maxNodes: number) =>
  fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc.tuple(fc.constant(kind), features(n, 3, { values: 'reals' }), graph(n, kind.graph)));

describe.each(['cpu', 'wasm'] as const)('gcnForwardTfjs (float32) against gcnForward (float64) on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([fc.constantFrom(...GRAPH_KINDS).chain((kind) => caseOf(kind, 12)), gcnWeights([3, 6, 4, 2])], { numRuns: 60 })(
    'every hidden layer and the output agree within the scaled float32 tolerance, graphs of every kind',
    ([kind, X, A], W) => {
      const options: GcnForwardOptions = { directed: kind.graph.directed ?? false };
      const reference = gcnForward(X, A, W, options);
      const tfjs = gcnForwardTfjs(X, A, W, options);
      const tol = gcnTolerance(X, A, W, { precision: 'float32', ...options });
      reference.hidden.forEach((h, l) => {
        const cmp = compareArrays(tfjs.hidden[l]?.flat() ?? [], h.flat(), tol.hidden[l] ?? tol.output);
        expect(cmp.ok, `${kind.name}, H${l + 1}: ${describeComparison(cmp)}`).toBe(true);
      });
      const cmp = compareArrays(tfjs.output.flat(), reference.output.flat(), tol.output);
      expect(cmp.ok, `${kind.name}, output: ${describeComparison(cmp)}`).toBe(true);
    },
  );

  test.prop([gcnWeights([3, 6, 4, 2]), fc.nat()], { numRuns: 3 })(
    'tfjs itself: output invariant and every hidden layer equivariant on random graphs (2× the float32 bound: two float32 runs)',
    (W, seed) => {
      const tol = (X: number[][], A: number[][]) => gcnTolerance(X, A, W, { precision: 'float32' });
      const invariance = checkPermutationInvariance((X, A) => gcnForwardTfjs(X, A, W).output, {
        nodes: 8, features: 3, values: 'reals', runs: 20, seed, exhaustive: 3, tolerance: (X, A) => doubled(tol(X, A).output),
      });
      expect(invariance.holds, describePermutationCheck(invariance)).toBe(true);
      W.forEach((_w, l) => {
        const equivariance = checkPermutationEquivariance((X, A) => gcnForwardTfjs(X, A, W).hidden[l] ?? [], {
          nodes: 8, features: 3, values: 'reals', runs: 10, seed, exhaustive: 3, tolerance: (X, A) => doubled(tol(X, A).hidden[l] ?? tol(X, A).output),
        });
        expect(equivariance.holds, `H${l + 1}: ${describePermutationCheck(equivariance)}`).toBe(true);
      });
    },
  );

  test("degreeOf 'A' (the exercise's convention) agrees too, and refuses an isolated node the same way", () => {
    const A = [[0, 1, 1], [1, 0, 0], [1, 0, 0]];
    const X = [[1, -1], [0.5, 2], [-1, 0]];
    const W = [[[0.3, -0.7], [0.9, 0.1]]];
    const tol = gcnTolerance(X, A, W, { precision: 'float32', degreeOf: 'A' });
    expect(compareArrays(gcnForwardTfjs(X, A, W, { degreeOf: 'A' }).output.flat(), gcnForward(X, A, W, { degreeOf: 'A' }).output.flat(), tol.output).ok).toBe(true);
    expect(() => gcnForwardTfjs(X, [[0, 1, 0], [1, 0, 0], [0, 0, 0]], W, { degreeOf: 'A' })).toThrow(/Error in gcnForwardTfjs: node 2 has degree 0/);
  });

  test('n = 300, 16 features, 3 layers (tolerance scaled with n and degree); tfjs itself invariant under one relabelling', () => {
    const rng = createRng(9);
    const n = 300;
    const A = randomGraph(n, rng, { density: 0.05 });
    const X = Array.from({ length: n }, () => Array.from({ length: 16 }, () => rng() * 2 - 1));
    const W = [0, 1, 2].map(() => Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => (rng() * 2 - 1) / 2)));
    const tol = gcnTolerance(X, A, W, { precision: 'float32' });
    const reference = gcnForward(X, A, W);
    const tfjs = gcnForwardTfjs(X, A, W);
    const cmp = compareArrays(tfjs.hidden[2]?.flat() ?? [], reference.hidden[2]?.flat() ?? [], tol.hidden[2] ?? tol.output);
    expect(cmp.ok, describeComparison(cmp)).toBe(true);
    expect(compareArrays(tfjs.output.flat(), reference.output.flat(), tol.output).ok).toBe(true);
    // Two float32 runs, each within tol of the float64 value, are within 2·tol of each other.
    const result = checkPermutationInvariance((x, a) => gcnForwardTfjs(x, a, W).output, {
      cases: [{ X, A, permutation: randomPermutation(n, rng) }], tolerance: doubled(tol.output),
    });
    expect(result.holds, describePermutationCheck(result)).toBe(true);
  });

  test.prop([caseOf(GRAPH_KINDS[0] ?? { name: 'any', graph: {} }, 10), gcnWeights([3, 6, 4, 2]), fc.nat(), fc.constantFrom(1e-3, -1e-3)], { numRuns: 40 })(
    'negative control: the same comparison catches tfjs run with one weight changed by ±0.001 wherever that moves H3 by ≥ 1e-4',
    ([, X, A], W, pick, delta) => {
      const reference = gcnForward(X, A, W);
      // Changing W3[i][j] by δ moves entry (r, j) of H3 = ReLU(Ã H2 W3) by δ·(Ã H2)[r][i] where it stays active.
      const i = pick % 4;
      const j = Math.floor(pick / 4) % 2;
      const aH2 = gcnFromNormalized(X, new Matrix(normalizeAdjacency(A)), W.slice(0, 2)).hidden[1] ?? [];
      const aggregated = new Matrix(normalizeAdjacency(A)).mmul(new Matrix(aH2)).getColumn(i);
      const h3 = (reference.hidden[2] ?? []).map((row) => row[j] ?? 0);
      const shift = Math.max(...h3.map((v, r) => (v > 0 && v + delta * (aggregated[r] ?? 0) > 0 ? Math.abs(delta * (aggregated[r] ?? 0)) : 0)));
      fc.pre(shift >= 1e-4);
      const changed = W.map((w, l) => w.map((row, r) => row.map((v, c) => (l === 2 && r === i && c === j ? v + delta : v))));
      const tfjs = gcnForwardTfjs(X, A, changed);
      const tol = gcnTolerance(X, A, W, { precision: 'float32' });
      const cmp = compareArrays(tfjs.hidden[2]?.flat() ?? [], (reference.hidden[2] ?? []).flat(), tol.hidden[2] ?? tol.output);
      expect(cmp.ok, `shift ${shift}: ${describeComparison(cmp)}`).toBe(false);
    },
  );
});

describeWith('vulkan', 'gcnForwardTfjs on the webgpu backend (software adapter in CI)', () => {
  beforeAll(async () => {
    await useTfjsBackend('webgpu');
  });
  afterAll(async () => {
    await useTfjsBackend('cpu');
  });

  test('is refused by name: it returns values synchronously, which tfjs cannot do on webgpu in Node', () => {
    const call = () => gcnForwardTfjs([[1], [2]], [[0, 1], [1, 0]], [[[1]]]);
    expect(call).toThrow(LayerproofError);
    expect(call).toThrow(/gcnForwardTfjs: the active TensorFlow.js backend must be 'cpu' or 'wasm'.*but got 'webgpu'/);
  });
});
