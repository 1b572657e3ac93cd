import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  checkPermutationEquivariance, checkPermutationInvariance, describePermutationCheck, gcnForward, LayerproofError,
  normalizeAdjacency, tolerances,
} from '../../src/index.js';
import { moved } from './support/gcnCases.js';

const W = [[[0.5, -0.2, 0.1], [0.3, 0.8, -0.5]], [[1, 0], [0, 1], [-1, 1]]];
const gcn = (X: number[][], A: number[][]): number[][] => gcnForward(X, A, W).output;
const firstNode = (X: number[][], A: number[][]): number[] => gcnForward(X, A, W).hidden[1]?.[0] ?? [];
const path3 = [[0, 1, 0], [1, 0, 1], [0, 1, 0]];
const X3 = [[1, 0], [0, 1], [2, -1]];

describe('checkPermutationInvariance on listed cases', () => {
  test('a case without a permutation is checked under all n! of them', () => {
    const result = checkPermutationInvariance(gcn, [{ X: X3, A: path3 }]);
    expect(result.holds).toBe(true);
    expect(result.cases).toBe(6);
    expect(result.exhaustiveUpTo).toBe(3);
    expect(result.seed).toBeUndefined();
    expect(result.maxDifference).toBeLessThan(1e-15);
  });

  test('negative control: the first-node readout fails, and the counterexample moves as few nodes as possible', () => {
    const result = checkPermutationInvariance(firstNode, [{ X: X3, A: path3 }]);
    expect(result.holds).toBe(false);
    expect(moved(result.counterexample?.permutation ?? [])).toBe(2);
    expect(result.counterexample?.permutation).toEqual([1, 0, 2]);
    expect(result.counterexample?.output).toEqual([firstNode(X3, path3)]);
  });

  test('of several failing cases the smallest graph is reported', () => {
    const X5 = [[1, 0], [0, 1], [2, -1], [1, 1], [0, 2]];
    const A5 = [[0, 1, 0, 0, 1], [1, 0, 1, 0, 0], [0, 1, 0, 1, 0], [0, 0, 1, 0, 1], [1, 0, 0, 1, 0]];
    const result = checkPermutationInvariance(firstNode, [
      { X: X5, A: A5, permutation: [4, 3, 2, 1, 0] },
      { X: X3, A: path3, permutation: [2, 1, 0] },
    ]);
    expect(result.counterexample?.nodes).toBe(3);
  });

  test('bad listed cases are refused with LayerproofErrors naming the case', () => {
    expect(() => checkPermutationInvariance(gcn, [{ X: X3, A: [[0, 1], [1, 0]] }])).toThrow(/cases\[0\]\.A must be 3×3/);
    expect(() => checkPermutationInvariance(gcn, [{ X: X3, A: path3, permutation: [0, 1] }])).toThrow(/cases\[0\]\.permutation\.length must be 3/);
    const X9 = Array.from({ length: 9 }, () => [1, 0]);
    const A9 = Array.from({ length: 9 }, () => new Array<number>(9).fill(0));
    expect(() => checkPermutationInvariance(gcn, [{ X: X9, A: A9 }])).toThrow(/every permutation is tried only up to 8 nodes/);
    expect(() => checkPermutationInvariance('gcn' as unknown as typeof gcn, [])).toThrow(/model must be a function/);
    expect(() => checkPermutationInvariance(gcn, { nodes: 0, features: 2 })).toThrow(/options.nodes must be a positive integer/);
    expect(() => checkPermutationInvariance(gcn, { nodes: 4, features: 2, exhaustive: 9 })).toThrow(/options.exhaustive must be at most 8/);
    expect(() => checkPermutationInvariance(gcn, { nodes: 4, features: 2, tolerance: { atol: -1 } as never })).toThrow(/options.tolerance/);
  });
});

