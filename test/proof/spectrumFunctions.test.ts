import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { approxAtMost, approxEqual, compareAtMost, tolerances } from '../../src/core/tolerance.js';
import { conv2dMatrix } from '../../src/linear/conv2dMatrix.js';
import { convGeometry } from '../../src/linear/convGeometry.js';
import { circularSpectrum } from '../../src/spectrum/circularSpectrum.js';
import { frequencyMatrix } from '../../src/spectrum/frequencyMatrix.js';
import { proveClaim } from '../../src/proof/bounded/proveClaim.js';
import { checkClaim } from '../../src/proof/checkClaim.js';
import type { ClaimValue } from '../../src/proof/ClaimValue.js';
import { createProofMath, type ProofMath } from '../../src/proof/createProofMath.js';
import { asConvRecord, convRecordOf, type ConvRecord } from '../../src/proof/geometryRecords.js';
import { loadProofs } from '../../src/proof/loadProofs.js';
import { parseProofDocument } from '../../src/proof/parseProofDocument.js';
import { ProofDocumentError } from '../../src/proof/ProofDocumentError.js';
import type { Claim } from '../../src/proof/ProofDocument.js';
import { proofFunction, type ProofFunction } from '../../src/proof/proofFunction.js';
import { renderClaim } from '../../src/proof/renderClaim.js';
import { circularHullRecord, spectrumFunctions } from '../../src/proof/spectrumFunctions.js';
import { strideRecords, type LayerShape } from '../../src/proof/symmetryFamilies.js';

const fns = spectrumFunctions();
const call = (name: string, ...args: unknown[]): ClaimValue => {
  const f = fns[name];
  if (f === undefined) throw new Error(`no ${name}`);
  return f(...args);
};

const ints = (n: number, seed: number): number[] => Array.from({ length: n }, (_v, i) => (((i + 1) * 7919 + seed * 104729) % 7) - 3);

/** A kernel [kh][kw][cin][cout] as nested arrays from flat HWIO data. */
function nested(data: readonly number[], r: ConvRecord): number[][][][] {
  let at = 0;
  return Array.from({ length: r.kh }, () => Array.from({ length: r.kw }, () => Array.from({ length: r.cin }, () => Array.from({ length: r.cout }, () => data[at++] ?? NaN))));
}

const layerArb: fc.Arbitrary<LayerShape> = fc.record({
  h: fc.integer({ min: 1, max: 4 }), w: fc.integer({ min: 1, max: 4 }), cin: fc.integer({ min: 1, max: 2 }), cout: fc.integer({ min: 1, max: 2 }),
  kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }), dh: fc.integer({ min: 1, max: 2 }), dw: fc.integer({ min: 1, max: 2 }),
});

function toeplitz(K: readonly number[], r: ConvRecord): number[][] {
  const { geometry } = asConvRecord('test', 'g', r);
  return conv2dMatrix({ shape: [r.kh, r.kw, r.cin, r.cout], data: Float64Array.from(K) }, {
    inputShape: [r.h, r.w, r.cin], strides: [r.sh, r.sw], dilations: [r.dh, r.dw], padding: [[geometry.padTop, geometry.padBottom], [geometry.padLeft, geometry.padRight]],
  }).matrix.toDense().to2DArray();
}

