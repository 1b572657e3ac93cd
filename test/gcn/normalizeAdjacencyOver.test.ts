import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { float64Arithmetic } from '../../src/exact/float64Arithmetic.js';
import { graphArbitrary } from '../../src/gcn/arbitraries/graphArbitrary.js';
import { permutationArbitrary } from '../../src/gcn/arbitraries/permutationArbitrary.js';
import type { GraphConstraints } from '../../src/gcn/GraphConstraints.js';
import { normalizeAdjacency } from '../../src/gcn/normalizeAdjacency.js';
import { degreesOver, normalizeAdjacencyOver } from '../../src/gcn/normalizeAdjacencyOver.js';
import { permuteAdjacencyOver } from '../../src/gcn/permuteAdjacencyOver.js';

const f64 = float64Arithmetic;

const KINDS: readonly { readonly name: string; readonly graph: GraphConstraints }[] = [
  { name: 'any density', graph: {} },
  { name: 'empty', graph: { density: 0 } },
  { name: 'complete', graph: { density: 1 } },
  { name: 'with an isolated node', graph: { isolated: true } },
  { name: 'with self-loops', graph: { selfLoops: true } },
  { name: 'integer weights', graph: { weights: 'integer' } },
  { name: 'real weights with self-loops', graph: { weights: 'real', selfLoops: true } },
  { name: 'directed', graph: { directed: true } },
];

const graphCase = (sizes: { min: number; max: number }, kinds = KINDS) =>
  fc.constantFrom(...kinds).chain((kind) => fc.integer(sizes).chain((n) => graphArbitrary(n, kind.graph).map((A) => ({ kind, A }))));

describe('normalizeAdjacencyOver over float64 is normalizeAdjacency', () => {
  test.prop([graphCase({ min: 1, max: 8 })], { numRuns: 150 })('bit for bit, on every kind of graph', ({ kind, A }) => {
    const expected = normalizeAdjacency(A, { directed: kind.graph.directed ?? false });
    expect(normalizeAdjacencyOver(f64, A), kind.name).toEqual(expected);
  });

  test.prop([graphCase({ min: 2, max: 8 }, KINDS.filter((k) => k.graph.isolated !== true && k.graph.density !== 0).map((k) => ({ ...k, graph: { ...k.graph, isolated: false } })))], { numRuns: 80 })(
    "negative control: D the degrees of A (degreeOf: 'A', the self-loop not counted) is caught",
    ({ kind, A }) => {
      const withoutLoop = normalizeAdjacency(A, { directed: kind.graph.directed ?? false, degreeOf: 'A' });
      expect(normalizeAdjacencyOver(f64, A), kind.name).not.toEqual(withoutLoop);
    },
  );

  test.prop([graphCase({ min: 1, max: 8 })], { numRuns: 100 })('degreesOver: 1 + the row sums, the diagonal of D for A + I', ({ A }) => {
    const d = degreesOver(f64, A);
    A.forEach((row, i) => expect(d[i]).toBe(row.reduce((s, v) => s + v, 1)));
  });
});

describe('normalizeAdjacencyOver is equivariant entry by entry', () => {
  const integerGraphs = KINDS.filter((k) => k.graph.weights !== 'real');
  const relabelled = graphCase({ min: 2, max: 7 }, integerGraphs).chain((c) => permutationArbitrary(c.A.length).map((p) => ({ ...c, p })));

  test.prop([relabelled], { numRuns: 100 })('Ã(PAPᵀ) = P Ã(A) Pᵀ bit for bit (integer weights: every degree is exact)', ({ kind, A, p }) => {
    expect(normalizeAdjacencyOver(f64, permuteAdjacencyOver(p, A)), kind.name).toEqual(permuteAdjacencyOver(p, normalizeAdjacencyOver(f64, A)));
  });

  test.prop([relabelled], { numRuns: 100 })('negative control: the unpermuted degrees D(A) with PAPᵀ are caught when P moves nodes of different degrees', ({ kind, A, p }) => {
    const d = degreesOver(f64, A);
    fc.pre(p.some((from, i) => d[from] !== d[i]));
    const B = permuteAdjacencyOver(p, A);
    const scale = d.map((v) => 1 / Math.sqrt(v));
    const stale = B.map((row, i) => row.map((a, j) => (scale[i] as number) * (i === j ? a + 1 : a) * (scale[j] as number)));
    expect(stale, kind.name).not.toEqual(permuteAdjacencyOver(p, normalizeAdjacencyOver(f64, A)));
  });
});

describe('normalizeAdjacencyOver: bad arguments', () => {
  test('a matrix that is not square or is empty is refused, naming the row', () => {
    expect(() => normalizeAdjacencyOver(f64, [[0, 1], [1]])).toThrow(/A\[1\]\.length must be 2/);
    expect(() => degreesOver(f64, [])).toThrow(LayerproofError);
  });
});
