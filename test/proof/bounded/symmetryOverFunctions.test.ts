import { describe, expect, test } from 'vitest';
import type { Arithmetic } from '../../../src/exact/Arithmetic.js';
import { conv2dOver } from '../../../src/linear/conv2dOver.js';
import { convGeometry } from '../../../src/linear/convGeometry.js';
import { proveClaim } from '../../../src/proof/bounded/proveClaim.js';
import type { OverFunction } from '../../../src/proof/bounded/evaluateOver.js';
import { overFunctions } from '../../../src/proof/bounded/overFunctions.js';
import { flattenOver, isRecord, Scalar, scalarOf, type OverValue } from '../../../src/proof/bounded/OverValue.js';
import { createProofMath } from '../../../src/proof/createProofMath.js';
import { asConvRecord } from '../../../src/proof/geometryRecords.js';
import { loadProofs } from '../../../src/proof/loadProofs.js';
import { parseProofDocument } from '../../../src/proof/parseProofDocument.js';
import type { Claim } from '../../../src/proof/ProofDocument.js';
import { shiftBand, transposeRecord } from '../../../src/proof/symmetryRecords.js';

// The bounded proofs of proofs/conv-translation.md and of the Weisfeiler–Leman section of
// proofs/gcn-invariance.md, run with the library's functions over symbols and with mutants
// injected in their place: each proved claim must refute its mutant with an exact
// counterexample, and each refutation must find nothing once its defect is repaired.