describe('the matrices of the spectrum proof', () => {
  test('dft2 is the real embedding of the unitary DFT: n = 2 is the Hadamard matrix over √2', () => {
    const h = Math.SQRT1_2;
    const F = call('dft2', 2, 1, 1) as number[][];
    const expected = [[h, h, 0, 0], [h, -h, 0, 0], [0, 0, h, h], [0, 0, h, -h]];
    F.forEach((row, i) => row.forEach((v, j) => expect(approxEqual(v, (expected[i] as number[])[j] as number, tolerances.float64), `F[${i}][${j}] = ${v}`).toBe(true)));
    expect(() => call('dft2', 8, 8, 8)).toThrow(/dft2: \(n, m, c\) must be at most 256 entries/);
  });

  test('singularValues and opNorm of small matrices; realPair doubles a real matrix', () => {
    expect(call('singularValues', [[3, 0], [0, -4], [0, 0]])).toEqual([4, 3]);
    expect(call('opNorm', [[1, 1], [1, 1]])).toBeCloseTo(2, 14);
    expect(call('realPair', [[1, 2]])).toEqual([[1, 2, 0, 0], [0, 0, 1, 2]]);
  });

  test.prop([layerArb, fc.integer({ min: 1, max: 2 }), fc.nat(1000)], { numRuns: 60 })('a zero-padded layer is exactly the restriction R·C_L·E of the circular convolution of circularHull(g)', (l, s, seed) => {
    for (const r of strideRecords({ ...l, h: l.h * s, w: l.w * s }, s, 'any')) {
      const K = ints(r.kh * r.kw * r.cin * r.cout, seed);
      const T = toeplitz(K, r);
      const hull = circularHullRecord('test', r);
      const C = call('circularMatrix', nested(K, r), hull) as number[][];
      expect(hull.oh * hull.sh).toBe(hull.h);
      T.forEach((row, i) => {
        const [pixel, co] = [Math.floor(i / r.cout), i % r.cout];
        const [oh, ow] = [Math.floor(pixel / r.ow), pixel % r.ow];
        const hullRow = C[(oh * hull.ow + ow) * r.cout + co] as number[];
        row.forEach((v, j) => {
          const [cell, ci] = [Math.floor(j / r.cin), j % r.cin];
          const [ih, iw] = [Math.floor(cell / r.w), cell % r.w];
          expect(hullRow[((ih + r.pt) * hull.w + iw + r.pl) * r.cin + ci]).toBe(v);
        });
      });
    }
  });

  test("negative control: the circular layer on the input's own grid is not a restriction ('same' 3×3 on 3×3: wrapped taps appear)", () => {
    const g = convGeometry({ op: 'test', inputShape: [3, 3, 1], kernelSize: 3, padding: 'same' });
    const r = convRecordOf(g, 1, 'same');
    const K = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(call('circularMatrix', nested(K, r), r)).not.toEqual(toeplitz(K, r));
  });

  test.prop([layerArb, fc.nat(1000)], { numRuns: 60 })('a stride-2 layer is a selection of the rows of unstrided(g), with the pads of g', (l, seed) => {
    for (const r of strideRecords({ ...l, h: 2 * l.h, w: 2 * l.w }, 2, 'any')) {
      const K = ints(r.kh * r.kw * r.cin * r.cout, seed);
      const one = call('unstrided', r) as ConvRecord;
      expect([one.sh, one.sw, one.pt, one.pb, one.pl, one.pr]).toEqual([1, 1, r.pt, r.pb, r.pl, r.pr]);
      const [T, T1] = [toeplitz(K, r), toeplitz(K, one)];
      T.forEach((row, i) => {
        const [pixel, co] = [Math.floor(i / r.cout), i % r.cout];
        const [oh, ow] = [Math.floor(pixel / r.ow), pixel % r.ow];
        expect(T1[((2 * oh) * one.ow + 2 * ow) * r.cout + co]).toEqual(row);
      });
    }
  });

  test("negative control: the stride-1 layer with its own 'same' pads does not contain the stride-2 one (H = 4, k = 3: pads (0, 1) against (1, 1))", () => {
    const r = convRecordOf(convGeometry({ op: 'test', inputShape: [4, 1, 1], kernelSize: [3, 1], strides: [2, 1], padding: 'same' }), 1, 'same');
    const same1 = convRecordOf(convGeometry({ op: 'test', inputShape: [4, 1, 1], kernelSize: [3, 1], padding: 'same' }), 1, 'same');
    const K = [1, 2, 3];
    const [T, T1] = [toeplitz(K, r), toeplitz(K, same1)];
    expect(T.every((row, o) => JSON.stringify(T1[2 * o]) === JSON.stringify(row))).toBe(false);
    expect(T.every((row, o) => JSON.stringify(toeplitz(K, call('unstrided', r) as ConvRecord)[2 * o]) === JSON.stringify(row))).toBe(true);
  });
});

