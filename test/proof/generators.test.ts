import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createProofMath, type ClaimValue, type GeneratorDomain } from '../../src/proof.js';

const pm = createProofMath();

function domain(name: string, args: unknown[]): GeneratorDomain {
  const g = pm.generators[name];
  if (g === undefined) throw new Error(`no generator ${name}`);
  return g.create(args);
}

function isPermutationMatrix(m: ClaimValue): boolean {
  if (!Array.isArray(m)) return false;
  const rows = m as number[][];
  const n = rows.length;
  return rows.every((r) => r.length === n && r.every((v) => v === 0 || v === 1) && r.reduce((a: number, b) => a + b, 0) === 1) &&
    Array.from({ length: n }, (_v, j) => rows.reduce((s, r) => s + (r[j] ?? 0), 0)).every((s) => s === 1);
}

function isSimpleGraph(m: ClaimValue): boolean {
  const rows = m as number[][];
  return rows.every((r, i) => r[i] === 0 && r.every((v, j) => (v === 0 || v === 1) && v === rows[j]?.[i]));
}

describe('finite generators enumerate their whole domain, each value once', () => {
  test.each([1, 2, 3, 4, 5])('permutation(%i): n! distinct permutation matrices, the identity first', (n) => {
    const d = domain('permutation', [n]);
    const all = [...(d.values?.() ?? [])];
    const factorial = [1, 1, 2, 6, 24, 120][n] ?? 0;
    expect([all.length, d.size]).toEqual([factorial, factorial]);
    expect(new Set(all.map((v) => JSON.stringify(v))).size).toBe(factorial);
    expect(all.every(isPermutationMatrix)).toBe(true);
    expect(all[0]).toEqual(Array.from({ length: n }, (_v, i) => Array.from({ length: n }, (_w, j) => (i === j ? 1 : 0))));
  });

  test.each([1, 2, 3, 4])('adjacency(%i): every undirected graph without self-loops, 2^(n(n−1)/2) of them', (n) => {
    const d = domain('adjacency', [n]);
    const all = [...(d.values?.() ?? [])];
    expect(all.length).toBe(2 ** ((n * (n - 1)) / 2));
    expect(new Set(all.map((v) => JSON.stringify(v))).size).toBe(all.length);
    expect(all.every(isSimpleGraph)).toBe(true);
  });

  test('negative controls: the predicates reject a non-permutation and a directed graph', () => {
    expect(isPermutationMatrix([[1, 1], [0, 0]])).toBe(false);
    expect(isSimpleGraph([[0, 1], [0, 0]])).toBe(false);
    expect(isSimpleGraph([[1, 0], [0, 0]])).toBe(false);
  });

  test('int(lo, hi) enumerates lo..hi; continuous generators have no enumeration', () => {
    expect([...(domain('int', [-1, 2]).values?.() ?? [])]).toEqual([-1, 0, 1, 2]);
    expect(domain('matrix', [2, 2]).values).toBeUndefined();
  });
});

describe('random values have the promised shape and range', () => {
  test.prop([fc.integer({ min: 1, max: 7 }).chain((n) => fc.tuple(fc.constant(n), domain('permutation', [n]).arbitrary))])(
    'permutation(n) draws permutation matrices of size n', ([n, P]) => {
      expect((P as number[][]).length).toBe(n);
      expect(isPermutationMatrix(P)).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 1, max: 7 }).chain((n) => domain('adjacency', [n]).arbitrary)])('adjacency(n) draws simple graphs', (A) => {
    expect(isSimpleGraph(A)).toBe(true);
  });

  test.prop([domain('convGeometry', []).arbitrary.chain((g) => fc.tuple(fc.constant(g), domain('image', [g]).arbitrary, domain('kernel', [g]).arbitrary))])(
    'convGeometry() gives a geometry whose output fits, and image(g) and kernel(g) fit it', ([g, x, K]) => {
      const r = g as Record<string, number>;
      expect(r.oh).toBeGreaterThanOrEqual(1);
      expect(r.ow).toBeGreaterThanOrEqual(1);
      expect(r.oh).toBe(Math.floor(((r.h ?? 0) + (r.pt ?? 0) + (r.pb ?? 0) - (r.dh ?? 0) * ((r.kh ?? 0) - 1) - 1) / (r.sh ?? 1)) + 1);
      const shape = (v: ClaimValue): number[] => (Array.isArray(v) ? [v.length, ...shape((v as readonly ClaimValue[])[0] ?? 0)] : []);
      expect(shape(x)).toEqual([r.h, r.w, r.cin]);
      expect(shape(K)).toEqual([r.kh, r.kw, r.cin, r.cout]);
      expect((x as number[][][]).flat(2).every((v) => v >= -1 && v <= 1)).toBe(true);
    },
  );

  test.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })])(
    'weights(d, L, c) chains the widths: d → hidden → c', (d, layers, c) => {
      const ws = fc.sample(domain('weights', [d, layers, c]).arbitrary, { numRuns: 5, seed: d * 100 + layers * 10 + c }) as number[][][][];
      for (const w of ws) {
        expect(w.length).toBe(layers);
        expect(w[0]?.length).toBe(d);
        expect(w[layers - 1]?.[0]?.length).toBe(c);
        for (let l = 1; l < layers; l++) expect(w[l]?.length).toBe(w[l - 1]?.[0]?.length);
      }
    },
  );

  test('bad arguments are refused with what would be valid', () => {
    expect(() => domain('permutation', [0])).toThrow(/Error in permutation: n must be an integer ≥ 1, but got 0/);
    expect(() => domain('poolGeometry', ['full'])).toThrow(/padding must be 'valid', 'same', 'any'/);
    expect(() => domain('int', [3, 1])).toThrow(/integers with lo ≤ hi/);
  });
});