describe('checkPermutationInvariance on generated cases', () => {
  test('holds for the GCN: 100 graphs of up to 6 nodes, those of up to 4 under every permutation', () => {
    const result = checkPermutationInvariance(gcn, { nodes: 6, features: 2, seed: 3 });
    expect(result.holds, describePermutationCheck(result)).toBe(true);
    expect(result.cases).toBeGreaterThan(100);
    expect(result.exhaustiveUpTo).toBe(4);
    expect(result.tolerance).toBe(tolerances.float32);
  });

  test('negative control: a readout of node 0 is caught and shrunk to 2 or 3 nodes; seed and path replay it', () => {
    const result = checkPermutationInvariance(firstNode, { nodes: 8, features: 2, seed: 5 });
    expect(result.holds).toBe(false);
    expect(result.counterexample?.nodes).toBeLessThanOrEqual(3);
    expect(result.shrinks).toBeGreaterThan(0);
    const replay = checkPermutationInvariance(firstNode, { nodes: 8, features: 2, seed: 5, path: result.path ?? '' });
    expect(replay.counterexample).toEqual(result.counterexample);
  });

  test('the same seed gives the same result; exhaustive: 0 uses one random permutation per graph', () => {
    const a = checkPermutationInvariance(firstNode, { nodes: 6, features: 2, seed: 11, exhaustive: 0 });
    const b = checkPermutationInvariance(firstNode, { nodes: 6, features: 2, seed: 11, exhaustive: 0 });
    expect(a).toEqual(b);
    expect(a.exhaustiveUpTo).toBe(0);
  });

  test('a model that throws is reported as a LayerproofError on the smallest graph that makes it throw', () => {
    const fragile = (X: number[][], A: number[][]): number[][] => {
      if (X.length >= 3) throw new Error('only pairs supported');
      return gcn(X, A);
    };
    expect(() => checkPermutationInvariance(fragile, { nodes: 6, features: 2 })).toThrow(/on a generated graph .* with 3 nodes, the model threw: only pairs supported/);
  });

  test('a model that returns NaN is reported as such, not as a difference', () => {
    const nan = (X: number[][]): number[] => [X.length === 2 ? NaN : 0];
    expect(() => checkPermutationInvariance(nan, { nodes: 4, features: 1 })).toThrow(/the model returned NaN at \[0\]\[0\] \(a non-finite output is not comparable\)/);
  });

  test('a model that is not deterministic: the failure is kept (holds false) even when the counterexample does not fail again', () => {
    let calls = 0;
    const flaky = (): number[] => [calls++ < 20 ? calls : 0];
    const result = checkPermutationInvariance(flaky, { nodes: 4, features: 1, exhaustive: 0 });
    expect(result.holds).toBe(false);
    expect(result.counterexample).toBeUndefined();
    expect(describePermutationCheck(result)).toMatch(/did not fail again when re-run: is the model deterministic\?/);
  });

  test('graph options reach the generator: a directed-only model sees asymmetric graphs', () => {
    let asymmetric = 0;
    checkPermutationInvariance((X, A) => {
      if (A.some((row, i) => row.some((v, j) => v !== A[j]?.[i]))) asymmetric++;
      return [X.length];
    }, { nodes: 5, features: 1, graph: { directed: true, density: 0.5 }, runs: 20 });
    expect(asymmetric).toBeGreaterThan(0);
  });
});

describe('checkPermutationEquivariance', () => {
  test('a GCN layer is equivariant: H(PX, PAPᵀ) = P·H(X, A)', () => {
    const layer = (X: number[][], A: number[][]): number[][] => gcnForward(X, A, [W[0] ?? []]).hidden[0] ?? [];
    const result = checkPermutationEquivariance(layer, { nodes: 7, features: 2, graph: { weights: 'real', selfLoops: true } });
    expect(result.holds, describePermutationCheck(result)).toBe(true);
    expect(result.output).toBe('nodes');
  });

  test("Ã is equivariant as an adjacency (output: 'adjacency'): Ã(PAPᵀ) = P·Ã·Pᵀ", () => {
    const result = checkPermutationEquivariance((_X, A) => normalizeAdjacency(A), { nodes: 7, features: 1, output: 'adjacency' });
    expect(result.holds, describePermutationCheck(result)).toBe(true);
  });

  test("negative control: Ã with its first row zeroed is caught as an adjacency, the counterexample shrunk to 2 nodes", () => {
    const broken = (_X: number[][], A: number[][]): number[][] => normalizeAdjacency(A).map((row, i) => (i === 0 ? row.map(() => 0) : row));
    const result = checkPermutationEquivariance(broken, { nodes: 7, features: 1, output: 'adjacency' });
    expect(result.holds).toBe(false);
    expect(result.counterexample?.nodes).toBe(2);
    expect(describePermutationCheck(result)).toContain('P·f(X, A)·Pᵀ = ');
  });

  test('negative control: the graph-level readout is not node-equivariant, and a row-count mismatch is an error', () => {
    expect(() => checkPermutationEquivariance(gcn, { nodes: 4, features: 2 })).toThrow(/the model returned 1 rows for a graph of 2 nodes; an equivariant layer returns one row per node/);
    expect(() => checkPermutationEquivariance(gcn, { nodes: 4, features: 2, output: 'edges' as 'nodes' })).toThrow(/options.output must be 'nodes'/);
  });
});

describe('describePermutationCheck', () => {
  test('a failure shows n, the permutation, X, A, both outputs, the difference, the tolerance and the replay seed', () => {
    const text = describePermutationCheck(checkPermutationInvariance(firstNode, { nodes: 5, features: 2, seed: 2 }));
    for (const part of ['Not permutation invariant', 'n = ', 'permutation p = ', 'X           = ', 'A           = ', 'f(X, A)     = ', 'f(PX, PAPᵀ) = ', 'max |difference| = ', 'tolerance float32', 'seed: 2, path: "']) {
      expect(text).toContain(part);
    }
  });

  test('a success says how many pairs held and that it is evidence, not a proof', () => {
    expect(describePermutationCheck(checkPermutationInvariance(gcn, [{ X: X3, A: path3 }]))).toMatch(/held on 6 \(graph, permutation\) pairs.*Numerical evidence, not a proof/);
  });

  test('LayerproofError is what bad options throw', () => {
    expect(() => checkPermutationInvariance(gcn, { nodes: 3, features: 2, minNodes: 4 })).toThrow(LayerproofError);
  });
});