describe('the claims of the spectrum proof catch a wrong function', () => {
  const proofs = loadProofs(['proofs'], { math: createProofMath() });
  const claim = (id: string): Claim => {
    const c = proofs.claims.get(id);
    if (c === undefined) throw new Error(`no claim ${id}`);
    return c;
  };
  /** The claim recompiled against a mathjs instance whose functions include `mutants`. */
  const withMutants = (id: string, mutants: Record<string, ProofFunction>): Claim => {
    const math = createProofMath({ functions: mutants });
    const d = parseProofDocument(`---\nid: m\ntitle: M\n---\n\n\`\`\`claim\n${claim(id).source.replace(/\nuses: .*\n/, '\n')}\`\`\`\n`, 'proofs/m.md', math);
    const c = d.claims[0];
    if (c === undefined) throw new Error('no claim');
    return c;
  };
  const check = (c: Claim) => checkClaim(c, { seed: 3, runs: 100, exhaustiveLimit: 5000, reproduce: () => '' });
  const original = (name: string): ProofFunction => {
    const f = fns[name];
    if (f === undefined) throw new Error(`no ${name}`);
    return f;
  };
  const mutant = (name: string, evaluate: (...args: unknown[]) => ClaimValue): Record<string, ProofFunction> => ({
    [name]: proofFunction({ usage: original(name).usage, description: 'mutant', tex: () => 'M', evaluate }),
  });

  test('each claim of the document holds (or, for the refutation, is refuted) with the library functions', () => {
    for (const d of proofs.documents.filter((doc) => doc.id === 'conv-spectrum')) {
      for (const c of d.claims.filter((x) => x.check !== undefined)) {
        const r = check(c);
        expect([c.id, r.status, r.outcome]).toEqual([c.id, 'checked', c.kind === 'refutation' ? 'counterexample' : 'held']);
      }
    }
  });

  test('a conjugated DFT sign breaks the block-diagonalisation', () => {
    const conjugated = mutant('dft2', (n, m, c) => {
      const F = original('dft2')(n, m, c) as number[][];
      const half = F.length / 2;
      // [[A, −B], [B, A]] ↦ [[A, B], [−B, A]]: the embedding of A − iB.
      return F.map((row, i) => row.map((v, j) => ((i < half) !== (j < half) ? -v : v)));
    });
    const r = check(withMutants('dft-block-diagonal', conjugated));
    expect([r.status, r.outcome]).toEqual(['failed', 'counterexample']);
  });

  test('a transposed per-frequency matrix breaks it too', () => {
    const transposed = mutant('frequencyBlocks', (K, g) => {
      const B = original('frequencyBlocks')(K, g) as number[][];
      return B[0]?.map((_v, j) => B.map((row) => row[j] ?? NaN)) ?? [];
    });
    const r = check(withMutants('dft-block-diagonal', transposed));
    expect([r.status, r.outcome]).toEqual(['failed', 'counterexample']);
  });

  test("a spectrum that ignores the stride is caught against the dense SVD", () => {
    const strideless = mutant('circularSpectrum', (K, g) => {
      const { record: r } = asConvRecord('mutant', 'g', g);
      const k = (K as number[][][][]).flat(3);
      return Array.from(circularSpectrum({ shape: [r.kh, r.kw, r.cin, r.cout], data: k }, [r.h, r.w], { dilations: [r.dh, r.dw] }));
    });
    const r = check(withMutants('circular-spectrum', strideless));
    expect([r.status, r.outcome]).toEqual(['failed', 'counterexample']);
  });

  test('the phase of the window offset matters: blocks without it fail on layers with pads', () => {
    const noPhase = mutant('frequencyBlocks', (K, g) => {
      const { record: r } = asConvRecord('mutant', 'g', g);
      return original('frequencyBlocks')(K, { ...r, pt: 0, pb: r.pt + r.pb, pl: 0, pr: r.pl + r.pr, padding: 'explicit' });
    });
    const r = check(withMutants('dft-block-diagonal', noPhase));
    expect([r.status, r.outcome]).toEqual(['failed', 'counterexample']);
    // The library's P(ω) has no offset: with the phase, the blocks are P(ω) times a unit complex number.
    const p = frequencyMatrix({ shape: [1, 2, 1, 1], data: [1, 2] }, [1, 2], [0, 1]);
    expect([p.re[0], p.im[0]]).toEqual([1 + 2 * Math.cos(Math.PI), 2 * Math.sin(Math.PI)]);
  });
});

