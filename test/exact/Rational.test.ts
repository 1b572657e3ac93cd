import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { NotRepresentableError } from '../../src/exact/Arithmetic.js';
import { Rational } from '../../src/exact/Rational.js';

const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const smallRational = fc
  .tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: 1, max: 12 }))
  .map(([n, d]) => Rational.of(n, d));
const bigRational = fc
  .tuple(fc.bigInt({ min: -(2n ** 1200n), max: 2n ** 1200n }), fc.bigInt({ min: 1n, max: 2n ** 1200n }))
  .map(([n, d]) => Rational.of(n, d));

const buffer = new DataView(new ArrayBuffer(8));

/** The next float64 above (or below) x, from its bits. */
function nextFloat(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  buffer.setBigUint64(0, (x > 0) === up ? bits + 1n : bits - 1n);
  return buffer.getFloat64(0);
}

/** An independent decoder: sign · mantissa · 2^exponent from the IEEE fields. */
function decode(x: number): Rational {
  buffer.setFloat64(0, x);
  const bits = buffer.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const field = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = field === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (field === 0 ? 1 : field) - 1075;
  const magnitude = exponent >= 0 ? Rational.of(mantissa << BigInt(exponent)) : Rational.of(mantissa, 1n << BigInt(-exponent));
  return negative ? magnitude.neg() : magnitude;
}

/** f is a nearest float64 to q: no neighbour of f is strictly closer. */
function isNearest(q: Rational, f: number): boolean {
  // Round to nearest overflows at MAX_VALUE + half an ulp = 2^1024 − 2^970.
  if (!Number.isFinite(f)) return !Number.isNaN(f) && q.abs().cmp(Rational.of(2n ** 1024n - 2n ** 970n)) >= 0 && q.sign() === Math.sign(f);
  const d = q.sub(Rational.fromNumber(f)).abs();
  const neighbours = [nextFloat(f, true), nextFloat(f, false)].filter((g) => Number.isFinite(g));
  return neighbours.every((g) => q.sub(Rational.fromNumber(g)).abs().cmp(d) >= 0);
}

