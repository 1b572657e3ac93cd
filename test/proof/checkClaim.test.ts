import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { checkClaim, claimSeed, createProofMath, parseProofDocument, type Claim, type ClaimResult } from '../../src/proof.js';

const math = createProofMath();

function claimOf(yaml: string): Claim {
  const d = parseProofDocument(`---\nid: t\ntitle: T\n---\n\n\`\`\`claim\n${yaml}\n\`\`\`\n`, 'proofs/t.md', math);
  const claim = d.claims[0];
  if (claim === undefined) throw new Error('no claim parsed');
  return claim;
}

function check(yaml: string, options: { seed?: number; runs?: number; exhaustiveLimit?: number } = {}): ClaimResult {
  return checkClaim(claimOf(yaml), {
    seed: options.seed ?? 7, runs: options.runs ?? 100, exhaustiveLimit: options.exhaustiveLimit ?? 5000,
    reproduce: (id) => `layerproof check --only ${id}`,
  });
}

const PERM = "id: perm\nkind: lemma\ntitle: T\ngiven:\n  n: int(1, 4)\n  P: permutation(n)\ntolerance: exact\ncheck: ";

describe('checkClaim chooses the method from the size of the space', () => {
  test("PᵀP = I on every permutation of n ≤ 4: exhaustive, 1 + 2 + 6 + 24 = 33 cases", () => {
    const r = check(`${PERM}P' * P == identity(n)`);
    expect([r.status, r.outcome, r.method, r.cases, r.enumerated, r.maxError]).toEqual(['checked', 'held', 'exhaustive', 33, 33, 0]);
    expect(r.counterexample).toBeNull();
  });

  test('negative control: P·P = I is false, and the first failing permutation (a 3-cycle) is reported', () => {
    const r = check(`${PERM}P * P == identity(n)`);
    expect([r.status, r.outcome, r.method]).toEqual(['failed', 'counterexample', 'exhaustive']);
    // n = 1 and n = 2 pass (every permutation of ≤ 2 points is an involution); the first 3-cycle fails.
    expect(r.cases).toBe(1 + 2 + 4);
    const vars = Object.fromEntries(r.counterexample?.variables.map((v) => [v.name, v.value]) ?? []);
    expect(vars.n).toBe(3);
    // The first permutations of 3 points in lexicographic order are the identity and two swaps; then a 3-cycle.
    expect(vars.P).toEqual([[0, 1, 0], [0, 0, 1], [1, 0, 0]]);
    expect(r.counterexample?.shrinks).toBe(0);
  });

  test('finite and continuous variables together: every instance, each with random draws, at least runs cases', () => {
    const r = check('id: relu-perm\ntitle: T\ngiven:\n  n: int(1, 3)\n  P: permutation(n)\n  M: matrix(n, 2)\ncheck: relu(P * M) == P * relu(M)', { runs: 100 });
    expect([r.status, r.method, r.enumerated]).toEqual(['checked', 'exhaustive+random', 9]);
    expect(r.cases).toBe(9 * Math.ceil(100 / 9));
  });

  test('a finite space above the exhaustive limit is sampled: random, exactly runs cases', () => {
    const r = check(`${PERM}P' * P == identity(n)`, { exhaustiveLimit: 10, runs: 50 });
    expect([r.status, r.method, r.cases, r.enumerated]).toEqual(['checked', 'random', 50, 0]);
  });
});

describe('checkClaim compares with the tolerance rule', () => {
  // Products of reals on a 2⁻³⁰ grid need up to 90 bits: float64 rounds them, differently in each order.
  const ASSOC = 'id: assoc\ntitle: T\ngiven:\n  a: real(-1, 1)\n  b: real(-1, 1)\n  c: real(-1, 1)\ncheck: (a * b) * c == a * (b * c)';

  test('float64 multiplication is associative up to the float64 tolerance', () => {
    const r = check(`${ASSOC}\ntolerance: float64`, { runs: 300 });
    expect(r.status).toBe('checked');
    expect(r.maxError).toBeGreaterThan(0);
    expect(r.maxErrorRatio).toBeLessThanOrEqual(1);
  });

  test('negative control: with the exact tolerance the rounding is caught', () => {
    const r = check(`${ASSOC}\ntolerance: exact`, { runs: 300 });
    expect([r.status, r.outcome]).toEqual(['failed', 'counterexample']);
    expect(r.counterexample?.error).toBeGreaterThan(0);
  });

  test('sides of different shapes are a failure that says so, not an exception', () => {
    const r = check('id: shapes\ntitle: T\ngiven:\n  n: int(2, 3)\ncheck: ones(1, n) == ones(n)');
    expect([r.status, r.outcome]).toEqual(['failed', 'counterexample']);
    expect(r.counterexample?.message).toMatch(/different shapes: \[1, 2\] and \[2\]/);
  });

  test('an exception while evaluating fails the claim with the message and the instance', () => {
    const r = check('id: throws\ntitle: T\ngiven:\n  n: int(2, 3)\ncheck: diagPow(ones(n, n), -1/2) == diagPow(ones(n, n), -1/2)');
    expect([r.status, r.outcome]).toEqual(['failed', 'error']);
    expect(r.error).toMatch(/diagPow.*must be 0: D must be diagonal/);
  });
});

