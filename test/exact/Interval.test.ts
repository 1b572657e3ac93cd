import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { Interval } from '../../src/exact/Interval.js';
import { Rational } from '../../src/exact/Rational.js';

const rational = fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 6 })).map(([n, d]) => Rational.of(n, d));
const interval = fc.tuple(rational, rational).map(([a, b]) => (a.cmp(b) <= 0 ? Interval.of(a, b) : Interval.of(b, a)));

describe('Interval', () => {
  it('prints [1/2, 3/4], a point as the number, and refuses lo > hi', () => {
    expect(Interval.of(Rational.of(1, 2), Rational.of(3, 4)).toString()).toBe('[1/2, 3/4]');
    expect(Interval.point(Rational.of(5)).toString()).toBe('5');
    expect(JSON.stringify(Interval.point(Rational.of(-1, 3)))).toBe('"-1/3"');
    expect(() => Interval.of(Rational.ONE, Rational.ZERO)).toThrow(LayerproofError);
  });

  test.prop([interval, rational])('contains(r) is lo ≤ r ≤ hi; the endpoints are inside, and hi + width is outside unless the width is 0', (iv, r) => {
    expect(iv.contains(r)).toBe(iv.lo.cmp(r) <= 0 && r.cmp(iv.hi) <= 0);
    expect(iv.contains(iv.lo) && iv.contains(iv.hi)).toBe(true);
    expect(iv.contains(iv.hi.add(iv.width))).toBe(iv.width.isZero());
    expect(iv.width.sign()).toBeGreaterThanOrEqual(0);
  });

  test.prop([interval, interval])('disjoint(a, b) exactly when no point of one lies in the other; symmetric', (a, b) => {
    const meet = a.contains(b.lo) || a.contains(b.hi) || b.contains(a.lo) || b.contains(a.hi);
    expect(Interval.disjoint(a, b)).toBe(!meet);
    expect(Interval.disjoint(a, b)).toBe(Interval.disjoint(b, a));
    expect(Interval.disjoint(a, a)).toBe(false);
  });

  test.prop([interval, interval])('equals compares both endpoints', (a, b) => {
    expect(a.equals(b)).toBe(a.lo.equals(b.lo) && a.hi.equals(b.hi));
    expect(a.equals(Interval.of(a.lo, a.hi))).toBe(true);
  });
});
