import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { gcnForward, LayerproofError, validatePermutation, type GraphConstraints } from '../../src/index.js';
import {
  assertPermutationEquivariant, assertPermutationInvariant, features, gcnWeights, graph, permutation, permutationCase,
  PermutationPropertyError,
} from '../../src/testing.js';
import { GRAPH_KINDS, moved } from './support/gcnCases.js';

/** Why `A` breaks `c`, or undefined when it satisfies it: the definition the `graph` arbitrary must meet. */
function violation(A: number[][], c: GraphConstraints): string | undefined {
  const n = A.length;
  if (A.some((row) => row.length !== n)) return 'not square';
  const entries = A.flatMap((row, i) => row.map((v, j) => ({ v, i, j })));
  const off = entries.filter(({ i, j }) => i !== j);
  if (c.directed !== true && entries.some(({ v, i, j }) => v !== A[j]?.[i])) return 'asymmetric';
  if (c.selfLoops !== true && entries.some(({ v, i, j }) => i === j && v !== 0)) return 'self-loop';
  const weights = entries.map(({ v }) => v).filter((v) => v !== 0);
  if (c.weights === undefined || c.weights === 'binary') { if (weights.some((v) => v !== 1)) return 'non-binary weight'; }
  else if (c.weights === 'integer') { if (weights.some((v) => !Number.isInteger(v) || v < 1 || v > 5)) return 'weight outside 1…5'; }
  else if (weights.some((v) => !(v > 0 && v <= 1))) return 'weight outside (0, 1]';
  const rowEmpty = (i: number): boolean => (A[i] ?? []).every((v) => v === 0);
  const isolated = (i: number): boolean => rowEmpty(i) && A.every((row) => row[i] === 0);
  if (c.isolated === true && !A.some((_r, i) => isolated(i))) return 'no isolated node';
  if (c.isolated === false && A.some((_r, i) => rowEmpty(i))) return 'a node without an edge';
  if (c.density === 0 && c.isolated !== false && weights.length > 0) return 'edges at density 0';
  if (c.density === 1 && c.isolated !== true && off.some(({ v }) => v === 0)) return 'a missing edge at density 1';
  return undefined;
}

const constraints: fc.Arbitrary<GraphConstraints> = fc.record({
  density: fc.option(fc.constantFrom(0, 0.3, 1)),
  directed: fc.boolean(),
  selfLoops: fc.boolean(),
  isolated: fc.option(fc.boolean()),
  weights: fc.constantFrom('binary' as const, 'integer' as const, 'real' as const),
}).map(({ density, isolated, ...rest }) => ({ ...rest, ...(density !== null && { density }), ...(isolated !== null && { isolated }) }));

const graphWithConstraints = fc.tuple(constraints, fc.integer({ min: 2, max: 8 })).chain(([c, n]) => graph(n, c).map((A) => ({ c, A })));

describe('the graph arbitrary', () => {
  test.prop([graphWithConstraints], { numRuns: 300 })('every generated graph satisfies its constraints', ({ c, A }) => {
    expect(violation(A, c)).toBeUndefined();
  });

  test.prop([graphWithConstraints, fc.nat(), fc.nat()])('negative control: the constraint check catches the same graph with one entry set to weight 7', ({ c, A }, i0, j0) => {
    const n = A.length;
    const broken = A.map((row) => row.slice());
    (broken[i0 % n] as number[])[j0 % n] = 7; // no kind of weights allows 7
    expect(violation(broken, c)).toBeDefined();
  });

  test('all kinds named in the issue come out: empty, complete, isolated, self-loops, weighted, directed', () => {
    const samples = GRAPH_KINDS.map((kind) => fc.sample(graph(5, kind.graph), { numRuns: 30, seed: 1 }));
    expect(samples[1]?.every((A) => A.flat().every((v) => v === 0))).toBe(true);
    expect(samples[2]?.every((A) => A.every((row, i) => row.every((v, j) => v === (i === j ? 0 : 1))))).toBe(true);
    expect(samples.flat().some((A) => A.some((row, i) => row[i] !== 0))).toBe(true);
    expect(samples.flat().some((A) => A.flat().some((v) => v !== 0 && v !== 1))).toBe(true);
  });

  test('impossible or invalid constraints are refused', () => {
    expect(() => graph(1, { isolated: false })).toThrow(/a one-node graph without self-loops/);
    expect(() => graph(3, { density: 1.5 })).toThrow(/constraints.density must be a probability in \[0, 1\]/);
    expect(() => graph(3, { weights: 'heavy' as 'real' })).toThrow(LayerproofError);
  });
});

