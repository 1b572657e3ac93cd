import { LayerproofError } from '../core/LayerproofError.js';
import { NotRepresentableError, type Arithmetic } from './Arithmetic.js';
import { bitLength, ceilDiv, floorDiv, isqrt } from './bigintMath.js';
import { Interval } from './Interval.js';
import { Rational } from './Rational.js';

const NAME = 'interval';
/** exp's argument bound: e^65536 already has a 94,548-bit exponent (float64 overflows at 709.8). */
const EXP_LIMIT = 2 ** 16;

/** q rounded down (`up` false) or up to a dyadic rational with about `p` significant bits. */
function roundDyadic(q: Rational, p: number, up: boolean): Rational {
  if (q.isZero()) return q;
  const s = p - (bitLength(q.num) - bitLength(q.den));
  const div = up ? ceilDiv : floorDiv;
  if (s >= 0) return Rational.of(div(q.num << BigInt(s), q.den), 1n << BigInt(s));
  return Rational.fromBigInt(div(q.num, q.den << BigInt(-s)) << BigInt(-s));
}

/** ⌊√q⌋ or ⌈√q⌉ at about p significant bits, exact when q is the square of a rational (q ≥ 0). */
function sqrtBound(q: Rational, p: number, up: boolean): Rational {
  if (q.isZero()) return q;
  const exact = q.sqrt();
  if (exact !== undefined) return exact;
  // √q = √(q·4^e) / 2^e with q·4^e ≈ 2^(2p): take the integer square root of its floor (or ceiling).
  const e = p - Math.floor((bitLength(q.num) - bitLength(q.den)) / 2);
  const scaledNum = e >= 0 ? q.num << BigInt(2 * e) : q.num;
  const scaledDen = e >= 0 ? q.den : q.den << BigInt(-2 * e);
  let s: bigint;
  if (up) {
    const n = ceilDiv(scaledNum, scaledDen);
    s = isqrt(n);
    if (s * s < n) s += 1n;
  } else s = isqrt(floorDiv(scaledNum, scaledDen));
  return e >= 0 ? Rational.of(s, 1n << BigInt(e)) : Rational.fromBigInt(s << BigInt(-e));
}

/**
 * Bounds [L, U] of exp(q) at about p significant bits: exp(q) = exp(t)^(2^m) with t = q/2^m,
 * |t| ≤ 1/2; exp(t) by its Taylor polynomial of degree N, summed exactly, with the Lagrange
 * remainder |R| ≤ e^|t|·|t|^(N+1)/(N+1)! < 2·|t|^(N+1)/(N+1)!, then m squarings, each rounded
 * outward (monotone: both bounds are positive).
 */
function expBounds(q: Rational, p: number): [Rational, Rational] {
  if (q.isZero()) return [Rational.ONE, Rational.ONE];
  if (q.abs().cmp(Rational.fromInt(EXP_LIMIT)) > 0) {
    throw new NotRepresentableError(NAME, 'exp', `the argument ${q.toNumber()} is beyond ±${EXP_LIMIT}`);
  }
  let m = 0;
  const half = Rational.of(1n, 2n);
  let t = q;
  while (t.abs().cmp(half) > 0) {
    t = t.mul(half);
    m++;
  }
  const w = p + m + 8;
  // Exact partial sums of the Taylor series at a dyadic t rounded outward (exp is monotone).
  const taylor = (x: Rational, up: boolean): Rational => {
    const bound = Rational.of(1n, 1n << BigInt(w + 2));
    let sum = Rational.ONE;
    let term = Rational.ONE;
    for (let i = 1; ; i++) {
      term = term.mul(x).div(Rational.fromInt(i));
      sum = sum.add(term);
      // |R_i| ≤ e^|x|·|x|^(i+1)/(i+1)! < 2·|x^(i+1)/(i+1)!| for |x| ≤ 1/2.
      const remainder = term.mul(x).div(Rational.fromInt(i + 1)).abs().mul(Rational.fromInt(2));
      if (remainder.cmp(bound) <= 0) return up ? sum.add(remainder) : sum.sub(remainder);
    }
  };
  let lo = roundDyadic(taylor(roundDyadic(t, w, false), false), w, false);
  let hi = roundDyadic(taylor(roundDyadic(t, w, true), true), w, true);
  for (let k = 0; k < m; k++) {
    lo = roundDyadic(lo.mul(lo), w, false);
    hi = roundDyadic(hi.mul(hi), w, true);
  }
  return [lo, hi];
}

