import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { NotRepresentableError } from '../../src/exact/Arithmetic.js';
import { MOD_PRIME, modPrimeArithmetic as M, randomResidue, residueOf } from '../../src/exact/modPrimeArithmetic.js';
import { Polynomial } from '../../src/exact/Polynomial.js';
import { Rational } from '../../src/exact/Rational.js';

const residue = fc.bigInt({ min: 0n, max: MOD_PRIME - 1n });
const nonZero = fc.bigInt({ min: 1n, max: MOD_PRIME - 1n });

/** b^e mod p by square and multiply: an inverse computed independently of the arithmetic (Fermat: a^(p−2)). */
function powMod(b: bigint, e: bigint): bigint {
  let r = 1n;
  let base = b % MOD_PRIME;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * base) % MOD_PRIME;
    base = (base * base) % MOD_PRIME;
  }
  return r;
}

describe('modPrimeArithmetic (p = 2^61 − 1)', () => {
  it('p is 2305843009213693951 and the name says so', () => {
    expect(MOD_PRIME).toBe(2305843009213693951n);
    expect(M.name).toBe('mod 2^61-1');
  });

  test.prop([residue, residue, residue])('field laws: + and × commute, associate, distribute; a − a = 0; a + (−a) = 0', (a, b, c) => {
    expect(M.add(a, b)).toBe(M.add(b, a));
    expect(M.mul(a, b)).toBe(M.mul(b, a));
    expect(M.add(M.add(a, b), c)).toBe(M.add(a, M.add(b, c)));
    expect(M.mul(M.mul(a, b), c)).toBe(M.mul(a, M.mul(b, c)));
    expect(M.mul(a, M.add(b, c))).toBe(M.add(M.mul(a, b), M.mul(a, c)));
    expect(M.sub(a, a)).toBe(0n);
    expect(M.add(a, M.neg(a))).toBe(0n);
    for (const v of [M.add(a, b), M.sub(a, b), M.mul(a, b), M.neg(a)]) expect(v >= 0n && v < MOD_PRIME).toBe(true);
  });

  test.prop([nonZero, residue])('division: a·(1/a) = 1, (b/a)·a = b, and 1/a = a^(p−2)', (a, b) => {
    expect(M.mul(a, M.div(1n, a))).toBe(1n);
    expect(M.mul(M.div(b, a), a)).toBe(b);
    expect(M.div(1n, a)).toBe(powMod(a, MOD_PRIME - 2n));
    // negative control: a^(p−3) is not the inverse unless a = 1
    expect(M.mul(a, powMod(a, MOD_PRIME - 3n)) === 1n).toBe(a === 1n);
  });

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])('fromNumber(x) is the exact rational of x reduced mod p (num · den^(p−2))', (v) => {
    const r = Rational.fromNumber(v);
    const expected = (((r.num % MOD_PRIME) + MOD_PRIME) % MOD_PRIME * powMod(r.den, MOD_PRIME - 2n)) % MOD_PRIME;
    expect(M.fromNumber(v)).toBe(expected);
    expect(residueOf(r)).toBe(expected);
  });

  it('fromInt of negatives and of 0.5 (the inverse of 2 is 2^60); residueOf a non-dyadic rational', () => {
    expect(M.fromInt(-1)).toBe(MOD_PRIME - 1n);
    expect(M.fromNumber(0.5)).toBe(2n ** 60n);
    expect(M.mul(residueOf(Rational.of(2, 3)), 3n)).toBe(2n);
    expect(() => M.fromNumber(NaN)).toThrow(LayerproofError);
    expect(() => M.fromInt(0.5)).toThrow(/safe integer/);
    expect(() => residueOf(Rational.of(1n, MOD_PRIME))).toThrow(NotRepresentableError);
  });

  it('division by 0 and the non-polynomial operations throw NotRepresentableError', () => {
    expect(() => M.div(1n, 0n)).toThrow(NotRepresentableError);
    expect(() => M.relu(3n)).toThrow(/not a polynomial operation/);
    expect(() => M.max([1n, 2n])).toThrow(NotRepresentableError);
    expect(() => M.sqrt(4n)).toThrow(NotRepresentableError);
    expect(() => M.rsqrt(4n)).toThrow(NotRepresentableError);
    expect(() => M.exp(0n)).toThrow(NotRepresentableError);
  });

  it('randomResidue is reproducible, in [0, p), and spread over the range', () => {
    const a = Array.from({ length: 200 }, ((rng) => () => randomResidue(rng))(createRng(5)));
    const b = Array.from({ length: 200 }, ((rng) => () => randomResidue(rng))(createRng(5)));
    expect(a).toEqual(b);
    expect(a.every((r) => r >= 0n && r < MOD_PRIME)).toBe(true);
    expect(new Set(a).size).toBe(200);
    expect(a.some((r) => r < MOD_PRIME / 4n) && a.some((r) => r > (3n * MOD_PRIME) / 4n)).toBe(true);
  });

  it('Schwartz–Zippel: a true identity agrees at random points, a false one ((x + y)² vs x² + y²) does not', () => {
    const [x, y] = [Polynomial.symbol('x'), Polynomial.symbol('y')];
    const rng = createRng(11);
    const at = new Map([['x', randomResidue(rng)], ['y', randomResidue(rng)]]);
    const value = (p: Polynomial): bigint => p.evaluate(M, (s) => at.get(s) ?? 0n);
    const square = x.add(y).mul(x.add(y));
    expect(value(square)).toBe(value(x.mul(x).add(x.mul(y).scale(Rational.of(2))).add(y.mul(y))));
    expect(value(square)).not.toBe(value(x.mul(x).add(y.mul(y))));
  });
});