describe('bounded proofs of the translation and Weisfeiler–Leman claims: every mutant is refuted, every refutation needs its defect', () => {
  const proofs = loadProofs(['proofs'], { math: createProofMath() });
  const library = overFunctions();
  const lib = (name: string): OverFunction => {
    const f = library[name];
    if (f === undefined) throw new Error(`no over-function ${name}`);
    return f;
  };
  const claim = (id: string): Claim => {
    const c = proofs.claims.get(id);
    if (c === undefined) throw new Error(`no claim ${id}`);
    return c;
  };
  const prove = (c: Claim, functions: Record<string, OverFunction> = {}) => proveClaim(c, { seed: 7, functions: { ...library, ...functions } });
  /** The claim with its check replaced: a refutation whose defect is repaired must find nothing to refute. */
  const variant = (id: string, from: string, to: string): Claim => {
    const c = claim(id);
    expect(c.source).toContain(from);
    const d = parseProofDocument(`---\nid: v\ntitle: V\n---\n\n\`\`\`claim\n${c.source.replace(from, to).replace(/\nuses: .*\n/, '\n')}\`\`\`\n`, 'proofs/v.md', proofs.math);
    const v = d.claims[0];
    if (v === undefined) throw new Error('no variant');
    return v;
  };

  // Mutants, each a plausible bug.
  const zeroFillShift: OverFunction = (ar, args) => lib('zeroShift')(ar, args);
  const zeroPaddedCircular: OverFunction = (ar, args) => lib('conv2d')(ar, args);
  /** Moves the channels too (channel c to c + 1): the shift is no longer "channel by channel". */
  const channelMixingShiftMatrix: OverFunction = (ar, args) => {
    const m = lib('shiftMatrix')(ar, args) as readonly (readonly number[])[];
    const c = args[2] as number;
    const n = m.length;
    return Array.from({ length: n }, (_r, i) => {
      const row = m[i] as readonly number[];
      const j = row.indexOf(1);
      const moved = j - (j % c) + ((j % c) + 1) % c;
      return Array.from({ length: n }, (_v, k) => (k === moved ? 1 : 0));
    });
  };
  /** The band one row too narrow: its last row is compared. */
  const narrowBand: OverFunction = (ar, args) => {
    const out = lib('outsideBand')(ar, args) as readonly OverValue<unknown>[];
    const g = args[1];
    if (g === undefined || !isRecord(g)) throw new Error('no record');
    const band = shiftBand('mutant', g, args[2] as number, args[3] as number);
    const last = band.rows.lastIndexOf(true);
    if (last < 0) return out as OverValue<never>;
    const M = args[0] as readonly OverValue<unknown>[];
    return out.map((row, h) => (h === last ? M[h] : row)) as OverValue<never>;
  };
  /** A mean in which the first position counts twice. */
  const firstPixelTwice: OverFunction = <T,>(ar: Arithmetic<T>, args: readonly OverValue<T>[]) => {
    const pixels = (args[0] as readonly (readonly (readonly OverValue<T>[])[])[]).flat();
    const first = pixels[0] ?? [];
    return first.map((_v, c) => {
      let sum = scalarOf(ar, 'mutant', first[c] as OverValue<T>);
      for (const p of pixels) sum = ar.add(sum, scalarOf(ar, 'mutant', p[c] as OverValue<T>));
      return new Scalar(ar.div(sum, ar.fromInt(pixels.length + 1)));
    });
  };
  const offsetMaxPool: OverFunction = (ar, args) => lib('maxPool')(ar, [lib('zeroShift')(ar, [args[0] as OverValue<never>, 1, 0]), args[1] as OverValue<never>]);
  const unmirroredGeometry: OverFunction = (_ar, args) => args[0] ?? 0;
  const rotatingColumns: OverFunction = (ar, args) => lib('shift')(ar, [args[0] as OverValue<never>, 0, 1]);
  const transposedGeometry: OverFunction = (_ar, args) => transposeRecord('mutant', args[0]);
  /** Every pad before the input, none after: the layer is no longer centred. */
  const padsBefore: OverFunction = <T,>(ar: Arithmetic<T>, args: readonly OverValue<T>[]) => {
    const { record: r } = asConvRecord('mutant', 'g', args[3]);
    const g = convGeometry({ op: 'mutant', inputShape: [r.h, r.w, r.cin], kernelSize: [r.kh, r.kw], dilations: [r.dh, r.dw], padding: [[r.pt + r.pb, 0], [r.pl + r.pr, 0]] });
    const x = flattenOver(ar, 'mutant', args[0] as OverValue<T>);
    const K = flattenOver(ar, 'mutant', args[1] as OverValue<T>);
    const b = flattenOver(ar, 'mutant', args[2] as OverValue<T>);
    const y = conv2dOver(ar, x, K, g, { bias: b });
    return Array.from({ length: r.oh }, (_h, h) => Array.from({ length: r.ow }, (_w, w) => Array.from({ length: r.cout }, (_c, c) => new Scalar(y[(h * r.ow + w) * r.cout + c] as T))));
  };
  const chordedCycles: OverFunction = (ar, args) => {
    const a = (lib('disjointCycles')(ar, args) as readonly (readonly number[])[]).map((row) => [...row]);
    (a[0] as number[])[2] = 1;
    (a[2] as number[])[0] = 1;
    return a;
  };
  const openCycle: OverFunction = (ar, args) => lib('pathGraph')(ar, args);

  test.each([
    ['shift-group', 'a shift that forgets to wrap', { shift: zeroFillShift }],
    ['circular-shift-commutes', 'zero padding instead of wrap-around', { circularConv2d: zeroPaddedCircular }],
    ['circular-matrix-commutes', 'a shift matrix that also moves the channels', { shiftMatrix: channelMixingShiftMatrix }],
    ['strided-shift', 'zero padding instead of wrap-around', { circularConv2d: zeroPaddedCircular }],
    ['zero-padding-band', 'a band one row too narrow', { outsideBand: narrowBand }],
    ['zero-padding-band-strided', 'a band one row too narrow', { outsideBand: narrowBand }],
    ['gap-invariant', 'a mean that counts the first position twice', { globalAvgPool: firstPixelTwice }],
    ['circular-network-invariant', 'zero padding instead of wrap-around', { circularConv2d: zeroPaddedCircular }],
    ['maxpool-stride-multiple', 'windows read one row off, zero filled', { maxPool: offsetMaxPool }],
    ['flip-conv', 'the padding not mirrored', { hflipGeometry: unmirroredGeometry }],
    ['flip-symmetric-kernel', 'a mirror that rotates the columns instead', { hflip: rotatingColumns }],
    ['rotation-conv', 'the transposed layer without its mirror', { rot90Geometry: transposedGeometry }],
    ['rotation-symmetric-kernel', 'every pad before the input', { conv2d: padsBefore }],
    ['wl-regular-pair', 'a chord in the first cycle', { disjointCycles: chordedCycles }],
    ['wl-same-states', 'the cycle left open (a path)', { cycleGraph: openCycle }],
    ['wl-indistinguishable', 'the cycle left open (a path)', { cycleGraph: openCycle }],
  ] as const)('%s: the mutant (%s) is refuted by an exact counterexample', (id, _what, functions) => {
    const c = claim(id);
    expect(prove(c).outcome, `${id} itself`).toBe('proved');
    const r = prove(c, functions);
    expect([r.outcome, r.counterexample === null]).toEqual(['refuted', false]);
  });

  test.each([
    ['stride-aliasing', 'a shift by the stride', 'shift(x, 1, 0)', 'shift(x, 2, 0)'],
    ['zero-padding-border', 'circular padding and cyclic shifts', 'conv2d(zeroShift(x, u, v), K, b, g) == zeroShift(conv2d(x, K, b, g), u, v)', 'circularConv2d(shift(x, u, v), K, b, g) == shift(circularConv2d(x, K, b, g), u, v)'],
    ['maxpool-stride-not-invariant', 'a shift by the stride', 'shift(x, 1, 0)', 'shift(x, 2, 0)'],
    ['avgpool-stride-not-invariant', 'a shift by the stride', 'shift(x, 1, 0)', 'shift(x, 2, 0)'],
    ['flip-same-padding', 'the padding mirrored too', 'hflip(K), b, g)', 'hflip(K), b, hflipGeometry(g))'],
    ['flip-generic-kernel', 'a symmetric kernel', 'hflip(conv2d(x, K, b, g)) == conv2d(hflip(x), K, b, g)', 'hflip(conv2d(x, K + hflip(K), b, g)) == conv2d(hflip(x), K + hflip(K), b, g)'],
    ['rotation-generic-kernel', 'the kernel rotated too', 'conv2d(rot90(x), K, b, g)', 'conv2d(rot90(x), rot90(K), b, rot90Geometry(g))'],
    ['wl-not-isomorphic', 'the same graph on both sides', 'trace(disjointCycles(2, 3) * disjointCycles(2, 3) * disjointCycles(2, 3))', 'trace(cycleGraph(6) * cycleGraph(6) * cycleGraph(6))'],
    ['wl-distinguished-outputs', 'a pair 1-WL does not separate', 'gcn(ones(4, 1) * v, starGraph(4), W) == gcn(ones(4, 1) * v, pathGraph(4), W)', 'gcn(ones(6, 1) * v, cycleGraph(6), W) == gcn(ones(6, 1) * v, disjointCycles(2, 3), W)'],
  ] as const)('%s is refuted exactly, and with its defect repaired (%s) there is nothing to refute', (id, _what, from, to) => {
    const r = prove(claim(id));
    expect([r.outcome, r.counterexample === null]).toEqual(['refuted', false]);
    const repaired = prove(variant(id, from, to));
    expect(repaired.outcome, repaired.message ?? '').toBe('not-proved');
    expect(repaired.message).toMatch(/holds for every member of the family/);
  });
});