/**
 * Rigorous interval arithmetic over rational endpoints: every true real value lies in the
 * interval computed for it. + − × are exact endpoint arithmetic (an endpoint larger than 4·bits
 * bits is rounded outward to 2·bits significant bits, so long computations stay small); ÷ needs a
 * divisor that excludes 0; ReLU and max are monotone; √, x^(−1/2) and exp have certified bounds
 * at about `bits` significant bits, rounded outward. Used to prove that two sides DIFFER where
 * they involve square roots or exponentials, by disjoint intervals.
 */
export function intervalArithmetic(bits = 64): Arithmetic<Interval> {
  if (!Number.isInteger(bits) || bits < 8 || bits > 4096) {
    throw LayerproofError.invalid({ op: 'intervalArithmetic', argument: 'bits', value: bits, expected: 'an integer from 8 to 4096' });
  }
  const tidy = (iv: Interval): Interval => {
    const big = (r: Rational): boolean => bitLength(r.num) + bitLength(r.den) > 4 * bits;
    if (!big(iv.lo) && !big(iv.hi)) return iv;
    return Interval.of(big(iv.lo) ? roundDyadic(iv.lo, 2 * bits, false) : iv.lo, big(iv.hi) ? roundDyadic(iv.hi, 2 * bits, true) : iv.hi);
  };
  const mul = (a: Interval, b: Interval): Interval => {
    if (a.isPoint() && b.isPoint()) return tidy(Interval.point(a.lo.mul(b.lo)));
    const p = [a.lo.mul(b.lo), a.lo.mul(b.hi), a.hi.mul(b.lo), a.hi.mul(b.hi)];
    let lo = p[0] as Rational;
    let hi = lo;
    for (const x of p) {
      if (x.cmp(lo) < 0) lo = x;
      if (x.cmp(hi) > 0) hi = x;
    }
    return tidy(Interval.of(lo, hi));
  };
  const positive = (a: Interval, operation: string): void => {
    if (a.lo.sign() <= 0) throw new NotRepresentableError(NAME, operation, `the interval ${a.toString()} is not > 0`);
  };
  return {
    name: NAME,
    zero: Interval.point(Rational.ZERO),
    one: Interval.point(Rational.ONE),
    fromInt: (n) => Interval.point(Rational.fromInt(n)),
    fromNumber: (x) => Interval.point(Rational.fromNumber(x)),
    add: (a, b) => tidy(Interval.of(a.lo.add(b.lo), a.hi.add(b.hi))),
    sub: (a, b) => tidy(Interval.of(a.lo.sub(b.hi), a.hi.sub(b.lo))),
    mul,
    neg: (a) => Interval.of(a.hi.neg(), a.lo.neg()),
    div: (a, b) => {
      if (b.lo.sign() <= 0 && b.hi.sign() >= 0) throw new NotRepresentableError(NAME, 'division', `the divisor ${b.toString()} contains 0`);
      return mul(a, Interval.of(b.hi.inv(), b.lo.inv()));
    },
    relu: (a) => Interval.of(a.lo.sign() > 0 ? a.lo : Rational.ZERO, a.hi.sign() > 0 ? a.hi : Rational.ZERO),
    max: (values) => {
      const first = values[0];
      if (first === undefined) throw LayerproofError.invalid({ op: 'intervalArithmetic.max', argument: 'values', value: [], expected: 'one or more intervals' });
      let lo = first.lo;
      let hi = first.hi;
      for (const v of values) {
        if (v.lo.cmp(lo) > 0) lo = v.lo;
        if (v.hi.cmp(hi) > 0) hi = v.hi;
      }
      return Interval.of(lo, hi);
    },
    sqrt: (a) => {
      // The part of a below 0 cannot hold a real argument of √ (a widened enclosure of a value ≥ 0).
      if (a.hi.sign() < 0) throw new NotRepresentableError(NAME, 'sqrt', `the interval ${a.toString()} is negative`);
      const lo = a.lo.sign() > 0 ? sqrtBound(a.lo, bits, false) : Rational.ZERO;
      return Interval.of(lo, sqrtBound(a.hi, bits, true));
    },
    rsqrt: (a) => {
      positive(a, 'rsqrt');
      return Interval.of(sqrtBound(a.hi, bits, true).inv(), sqrtBound(a.lo, bits, false).inv());
    },
    exp: (a) => {
      const [lo, hiAtLo] = expBounds(a.lo, bits);
      return Interval.of(lo, a.isPoint() ? hiAtLo : expBounds(a.hi, bits)[1]);
    },
    equals: (a, b) => a.equals(b),
  };
}
