import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { NotRepresentableError } from '../../src/exact/Arithmetic.js';
import { bitLength } from '../../src/exact/bigintMath.js';
import { Interval } from '../../src/exact/Interval.js';
import { intervalArithmetic } from '../../src/exact/intervalArithmetic.js';
import { Rational } from '../../src/exact/Rational.js';

const I = intervalArithmetic();
const I16 = intervalArithmetic(16);
const q = (x: number): Rational => Rational.fromNumber(x);

/** An interval between two doubles with an exact point inside it (k/8 of the way). */
interface Sample {
  readonly iv: Interval;
  readonly at: Rational;
}
const sample = (min: number, max: number): fc.Arbitrary<Sample> =>
  fc.tuple(fc.double({ min, max, noNaN: true }), fc.double({ min, max, noNaN: true }), fc.integer({ min: 0, max: 8 })).map(([a, b, k]) => {
    const iv = Interval.of(q(Math.min(a, b)), q(Math.max(a, b)));
    return { iv, at: iv.lo.add(iv.width.mul(Rational.of(k, 8))) };
  });

/** √r ∈ [lo, hi] checked exactly: lo ≥ 0 and lo² ≤ r ≤ hi². */
const enclosesSqrt = (iv: Interval, r: Rational): boolean => iv.lo.sign() >= 0 && iv.lo.mul(iv.lo).cmp(r) <= 0 && r.cmp(iv.hi.mul(iv.hi)) <= 0;
/** r^(−1/2) ∈ [lo, hi] checked exactly: lo²·r ≤ 1 ≤ hi²·r. */
const enclosesRsqrt = (iv: Interval, r: Rational): boolean => iv.lo.mul(iv.lo).mul(r).cmp(Rational.ONE) <= 0 && Rational.ONE.cmp(iv.hi.mul(iv.hi).mul(r)) <= 0;
/** The interval meets [f·(1 − 2^−50), f·(1 + 2^−50)] around a float64 value f (Math.exp is within 1 ulp). */
const meetsFloat = (iv: Interval, f: number): boolean => {
  const slack = q(Math.abs(f)).mul(Rational.of(1n, 2n ** 50n));
  return !Interval.disjoint(iv, Interval.of(q(f).sub(slack), q(f).add(slack)));
};
/** width ≤ 2^(k − bits)·max(|hi|, 1). */
const narrow = (iv: Interval, bits: number, k: number): boolean =>
  iv.width.cmp(Rational.of(1n, 2n ** BigInt(bits - k)).mul(iv.hi.abs().cmp(Rational.ONE) > 0 ? iv.hi.abs() : Rational.ONE)) <= 0;