describe('refutations', () => {
  test('a refutation is checked when its counterexample is found, and fast-check shrinks it', () => {
    const r = check('id: relu-add\nkind: refutation\ntitle: T\ngiven:\n  u: intVector(3, -3, 3)\n  v: intVector(3, -3, 3)\ncheck: relu(u + v) == relu(u) + relu(v)');
    expect([r.status, r.expectation, r.outcome]).toEqual(['checked', 'counterexample', 'counterexample']);
    const ce = r.counterexample;
    const values = Object.fromEntries(ce?.variables.map((v) => [v.name, v.value]) ?? []);
    // Shrunk: one non-zero pair of opposite signs, everything else 0.
    const u = values.u as number[];
    const v = values.v as number[];
    expect(u.filter((x) => x !== 0).length + v.filter((x) => x !== 0).length).toBe(2);
    expect(u.map(Math.abs).reduce((a, b) => a + b) + v.map(Math.abs).reduce((a, b) => a + b)).toBe(2);
  });

  test('negative control: a refutation of a true identity fails with no counterexample', () => {
    const r = check('id: relu-idem\nkind: refutation\ntitle: T\ngiven:\n  u: vector(3)\ncheck: relu(relu(u)) == relu(u)', { runs: 200 });
    expect([r.status, r.outcome, r.cases]).toEqual(['failed', 'no-counterexample', 200]);
  });
});

describe('seeds', () => {
  test('the claim seed depends on the run seed and the claim id only', () => {
    expect(claimSeed(42, 'a')).toBe(claimSeed(42, 'a'));
    expect(claimSeed(42, 'a')).not.toBe(claimSeed(42, 'b'));
    expect(claimSeed(42, 'a')).not.toBe(claimSeed(43, 'a'));
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 15 })('the same seed replays the same cases and the same counterexample', (seed) => {
    const yaml = 'id: maxpool\ntitle: T\ngiven:\n  q: poolGeometry()\n  x: intImage(q, -3, 3)\n  z: intImage(q, -3, 3)\ncheck: maxPool(x + z, q) == maxPool(x, q) + maxPool(z, q)';
    const a = check(yaml, { seed, runs: 200 });
    const b = check(yaml, { seed, runs: 200 });
    expect(a.status).toBe('failed');
    expect({ ...b, durationMs: 0 }).toEqual({ ...a, durationMs: 0 });
  });
});

describe('counterexamples are real', () => {
  // Every shrunk counterexample of a false claim, evaluated again, still breaks the claim.
  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 15 })('the shrunk counterexample of "max pooling is additive" violates it', (seed) => {
    const r = check('id: maxpool\ntitle: T\ngiven:\n  q: poolGeometry()\n  x: intImage(q, -3, 3)\n  z: intImage(q, -3, 3)\ncheck: maxPool(x + z, q) == maxPool(x, q) + maxPool(z, q)', { seed, runs: 200 });
    const ce = r.counterexample;
    expect(ce).not.toBeNull();
    const scope = Object.fromEntries(ce?.variables.map((v) => [v.name, v.value]) ?? []);
    const lhs = math.math.evaluate('maxPool(x + z, q)', scope) as unknown;
    const rhs = math.math.evaluate('maxPool(x, q) + maxPool(z, q)', scope) as unknown;
    expect(lhs).toEqual(ce?.lhs);
    expect(rhs).toEqual(ce?.rhs);
    expect(lhs).not.toEqual(rhs);
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 10 })('negative control: "average pooling is additive" has no counterexample', (seed) => {
    const r = check('id: avgpool\ntitle: T\ngiven:\n  q: poolGeometry()\n  x: image(q)\n  z: image(q)\ncheck: avgPool(x + z, q) == avgPool(x, q) + avgPool(z, q)', { seed, runs: 100 });
    expect([r.status, r.counterexample]).toEqual(['checked', null]);
  });
});
