import { describe, expect, test } from 'vitest';
import type { Arithmetic } from '../../../src/exact/Arithmetic.js';
import { convGeometry } from '../../../src/linear/convGeometry.js';
import { conv2dMatrixOver, denseOver, type SparseOver } from '../../../src/linear/windowMatrixOver.js';
import { pool2dOver } from '../../../src/linear/pool2dOver.js';
import { asConvRecord, asPoolRecord } from '../../../src/proof/geometryRecords.js';
import { proveClaim } from '../../../src/proof/bounded/proveClaim.js';
import { overFunctions } from '../../../src/proof/bounded/overFunctions.js';
import type { OverFunction } from '../../../src/proof/bounded/evaluateOver.js';
import { flattenOver, fromMatrix, reshapeOver, type OverValue } from '../../../src/proof/bounded/OverValue.js';
import { createProofMath, parseProofDocument, type Claim } from '../../../src/proof.js';

const math = createProofMath();

function claimOf(yaml: string): Claim {
  const d = parseProofDocument(`---\nid: t\ntitle: T\n---\n\n\`\`\`claim\n${yaml}\n\`\`\`\n`, 'proofs/t.md', math);
  const claim = d.claims[0];
  if (claim === undefined) throw new Error('no claim parsed');
  return claim;
}

const library = overFunctions();
const prove = (yaml: string, functions: Record<string, OverFunction> = {}) => proveClaim(claimOf(yaml), { seed: 5, functions: { ...library, ...functions } });

/** A Toeplitz builder whose geometry or stored entries a mutant changes. */
function toeplitzMutant(change: (s: SparseOver<unknown>, g: ReturnType<typeof convGeometry>) => SparseOver<unknown>, geometry?: (g: ReturnType<typeof convGeometry>) => ReturnType<typeof convGeometry>): OverFunction {
  return <T,>(ar: Arithmetic<T>, args: readonly OverValue<T>[]) => {
    const { geometry: g0 } = asConvRecord('toeplitz', 'g', args[1]);
    const g = geometry === undefined ? g0 : geometry(g0);
    const kernel = flattenOver(ar, 'toeplitz', args[0] as OverValue<T>);
    return fromMatrix(denseOver(ar, change(conv2dMatrixOver(ar, kernel, g), g) as SparseOver<T>));
  };
}

const CONV_MATRIX = 'id: conv-matrix\nkind: lemma\ntitle: T\ngiven:\n  g: convGeometry()\n  x: image(g)\n  K: kernel(g)\ncheck: vec(conv2d(x, K, zeros(g.cout), g)) == toeplitz(K, g) * vec(x)\nprove:\n  method: exact\n  over:\n    g: convGeometries(3, 2, 3)';

describe('exact bounded proofs of the convolution lemma', () => {
  test('conv-matrix is proved for every real input and every geometry of the family', () => {
    const r = prove(CONV_MATRIX.replace('convGeometries(3, 2, 3)', 'convGeometries(2, 2, 2)'));
    expect([r.method, r.outcome, r.counterexample]).toEqual(['exact', 'proved', null]);
    expect(r.instances).toBeGreaterThan(1000);
    expect(r.evaluations).toBe(2 * r.instances);
    expect(r.largestTerms).toBeGreaterThanOrEqual(4); // 2×2 taps × 2 input channels
    expect(r.family).toContain('every convolution geometry with $H, W \\le 2$');
  });

  test('mutant: a Toeplitz entry moved one column is refuted by an exact counterexample, printed', () => {
    const moved = toeplitzMutant((s) => {
      // Move the first stored entry of the last row one column to the right, where there is room.
      const colIndex = Int32Array.from(s.colIndex);
      const k = s.rowPtr[s.rows - 1] as number;
      if ((colIndex[k] as number) + 1 < s.cols && (s.rowPtr[s.rows] as number) - k === 1) colIndex[k] = (colIndex[k] as number) + 1;
      return { ...s, colIndex };
    });
    const r = prove(CONV_MATRIX.replace('convGeometries(3, 2, 3)', 'convGeometries(2, 1, 2)'), { toeplitz: moved });
    expect(r.outcome).toBe('refuted');
    const ce = r.counterexample;
    expect(ce).not.toBeNull();
    // The counterexample is exact: integers for x and K, and the two sides differ as rationals.
    expect(ce?.lhs).not.toBe(ce?.rhs);
    expect(ce?.point.map((p) => p.name)).toEqual(['x', 'K']);
    expect(JSON.stringify(ce?.point)).toMatch(/"-?\d+"/);
    expect(r.message).toMatch(/the sides differ at g = /);
  });

  test("mutant: the 'same' split on the wrong side is refuted at the first geometry with odd padding, not hidden behind the others", () => {
    const swapped = toeplitzMutant((s) => s, (g) => convGeometry({
      op: 'mutant', inputShape: [g.inHeight, g.inWidth, g.inChannels], kernelSize: [g.kernelHeight, g.kernelWidth],
      strides: [g.strideHeight, g.strideWidth], dilations: [g.dilationHeight, g.dilationWidth],
      padding: [[g.padBottom, g.padTop], [g.padRight, g.padLeft]],
    }));
    const r = prove(CONV_MATRIX.replace("convGeometries(3, 2, 3)", "convGeometries(3, 1, 2, 'same')"), { toeplitz: swapped });
    expect(r.outcome).toBe('refuted');
    const g = r.counterexample?.instance.find((v) => v.name === 'g')?.value as Record<string, number>;
    expect(g.padding).toBe('same');
    expect(g.pt !== g.pb || g.pl !== g.pr).toBe(true);
    // Every earlier member of the family (symmetric padding) was proved before this one failed.
    expect(r.instances).toBeGreaterThan(1);
  });

  test('the same claim under Schwartz–Zippel states its degree and probability bound', () => {
    const sz = CONV_MATRIX.replace('method: exact', 'method: schwartz-zippel').replace('convGeometries(3, 2, 3)', 'convGeometries(2, 1, 2)');
    const r = prove(sz);
    expect([r.method, r.outcome, r.degree, r.trials]).toEqual(['schwartz-zippel', 'proved', 2, 2]);
    expect(r.epsilon).toBeGreaterThan(0);
    expect(r.epsilon).toBeLessThan(1e-30);
  });
});

