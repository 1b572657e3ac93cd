import { beforeAll, describe, expect, test } from 'vitest';
import { checkProofs, createProofMath, loadProofs, type CheckReport, type ClaimResult, type ProofSet } from '../../src/proof.js';

// The three proof documents of proofs/, checked with fewer random cases than `npm start`
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
  test('are the three documents of the exercise, in order', () => {
    expect(proofs.documents.map((d) => d.id)).toEqual(['conv-affine', 'pooling-linear', 'gcn-invariance']);
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

  test('every document has steps without a numerical check, counted honestly', () => {
    for (const d of report.documents) {
      expect(d.checkable, d.id).toBeLessThan(d.steps);
      expect(report.unchecked.filter((u) => u.documentId === d.id).length, d.id).toBe(d.steps - d.checkable);
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