describe('permutation, features, gcnWeights and permutationCase', () => {
  test.prop([fc.integer({ min: 0, max: 9 }).chain((n) => permutation(n).map((p) => ({ n, p })))])('permutation(n) is a permutation of 0…n−1', ({ n, p }) => {
    expect(validatePermutation(p, n)).toEqual(p);
  });

  test('permutation shrinks towards the identity: "every p is the identity" fails with a single swap of neighbours', () => {
    const run = fc.check(fc.property(permutation(6), (p) => moved(p) === 0));
    expect(run.failed).toBe(true);
    const p = run.counterexample?.[0] ?? [];
    expect(moved(p)).toBe(2);
    expect(p.findIndex((v, i) => v !== i) + 1).toBe(p.findLastIndex((v, i) => v !== i));
  });

  test.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom('integers' as const, 'reals' as const)])(
    'features(n, d) is n×d with entries in [−3, 3] (integers) or [−1, 1] (reals)',
    (n, d, values) => {
      const [X] = fc.sample(features(n, d, { values }), { numRuns: 1 });
      expect(X?.length).toBe(n);
      expect(X?.every((row) => row.length === d)).toBe(true);
      const bound = values === 'integers' ? 3 : 1;
      expect(X?.flat().every((v) => Math.abs(v) <= bound && (values === 'reals' || Number.isInteger(v)))).toBe(true);
    },
  );

  test.prop([fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 5 })])('gcnWeights(dims) gives W_l of shape d_{l−1}×d_l, accepted by gcnForward', (dims) => {
    const [W] = fc.sample(gcnWeights(dims), { numRuns: 1 });
    expect(W?.map((w) => [w.length, w[0]?.length])).toEqual(dims.slice(1).map((cols, l) => [dims[l], cols]));
    const X = [Array.from({ length: dims[0] ?? 1 }, () => 1)];
    expect(gcnForward(X, [[0]], W ?? []).output[0]).toHaveLength(dims.at(-1) ?? 0);
  });

  test('permutationCase shrinks the node count by dropping nodes: "fewer than 3 nodes" fails at exactly 3', () => {
    const run = fc.check(fc.property(permutationCase({ nodes: 9, features: 2 }), (c) => c.X.length < 3));
    expect(run.counterexample?.[0].X.length).toBe(3);
    expect(run.counterexample?.[0].A.length).toBe(3);
    expect(run.counterexample?.[0].permutation).toEqual([0, 1, 2]);
  });

  test.prop([permutationCase({ nodes: 7, features: 3, graph: { isolated: false } })])('permutationCase keeps X, A and the permutation the same size, and the graph constraints', (c) => {
    expect(c.A.length).toBe(c.X.length);
    expect(validatePermutation(c.permutation, c.X.length)).toEqual(c.permutation);
    expect(violation(c.A, { isolated: false })).toBeUndefined();
  });
});

describe('assertPermutationInvariant and assertPermutationEquivariant', () => {
  const W = [[[0.5, -0.2, 0.1], [0.3, 0.8, -0.5]], [[1, 0], [0, 1], [-1, 1]]];

  test('pass on a GCN and return the result', () => {
    const result = assertPermutationInvariant((X, A) => gcnForward(X, A, W).output, { nodes: 6, features: 2, runs: 50, seed: 1 });
    expect(result.holds).toBe(true);
    const layer = assertPermutationEquivariant((X, A) => gcnForward(X, A, W).hidden[0] ?? [], { nodes: 6, features: 2, runs: 50, seed: 1 });
    expect(layer.holds).toBe(true);
  });

  test('negative control: throw an Error describing the shrunk counterexample of a first-node readout', () => {
    const firstNode = (X: number[][], A: number[][]): number[] => gcnForward(X, A, W).hidden[1]?.[0] ?? [];
    let caught: unknown;
    try {
      assertPermutationInvariant(firstNode, { nodes: 8, features: 2, seed: 4 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toBeInstanceOf(PermutationPropertyError);
    const error = caught as PermutationPropertyError;
    expect(error.result.counterexample?.nodes).toBeLessThanOrEqual(3);
    expect(error.message).toMatch(/^Not permutation invariant: f\(PX, PAPᵀ\) = f\(X, A\) fails \(shrunk by fast-check in \d+ steps; replay with \{ seed: 4, path: "[\d:]+" \}\)/);
    expect(error.message).toMatch(/permutation p = \[[\d,]+\]/);
    expect(error.message).toMatch(/max \|difference\| = [\d.e-]+ at entry \[0\]\[\d\] \(tolerance float32/);
  });

  test('negative control: a layer adding node-index features fails equivariance on 2 nodes swapped', () => {
    const indexed = (X: number[][], A: number[][]): number[][] => gcnForward(X.map((row, i) => row.map((v) => v + i)), A, [W[0] ?? []]).hidden[0] ?? [];
    expect(() => assertPermutationEquivariant(indexed, { nodes: 6, features: 2 })).toThrow(/Not permutation equivariant: f\(PX, PAPᵀ\) = P·f\(X, A\) fails[\s\S]*n = 2 nodes, permutation p = \[1,0\]/);
  });
});