describe('exact bounded proofs of pooling', () => {
  const AVG = "id: avg\nkind: lemma\ntitle: T\ngiven:\n  q: poolGeometry()\n  x: image(q)\ncheck: vec(avgPool(x, q)) == avgPoolMatrix(q) * vec(x)\nprove:\n  method: exact\n  over:\n    q: poolGeometries(3, 1, 2, 2)";

  test('average pooling is multiplication by its matrix, for every real input of every pooling geometry of the family', () => {
    const r = prove(AVG);
    expect(r.outcome).toBe('proved');
  });

  test("mutant: average pooling that counts the padded cells is refuted at a 'same' geometry with padding", () => {
    const countsPadding: OverFunction = <T,>(ar: Arithmetic<T>, args: readonly OverValue<T>[]) => {
      const { record: r, geometry } = asPoolRecord('avgPool', 'q', args[1]);
      const sums = pool2dOver(ar, 'sum', flattenOver(ar, 'avgPool', args[0] as OverValue<T>), geometry);
      const taps = ar.fromInt(r.kh * r.kw);
      return reshapeOver(sums.map((s) => ar.div(s, taps)), [r.oh, r.ow, r.c]);
    };
    const r = prove(AVG, { avgPool: countsPadding });
    expect(r.outcome).toBe('refuted');
    const q = r.counterexample?.instance[0]?.value as { padding: string; pt: number; pb: number; pl: number; pr: number };
    expect(q.padding).toBe('same');
    expect(q.pt + q.pb + q.pl + q.pr).toBeGreaterThan(0);
  });
});

describe('exact bounded proofs of the GCN lemmas', () => {
  const CONJ = 'id: conj\nkind: lemma\ntitle: T\ngiven:\n  n: int(1, 4)\n  P: permutation(n)\n  A: adjacency(n)\ncheck: normalizeAdjacency(P * A * P\') == P * normalizeAdjacency(A) * P\'\nprove: exact';

  test('Ã(PAPᵀ) = PÃ(A)Pᵀ for every relabelling and symbolic edge weights: the square roots compare exactly as atoms', () => {
    const r = prove(CONJ);
    expect([r.outcome, r.instances]).toEqual(['proved', 1 + 2 + 6 + 24]);
    expect(r.family).toContain('real edge weights');
  });

  test('mutant: permuting only the rows of A is refuted by an exact counterexample (a certified interval where a square root appears)', () => {
    const r = prove(CONJ.replace("normalizeAdjacency(P * A * P')", 'normalizeAdjacency(P * A)'));
    expect(r.outcome).toBe('refuted');
    expect(r.counterexample?.instance.find((v) => v.name === 'n')?.value).toBe(2);
  });

  test('mutant: the unpermuted degrees hold for n ≤ 2 and are refuted at n = 3', () => {
    const r = prove('id: deg\ntitle: T\ngiven:\n  n: int(1, 4)\n  P: permutation(n)\n  A: adjacency(n)\n' +
      "check: normalizeAdjacency(P * A * P') == diagPow(degreeMatrix(A), -1/2) * (P * A * P' + identity(n)) * diagPow(degreeMatrix(A), -1/2)\nprove: exact");
    expect(r.outcome).toBe('refuted');
    expect(r.counterexample?.instance.find((v) => v.name === 'n')?.value).toBe(3);
    expect(r.counterexample?.lhs).not.toBe(r.counterexample?.rhs);
  });

  test('a refutation is proved by the smallest exact counterexample: the first node is not a relabelling-invariant readout', () => {
    const r = prove('id: first\nkind: refutation\ntitle: T\ngiven:\n  n: int(1, 3)\n  d: int(1, 2)\n  P: permutation(n)\n  H: intMatrix(n, d, -3, 3)\ncheck: firstRow(P * H) == firstRow(H)\nprove: exact');
    expect(r.outcome).toBe('refuted');
    expect(r.counterexample?.instance.find((v) => v.name === 'n')?.value).toBe(2);
  });

  test('negative control: a refutation of a true identity finds nothing and says the identity holds', () => {
    const r = prove("id: nope\nkind: refutation\ntitle: T\ngiven:\n  n: int(1, 3)\n  P: permutation(n)\ncheck: P' * P == identity(n)\nprove: exact");
    expect(r.outcome).toBe('not-proved');
    expect(r.message).toMatch(/holds for every member/);
  });

  test('ReLU is not positively homogeneous for every real α: the engine finds α < 0, which is why that step stays evidence', () => {
    const r = prove('id: relu-hom\ntitle: T\ngiven:\n  m: int(1, 2)\n  u: vector(m)\n  alpha: real(0, 4)\ncheck: relu(alpha * u) == alpha * relu(u)\nprove: exact');
    expect(r.outcome).toBe('refuted');
    expect(Number(r.counterexample?.point.find((p) => p.name === 'alpha')?.value)).toBeLessThan(0);
  });

  test('evidence-only claims carry their reason and no verdict', () => {
    const r = prove('id: ev\ntitle: T\ngiven:\n  m: int(1, 2)\n  u: vector(m)\ncheck: relu(u) == relu(u)\nprove:\n  method: evidence\n  why: because.');
    expect([r.outcome, r.message]).toEqual(['evidence', 'because.']);
  });
});