describe('Rational', () => {
  it('is normalised: 2/4 is 1/2, 3/−4 is −3/4, 0/−5 is 0, and toJSON is the text', () => {
    expect([Rational.of(2, 4).num, Rational.of(2, 4).den]).toEqual([1n, 2n]);
    expect(Rational.of(3, -4).toString()).toBe('-3/4');
    expect(Rational.of(0n, -5n).den).toBe(1n);
    expect(Rational.of(10, 2).toString()).toBe('5');
    expect(JSON.stringify({ r: Rational.of(-6, 8) })).toBe('{"r":"-3/4"}');
    // negative control: an unnormalised pair would not be equal to its normal form field by field
    expect(Rational.of(2, 4).equals(Rational.of(1, 3))).toBe(false);
  });

  it('division by zero throws NotRepresentableError; a non-integer number to of() throws LayerproofError', () => {
    expect(() => Rational.of(1, 0)).toThrow(NotRepresentableError);
    expect(() => Rational.ONE.div(Rational.ZERO)).toThrow(NotRepresentableError);
    expect(() => Rational.ZERO.inv()).toThrow(/division by zero/);
    expect(() => Rational.of(1.5)).toThrow(LayerproofError);
    expect(() => Rational.fromInt(2 ** 60)).toThrow(/safe integer/);
  });

  it('fromNumber is exact: 0.1 = 3602879701896397/36028797018963968, 5e-324 = 2^-1074, −0 = 0', () => {
    expect(Rational.fromNumber(0.1).toString()).toBe('3602879701896397/36028797018963968');
    expect(Rational.fromNumber(Number.MIN_VALUE).equals(Rational.of(1n, 2n ** 1074n))).toBe(true);
    expect(Rational.fromNumber(-0).isZero()).toBe(true);
    expect(Rational.fromNumber(Number.MAX_VALUE).num).toBe((2n ** 53n - 1n) * 2n ** 971n);
    expect(Rational.fromNumber(-2.5).toString()).toBe('-5/2');
  });

  it.each([NaN, Infinity, -Infinity])('fromNumber(%s) throws a LayerproofError naming the value', (x) => {
    expect(() => Rational.fromNumber(x)).toThrow(LayerproofError);
    expect(() => Rational.fromNumber(x)).toThrow(String(x));
  });

  test.prop([finiteDouble], { numRuns: 500 })('fromNumber equals the value decoded from the IEEE bits, and toNumber round-trips (−0 to 0)', (x) => {
    const r = Rational.fromNumber(x);
    expect(r.equals(decode(x))).toBe(true);
    expect(r.toNumber()).toBe(x === 0 ? 0 : x); // −0 and 0 are the same rational
  });

  test.prop([bigRational], { numRuns: 300 })('toNumber is a nearest float64 (checked exactly against both neighbours; ±Infinity only past 2^1024 − 2^970)', (q) => {
    expect(isNearest(q, q.toNumber())).toBe(true);
  });

  test.prop([finiteDouble.filter((x) => Number.isFinite(nextFloat(x, true)))])(
    'negative control: the next float64 up from an exact float is not a nearest float',
    (x) => {
      expect(isNearest(Rational.fromNumber(x), nextFloat(x, true))).toBe(false);
    },
  );

  it('toNumber at the ends of the range: subnormals, underflow to 0, overflow to Infinity, ties to even', () => {
    expect(Rational.of(3n, 2n ** 1075n).toNumber()).toBe(2 * Number.MIN_VALUE); // 1.5·2^-1074 ties to even 2
    expect(Rational.of(1n, 2n ** 1076n).toNumber()).toBe(0);
    expect(Rational.of(-(2n ** 1024n)).toNumber()).toBe(-Infinity);
    expect(Rational.of(2n ** 53n + 1n).toNumber()).toBe(2 ** 53); // tie: even mantissa
    expect(Rational.of(2n ** 53n + 3n).toNumber()).toBe(2 ** 53 + 4);
    expect(Rational.of(1n, 3n).toNumber()).toBe(1 / 3);
  });

  test.prop([smallRational, smallRational, smallRational])('field laws: + and × commute, associate, distribute', (a, b, c) => {
    expect(a.add(b).equals(b.add(a))).toBe(true);
    expect(a.mul(b).equals(b.mul(a))).toBe(true);
    expect(a.add(b).add(c).equals(a.add(b.add(c)))).toBe(true);
    expect(a.mul(b).mul(c).equals(a.mul(b.mul(c)))).toBe(true);
    expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
    expect(a.sub(b).add(b).equals(a)).toBe(true);
  });

  test.prop([smallRational.filter((r) => !r.isZero()), smallRational])('inverses: a·(1/a) = 1, (b/a)·a = b, −(−a) = a', (a, b) => {
    expect(a.mul(a.inv()).equals(Rational.ONE)).toBe(true);
    expect(b.div(a).mul(a).equals(b)).toBe(true);
    expect(a.neg().neg().equals(a)).toBe(true);
    // negative control: a − b = b − a only when a = b
    expect(a.sub(b).equals(b.sub(a))).toBe(a.equals(b));
  });

  test.prop([smallRational, smallRational])('cmp, sign and equals agree with the sign of a − b and with float order', (a, b) => {
    expect(a.cmp(b)).toBe(a.sub(b).sign());
    expect(a.equals(b)).toBe(a.cmp(b) === 0);
    expect(Math.sign(a.toNumber() - b.toNumber())).toBe(a.cmp(b));
  });

  test.prop([smallRational])('sqrt of a square is |r|; floor ≤ r ≤ ceil; abs and isInteger', (r) => {
    expect(r.mul(r).sqrt()?.equals(r.abs())).toBe(true);
    expect(Rational.fromBigInt(r.floor()).cmp(r) <= 0 && Rational.fromBigInt(r.ceil()).cmp(r) >= 0).toBe(true);
    expect(r.ceil() - r.floor()).toBe(r.isInteger() ? 0n : 1n);
  });

  it('sqrt is undefined off the squares; pow of negatives; floor of −7/2', () => {
    expect(Rational.of(2).sqrt()).toBeUndefined();
    expect(Rational.of(9, 8).sqrt()).toBeUndefined();
    expect(Rational.of(-4).sqrt()).toBeUndefined();
    expect(Rational.of(9, 4).sqrt()?.toString()).toBe('3/2');
    expect(Rational.of(-2, 3).pow(3).toString()).toBe('-8/27');
    expect(Rational.of(-2, 3).pow(-2).toString()).toBe('9/4');
    expect(Rational.of(-7, 2).floor()).toBe(-4n);
    expect(Rational.of(-7, 2).ceil()).toBe(-3n);
  });
});