describe('inequality claims (<=)', () => {
  const math: ProofMath = createProofMath();
  const claimOf = (yaml: string): Claim => {
    const d = parseProofDocument(`---\nid: t\ntitle: T\n---\n\n\`\`\`claim\n${yaml}\n\`\`\`\n`, 'proofs/t.md', math);
    const c = d.claims[0];
    if (c === undefined) throw new Error('no claim');
    return c;
  };
  const check = (c: Claim) => checkClaim(c, { seed: 9, runs: 200, exhaustiveLimit: 5000, reproduce: () => '' });
  const evidence = 'prove:\n  method: evidence\n  why: an inequality.';

  test('lhs <= rhs is compiled as an inequality, checked entry by entry, and rendered with ≤', () => {
    const c = claimOf(`id: tri\nkind: lemma\ntitle: T\ngiven:\n  n: int(1, 4)\n  u: vector(n)\n  w: vector(n)\ncheck: norm(u + w) <= norm(u) + norm(w)\n${evidence}`);
    expect(c.check?.relation).toBe('atMost');
    const r = check(c);
    expect([r.status, r.outcome, r.cases]).toEqual(['checked', 'held', 200]);
    const html = renderClaim(c, new Map([[c.id, r]]), new Map([[c.id, c]]));
    expect(html).toContain('≤');
    expect(html).toContain('a ≤ b + 1e-12 + 1e-10·max(|a|, |b|)');
  });

  test('negative control: a false inequality fails with a counterexample and the excess as its error; as a refutation it is checked', () => {
    const yaml = (kind: string): string => `id: half\nkind: ${kind}\ntitle: T\ngiven:\n  n: int(1, 3)\n  u: intVector(n, 1, 3)\ncheck: norm(u) <= norm(u) / 2\n${evidence}`;
    const failed = check(claimOf(yaml('lemma')));
    expect([failed.status, failed.outcome]).toEqual(['failed', 'counterexample']);
    expect(failed.counterexample?.error).toBeGreaterThan(0);
    const html = renderClaim(claimOf(yaml('lemma')), new Map([['half', failed]]), new Map());
    expect(html).toContain('The left side exceeds the right by');
    const refuted = check(claimOf(yaml('refutation')));
    expect([refuted.status, refuted.outcome]).toEqual(['checked', 'counterexample']);
    expect(renderClaim(claimOf(yaml('refutation')), new Map([['half', refuted]]), new Map())).toContain('≰');
  });

  test('a bounded proof of an inequality is refused when the document is read, naming the claim and the way out', () => {
    expect(() => claimOf('id: bad\nkind: lemma\ntitle: T\ngiven:\n  x: real(0, 1)\ncheck: x <= x + 1\nprove: exact')).toThrow(ProofDocumentError);
    expect(() => claimOf('id: bad\nkind: lemma\ntitle: T\ngiven:\n  x: real(0, 1)\ncheck: x <= x + 1\nprove: exact')).toThrow(/'bad' states an inequality \(<=\).*method: evidence/);
    // And the engine refuses one that reached it anyway.
    const c = claimOf(`id: ok\nkind: lemma\ntitle: T\ngiven:\n  x: real(0, 1)\ncheck: x <= x + 1\n${evidence}`);
    const forced: Claim = { ...c, prove: c.prove === undefined ? undefined : { ...c.prove, method: 'exact' } };
    const r = proveClaim(forced, { seed: 1 });
    expect([r.outcome, r.message]).toEqual(['error', expect.stringMatching(/inequality \(<=\) cannot be proved by exact/)]);
  });

  test('approxAtMost and compareAtMost: the one-sided tolerance rule', () => {
    expect(approxAtMost(1 + 1e-11, 1, tolerances.float64)).toBe(true);
    expect(approxAtMost(1 + 1e-9, 1, tolerances.float64)).toBe(false);
    expect(approxAtMost(-Infinity, -5)).toBe(true);
    expect(approxAtMost(NaN, 1)).toBe(false);
    expect(approxAtMost(Infinity, Infinity)).toBe(true);
    const cmp = compareAtMost([1, 5, 2], [2, 4, 2], tolerances.exact);
    expect([cmp.ok, cmp.maxAbsError, cmp.worstIndex]).toEqual([false, 1, 1]);
    expect(compareAtMost([1, 2], [1, 2, 3], tolerances.exact).ok).toBe(false);
  });
});
