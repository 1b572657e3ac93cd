import { beforeAll, describe, expect, test } from 'vitest';
import { checkProofs, createProofMath, loadProofs, type CheckReport, type ClaimResult, type ProofSet } from '../../src/proof.js';

// The proof documents of proofs/, checked with fewer random cases than `npm start`
// (exhaustive claims are still checked in full): every claim must hold, every refutation
// must find its counterexample.
let proofs: ProofSet;
let report: CheckReport;
const byId = new Map<string, ClaimResult>();

beforeAll(() => {
  proofs = loadProofs(['proofs'], { math: createProofMath() });
  report = checkProofs(proofs, { runs: 100, seed: 11 });
  for (const c of report.claims) byId.set(c.id, c);
});

describe('the proofs in proofs/', () => {
  test('are the three documents of the exercise, then the symmetry and spectrum ones, in order', () => {
    expect(proofs.documents.map((d) => d.id)).toEqual(['conv-affine', 'pooling-linear', 'gcn-invariance', 'conv-translation', 'conv-spectrum']);
  });

  test('every claim is checked: identities hold, refutations find their counterexample', () => {
    const failed = report.claims.filter((c) => c.status !== 'checked').map((c) => `${c.id}: ${c.outcome} ${c.error ?? ''}`);
    expect(failed).toEqual([]);
    for (const c of report.claims) {
      expect(c.outcome, c.id).toBe(c.kind === 'refutation' ? 'counterexample' : 'held');
    }
  });

  test('the convolution proof has the Toeplitz lemma, the affine theorem, the bias and homogeneous coordinates, and ReLU refuted', () => {
    for (const id of ['conv-output-size', 'conv-matrix', 'conv-linear', 'conv-bias', 'conv-affine-map', 'conv-homogeneous', 'conv-layer']) {
      expect(byId.get(id)?.expectation, id).toBe('holds');
    }
    for (const id of ['conv-bias-not-linear', 'relu-not-additive']) expect(byId.get(id)?.expectation, id).toBe('counterexample');
  });

  test("the pooling proof has both matrices, both linearity theorems, the 'same' convention and max pooling refuted", () => {
    for (const id of ['sumpool-matrix', 'avgpool-matrix', 'avg-from-sum', 'avgpool-linear', 'sumpool-linear', 'mean-filter-valid', 'maxpool-positive-homogeneous']) {
      expect(byId.get(id)?.expectation, id).toBe('holds');
    }
    for (const id of ['mean-filter-same', 'maxpool-not-additive', 'maxpool-not-odd']) expect(byId.get(id)?.expectation, id).toBe('counterexample');
  });

  test('the GCN proof checks PᵀP = I on every permutation up to n = 6 and the degree step on every graph up to 4 nodes', () => {
    expect([byId.get('perm-orthogonal')?.method, byId.get('perm-orthogonal')?.cases]).toEqual(['exhaustive', 1 + 2 + 6 + 24 + 120 + 720]);
    const graphsTimesRelabellings = 1 * 1 + 2 * 2 + 6 * 8 + 24 * 64;
    for (const id of ['degree-conjugation', 'adjacency-conjugation', 'conjugate-self-loops']) {
      expect([byId.get(id)?.method, byId.get(id)?.cases], id).toEqual(['exhaustive', graphsTimesRelabellings]);
    }
    expect(byId.get('gcn-invariance-small-graphs')?.enumerated).toBe(graphsTimesRelabellings);
    for (const id of ['diagonal-function-conjugation', 'relu-equivariance', 'layer-equivariance', 'hidden-equivariance', 'readout-invariance', 'gcn-permutation-invariance']) {
      expect(byId.get(id)?.status, id).toBe('checked');
    }
    for (const id of ['hidden-not-invariant', 'first-node-not-invariant']) expect(byId.get(id)?.expectation, id).toBe('counterexample');
  });

  test('every identity the documents ask to prove is proved, every refutation refuted exactly, and the evidence-only steps say why', () => {
    const verdicts = report.claims.map((c) => [c.id, c.bounded?.method ?? 'none', c.bounded?.outcome ?? 'none']);
    for (const [id, method, outcome] of verdicts) {
      const claim = proofs.claims.get(id ?? '');
      expect(claim?.prove, `${id} has a prove: block`).toBeDefined();
      if (method === 'evidence') expect(claim?.prove?.why, id).toMatch(/\S/);
      else expect(outcome, id).toBe(claim?.kind === 'refutation' ? 'refuted' : 'proved');
    }
    // Which steps stay evidence, and the one Schwartz–Zippel proof, are part of what the documents state.
    const spectrum = proofs.documents.find((d) => d.id === 'conv-spectrum')?.claims.filter((c) => c.check !== undefined).map((c) => c.id) ?? [];
    expect(spectrum.length).toBe(10);
    expect(verdicts.filter(([, m]) => m === 'evidence').map(([id]) => id).sort()).toEqual(['maxpool-positive-homogeneous', 'relu-positive-homogeneous', ...spectrum].sort());
    expect(verdicts.filter(([, m]) => m === 'schwartz-zippel').map(([id]) => id)).toEqual(['conv-homogeneous']);
    const theorem = byId.get('gcn-permutation-invariance')?.bounded;
    expect(theorem?.family).toContain('$n$: $\\{1, \\dots, 4\\}$');
    expect(theorem?.family).toContain('every $n\\times n$ permutation matrix');
    expect(report.summary.proved).toBeGreaterThanOrEqual(25);
  });

  test('every document has steps without a numerical check, counted honestly', () => {
    for (const d of report.documents) {
      expect(d.checkable, d.id).toBeLessThan(d.steps);
      expect(report.unchecked.filter((u) => u.documentId === d.id).length, d.id).toBe(d.steps - d.checkable);
    }
  });

  test('the translation proof: circular layers commute with every shift, strides and zero padding only so far, pooling and flips as stated, each settled exactly', () => {
    const proved = ['shift-group', 'circular-shift-commutes', 'circular-matrix-commutes', 'strided-shift', 'zero-padding-band', 'zero-padding-band-strided', 'gap-invariant',
      'circular-network-invariant', 'maxpool-stride-multiple', 'flip-conv', 'flip-symmetric-kernel', 'rotation-conv', 'rotation-symmetric-kernel'];
    const refuted = ['stride-aliasing', 'zero-padding-border', 'maxpool-stride-not-invariant', 'avgpool-stride-not-invariant', 'flip-same-padding', 'flip-generic-kernel', 'rotation-generic-kernel'];
    for (const id of proved) expect([id, byId.get(id)?.status, byId.get(id)?.bounded?.outcome]).toEqual([id, 'checked', 'proved']);
    for (const id of refuted) {
      const r = byId.get(id);
      expect([id, r?.status, r?.outcome, r?.bounded?.outcome]).toEqual([id, 'checked', 'counterexample', 'refuted']);
      expect(r?.bounded?.counterexample, id).not.toBeNull();
    }
    // The band: the commutator vanishes outside it on every geometry of the family, every padding kind included.
    expect(byId.get('zero-padding-band')?.bounded?.family).toContain("'valid', 'same' and explicit padding");
    expect(byId.get('zero-padding-band')?.bounded?.instances).toBeGreaterThan(1000);
    // Zhang's aliasing is shown at the smallest strided layer: a 2×2 input, a 1×1 kernel.
    const g = byId.get('stride-aliasing')?.bounded?.counterexample?.instance.find((v) => v.name === 'g')?.value as Record<string, number> | undefined;
    expect([g?.h, g?.w, g?.kh, g?.kw, g?.sh]).toEqual([2, 2, 1, 1, 2]);
  });

  test('the Weisfeiler–Leman section: C6 and 2·C3 are proved indistinguishable for symbolic weights, the star and the path refuted exactly', () => {
    for (const id of ['wl-regular-pair', 'wl-same-states', 'wl-indistinguishable']) expect([id, byId.get(id)?.bounded?.outcome]).toEqual([id, 'proved']);
    for (const id of ['wl-not-isomorphic', 'wl-distinguished-outputs']) expect([id, byId.get(id)?.outcome, byId.get(id)?.bounded?.outcome]).toEqual([id, 'counterexample', 'refuted']);
    expect(byId.get('wl-indistinguishable')?.bounded?.family).toContain('every choice of real weights');
    // The earlier claims of the document are unchanged: the WL section only appends.
    expect(proofs.documents.find((d) => d.id === 'gcn-invariance')?.claims.at(-7)?.id).toBe('gcn-invariance-small-graphs');
  });

  test('the spectrum proof: every step is evidence that says why, the spectrum matches the dense SVD and the reshaped norm is refuted as a bound', () => {
    const doc = proofs.documents.find((d) => d.id === 'conv-spectrum');
    for (const c of doc?.claims.filter((x) => x.check !== undefined) ?? []) {
      expect([c.id, c.prove?.method]).toEqual([c.id, 'evidence']);
      expect(c.prove?.why, c.id).toMatch(/\S.{30,}/);
      expect(byId.get(c.id)?.status, c.id).toBe('checked');
    }
    expect(byId.get('circular-spectrum')?.maxError).toBeLessThan(1e-12);
    expect(byId.get('reshaped-norm-not-bound')?.outcome).toBe('counterexample');
    for (const id of ['zero-padding-norm', 'strided-norm', 'certified-interval', 'lipschitz-product', 'reshaped-norm-bracket']) {
      expect(proofs.claims.get(id)?.check?.relation, id).toBe('atMost');
    }
  });

  test('negative control: the deliberately false document fails with a shrunk counterexample', () => {
    const fixture = loadProofs(['test/proof/fixtures/false'], { math: proofs.math });
    const r = checkProofs(fixture, { runs: 100, seed: 11 });
    const bad = r.claims.find((c) => c.id === 'maxpool-additive-false');
    expect([bad?.status, bad?.outcome]).toEqual(['failed', 'counterexample']);
    expect(bad?.counterexample?.shrinks).toBeGreaterThan(0);
  });
});
