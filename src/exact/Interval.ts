import { LayerproofError } from '../core/LayerproofError.js';
import { Rational } from './Rational.js';

/**
 * A closed interval [lo, hi] of reals with exact rational endpoints (lo ≤ hi). The values of
 * `intervalArithmetic` are these: each one contains the true real value of what it encloses, so
 * two disjoint intervals prove that two real values differ.
 */
export class Interval {
  private constructor(
    readonly lo: Rational,
    readonly hi: Rational,
  ) {}

  /** [lo, hi]; lo > hi throws. */
  static of(lo: Rational, hi: Rational): Interval {
    if (lo.cmp(hi) > 0) {
      throw LayerproofError.invalid({ op: 'Interval.of', argument: 'lo', value: lo.toString(), expected: `at most hi = ${hi.toString()}` });
    }
    return new Interval(lo, hi);
  }

  /** The single point [r, r]. */
  static point(r: Rational): Interval {
    return new Interval(r, r);
  }

  /** Whether no real lies in both: a proof that the values they enclose differ. */
  static disjoint(a: Interval, b: Interval): boolean {
    return a.hi.cmp(b.lo) < 0 || b.hi.cmp(a.lo) < 0;
  }

  /** lo ≤ r ≤ hi. */
  contains(r: Rational): boolean {
    return this.lo.cmp(r) <= 0 && r.cmp(this.hi) <= 0;
  }

  /** hi − lo. */
  get width(): Rational {
    return this.hi.sub(this.lo);
  }

  isPoint(): boolean {
    return this.lo.equals(this.hi);
  }

  /** Both endpoints equal. */
  equals(b: Interval): boolean {
    return this.lo.equals(b.lo) && this.hi.equals(b.hi);
  }

  /** '[1/2, 3/4]', or the point itself: '5'. */
  toString(): string {
    return this.isPoint() ? this.lo.toString() : `[${this.lo.toString()}, ${this.hi.toString()}]`;
  }

  toJSON(): string {
    return this.toString();
  }
}