describe('intervalArithmetic: every true value lies in the interval', () => {
  test.prop([sample(-1e3, 1e3), sample(-1e3, 1e3)])('+ − × contain the exact result at any points of the operands, and are exact on points of ≤ 4·bits bits', (a, b) => {
    expect(I.add(a.iv, b.iv).contains(a.at.add(b.at))).toBe(true);
    expect(I.sub(a.iv, b.iv).contains(a.at.sub(b.at))).toBe(true);
    expect(I.mul(a.iv, b.iv).contains(a.at.mul(b.at))).toBe(true);
    // exact on points while the result fits in 4·bits bits (past that, endpoints are rounded outward)
    const product = a.at.mul(b.at);
    const fits = bitLength(product.num) + bitLength(product.den) <= 4 * 64;
    const pointProduct = I.mul(Interval.point(a.at), Interval.point(b.at));
    expect(pointProduct.contains(product)).toBe(true);
    if (fits) expect(pointProduct.equals(Interval.point(product))).toBe(true);
  });

  test.prop([sample(-1e3, 1e3), sample(0.01, 1e3)])('÷ contains the exact quotient; relu and max contain theirs', (a, b) => {
    expect(I.div(a.iv, b.iv).contains(a.at.div(b.at))).toBe(true);
    expect(I.div(a.iv, I.neg(b.iv)).contains(a.at.div(b.at).neg())).toBe(true);
    expect(I.relu(a.iv).contains(a.at.sign() > 0 ? a.at : Rational.ZERO)).toBe(true);
    expect(I.max([a.iv, b.iv]).contains(a.at.cmp(b.at) > 0 ? a.at : b.at)).toBe(true);
  });

  test.prop([sample(0, 1e6)])('√ and x^(−1/2): exact squares bracket the argument (lo² ≤ r ≤ hi²), width ≤ 2^(2−bits)·hi', (a) => {
    for (const [ar, bits] of [[I, 64], [I16, 16]] as const) {
      const s = ar.sqrt(Interval.point(a.at));
      expect(enclosesSqrt(s, a.at)).toBe(true);
      expect(narrow(s, bits, 2)).toBe(true);
      const range = ar.sqrt(a.iv);
      expect(enclosesSqrt(range, a.at) || range.contains(Rational.ZERO)).toBe(true);
      expect(range.lo.mul(range.lo).cmp(a.iv.lo) <= 0 && a.iv.hi.cmp(range.hi.mul(range.hi)) <= 0).toBe(true);
      if (a.at.sign() > 0) {
        const r = ar.rsqrt(Interval.point(a.at));
        expect(enclosesRsqrt(r, a.at)).toBe(true);
        expect(narrow(r, bits, 3)).toBe(true);
      }
    }
  });

  test.prop([fc.double({ min: -700, max: 700, noNaN: true })])('exp contains Math.exp(x) up to its ulp, exp(x)·exp(−x) ∋ 1, width ≤ 2^(4−bits)·hi', (x) => {
    for (const [ar, bits] of [[I, 64], [I16, 16]] as const) {
      const e = ar.exp(ar.fromNumber(x));
      expect(meetsFloat(e, Math.exp(x))).toBe(true);
      expect(ar.mul(e, ar.exp(ar.fromNumber(-x))).contains(Rational.ONE)).toBe(true);
      expect(narrow(e, bits, 4)).toBe(true);
    }
  });

  it('exp(1) contains e to 27 digits; a float64 point at Math.exp(1) does not (negative control)', () => {
    const e27 = Rational.of(2718281828459045235360287471n, 10n ** 27n);
    const slack = Rational.of(1n, 10n ** 27n);
    const e = I.exp(I.one);
    expect(Interval.disjoint(e, Interval.of(e27.sub(slack), e27.add(slack)))).toBe(false);
    expect(e.width.cmp(Rational.of(1n, 2n ** 60n)) < 0).toBe(true);
    const naive = Interval.point(q(Math.exp(1)));
    expect(Interval.disjoint(naive, Interval.of(e27.sub(slack), e27.add(slack)))).toBe(true);
    expect(I.exp(I.zero).toString()).toBe('1');
  });

  it('negative controls: a √2 rounded to a float64 point, or an interval shifted past its width, is caught', () => {
    expect(enclosesSqrt(Interval.point(q(Math.SQRT2)), Rational.of(2))).toBe(false);
    const s = I.sqrt(I.fromInt(2));
    expect(enclosesSqrt(s, Rational.of(2))).toBe(true);
    const shifted = Interval.of(s.lo.add(s.width).add(Rational.of(1n, 2n ** 70n)), s.hi.add(s.width).add(Rational.of(1n, 2n ** 70n)));
    expect(enclosesSqrt(shifted, Rational.of(2))).toBe(false);
    const e = I.exp(I.fromNumber(0.5));
    expect(meetsFloat(Interval.of(e.hi.add(Rational.of(1n, 2n ** 40n)), e.hi.add(Rational.of(1n, 2n ** 39n))), Math.exp(0.5))).toBe(false);
  });

  it('proves √2 irrational-valued: the interval of √2 is disjoint from the float64 √2, and √4, √(9/4) are exact points', () => {
    expect(Interval.disjoint(I.sqrt(I.fromInt(2)), Interval.point(q(Math.SQRT2)))).toBe(true);
    expect(I.sqrt(I.fromInt(4)).toString()).toBe('2');
    expect(I.rsqrt(Interval.point(Rational.of(9, 4))).toString()).toBe('2/3');
  });

  it('a long computation stays small (endpoints rounded outward past 4·bits bits) and still contains the exact value', () => {
    let exact = Rational.of(1, 5);
    let iv = Interval.point(exact);
    const third = Rational.of(1, 3);
    for (let k = 0; k < 10; k++) {
      exact = exact.mul(exact).mul(third).add(Rational.of(1, 7));
      iv = I.add(I.mul(I.mul(iv, iv), Interval.point(third)), Interval.point(Rational.of(1, 7)));
    }
    expect(bitLength(exact.den)).toBeGreaterThan(2000);
    expect(iv.contains(exact)).toBe(true);
    expect(bitLength(iv.hi.num) + bitLength(iv.hi.den)).toBeLessThanOrEqual(8 * 64);
    expect(iv.width.cmp(Rational.of(1n, 2n ** 100n)) < 0).toBe(true);
  });

  it('refuses what has no enclosure: ÷ by an interval holding 0, x^(−1/2) at 0, √ of a negative interval, huge exp, bad bits', () => {
    const around0 = Interval.of(Rational.of(-1), Rational.ONE);
    expect(() => I.div(I.one, around0)).toThrow(NotRepresentableError);
    expect(() => I.rsqrt(I.zero)).toThrow(NotRepresentableError);
    expect(() => I.sqrt(I.fromInt(-1))).toThrow(NotRepresentableError);
    expect(I.sqrt(around0).lo.isZero()).toBe(true);
    expect(() => I.exp(I.fromInt(100000))).toThrow(/beyond/);
    expect(() => I.max([])).toThrow(LayerproofError);
    expect(() => intervalArithmetic(4)).toThrow(LayerproofError);
    expect(I.name).toBe('interval');
  });
});
