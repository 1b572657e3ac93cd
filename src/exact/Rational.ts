import { LayerproofError } from '../core/LayerproofError.js';
import { NotRepresentableError } from './Arithmetic.js';
import { bitLength, ceilDiv, floorDiv, gcd, isqrt } from './bigintMath.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Scratch space to read a float64's bits (big-endian through DataView, whatever the platform). */
const BITS = new DataView(new ArrayBuffer(8));

/** Number of trailing zero bits of a non-zero 32-bit integer. */
function trailingZeros32(v: number): number {
  return 31 - Math.clz32(v & -v);
}

/**
 * An exact rational number num/den over BigInt, always normalised: gcd(num, den) = 1 and den > 0,
 * so two equal rationals have equal fields and `equals` is a field comparison. Immutable.
 *
 * Every finite float64 is a dyadic rational m·2^e and converts exactly (`fromNumber`); `toNumber`
 * rounds back to the nearest float64 (ties to even), so the round trip is the identity.
 */
export class Rational {
  private constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** num/den, normalised; numbers must be safe integers. A zero denominator throws `NotRepresentableError`. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    const n = toBigInt(num, 'num');
    const d = toBigInt(den, 'den');
    if (d === 0n) throw new NotRepresentableError('rational', `${String(n)}/0`, 'division by zero');
    return Rational.normalised(d < 0n ? -n : n, d < 0n ? -d : d);
  }

  /** num/den with den > 0, divided by their gcd. */
  private static normalised(num: bigint, den: bigint): Rational {
    if (num === 0n) return Rational.ZERO;
    const g = den === 1n ? 1n : gcd(num, den);
    return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
  }

  /** A safe integer, exactly. */
  static fromInt(n: number): Rational {
    if (!Number.isSafeInteger(n)) {
      throw LayerproofError.invalid({ op: 'Rational.fromInt', argument: 'n', value: n, expected: 'a safe integer', hint: 'Use Rational.fromNumber for other finite numbers.' });
    }
    return n === 0 ? Rational.ZERO : n === 1 ? Rational.ONE : new Rational(BigInt(n), 1n);
  }

  /** A bigint, exactly. */
  static fromBigInt(n: bigint): Rational {
    return new Rational(n, 1n);
  }

  /** The exact value of a finite float64 (a dyadic rational); NaN and ±Infinity throw. */
  static fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) {
      throw LayerproofError.invalid({ op: 'Rational.fromNumber', argument: 'x', value: x, expected: 'a finite number (NaN and ±Infinity have no rational value)' });
    }
    if (Number.isInteger(x)) return x === 0 ? Rational.ZERO : new Rational(BigInt(x), 1n);
    // |x| < 2^52 here: x = m·2^e with e < 0; dropping the trailing zero bits of m makes m/2^−e normalised.
    BITS.setFloat64(0, x);
    const hi = BITS.getUint32(0);
    const lo = BITS.getUint32(4);
    const field = (hi >>> 20) & 0x7ff;
    const fractionHi = hi & 0xfffff;
    const zeros = lo !== 0 ? trailingZeros32(lo) : 32 + trailingZeros32(fractionHi | 0x100000);
    const mantissa = (field === 0 ? fractionHi : fractionHi | 0x100000) * 2 ** 32 + lo;
    const e = (field === 0 ? 1 : field) - 1075 + zeros;
    const m = mantissa / 2 ** zeros;
    return new Rational(BigInt(x < 0 ? -m : m), 1n << BigInt(-e));
  }

  add(b: Rational): Rational {
    if (this.num === 0n) return b;
    if (b.num === 0n) return this;
    if (this.den === b.den) return this.den === 1n ? new Rational(this.num + b.num, 1n) : Rational.normalised(this.num + b.num, this.den);
    return Rational.normalised(this.num * b.den + b.num * this.den, this.den * b.den);
  }

  sub(b: Rational): Rational {
    if (b.num === 0n) return this;
    if (this.den === b.den) return this.den === 1n ? new Rational(this.num - b.num, 1n) : Rational.normalised(this.num - b.num, this.den);
    return Rational.normalised(this.num * b.den - b.num * this.den, this.den * b.den);
  }

  mul(b: Rational): Rational {
    if (this.num === 0n || b.num === 0n) return Rational.ZERO;
    if (this.den === 1n && b.den === 1n) {
      if (this.num === 1n) return b;
      if (b.num === 1n) return this;
      return new Rational(this.num * b.num, 1n);
    }
    // Cross-cancel first: the product of normalised fractions is then normalised.
    const g1 = gcd(this.num, b.den);
    const g2 = gcd(b.num, this.den);
    return new Rational((this.num / g1) * (b.num / g2), (this.den / g2) * (b.den / g1));
  }

  /** this / b; b = 0 throws `NotRepresentableError`. */
  div(b: Rational): Rational {
    return this.mul(b.inv());
  }

  /** 1 / this; 0 throws `NotRepresentableError`. */
  inv(): Rational {
    if (this.num === 0n) throw new NotRepresentableError('rational', '1/0', 'division by zero');
    return this.num < 0n ? new Rational(-this.den, -this.num) : new Rational(this.den, this.num);
  }

  neg(): Rational {
    return this.num === 0n ? this : new Rational(-this.num, this.den);
  }

  abs(): Rational {
    return this.num < 0n ? new Rational(-this.num, this.den) : this;
  }

  /** this^k for an integer k (negative k inverts; 0^k for k < 0 throws). */
  pow(k: number): Rational {
    if (!Number.isSafeInteger(k)) throw LayerproofError.invalid({ op: 'Rational.pow', argument: 'k', value: k, expected: 'a safe integer' });
    if (k < 0) return this.inv().pow(-k);
    const e = BigInt(k);
    return new Rational(this.num ** e, this.den ** e);
  }

  /** −1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return this.num > 0n ? 1 : this.num < 0n ? -1 : 0;
  }

  /** −1, 0 or 1 as this <, =, > b. */
  cmp(b: Rational): -1 | 0 | 1 {
    const l = this.den === b.den ? this.num : this.num * b.den;
    const r = this.den === b.den ? b.num : b.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  isInteger(): boolean {
    return this.den === 1n;
  }

  equals(b: Rational): boolean {
    return this === b || (this.num === b.num && this.den === b.den);
  }

  /** ⌊this⌋. */
  floor(): bigint {
    return floorDiv(this.num, this.den);
  }

  /** ⌈this⌉. */
  ceil(): bigint {
    return ceilDiv(this.num, this.den);
  }

  /** The exact square root when this is the square of a rational (both num and den perfect squares), else undefined. */
  sqrt(): Rational | undefined {
    if (this.num < 0n) return undefined;
    const n = isqrt(this.num);
    if (n * n !== this.num) return undefined;
    const d = isqrt(this.den);
    return d * d === this.den ? new Rational(n, d) : undefined;
  }

  /** The nearest float64 (ties to even); beyond the float64 range, ±Infinity. */
  toNumber(): number {
    const n = this.num < 0n ? -this.num : this.num;
    const d = this.den;
    if (n === 0n) return 0;
    const sign = this.num < 0n ? -1 : 1;
    // Both exact in float64: IEEE division is correctly rounded.
    if (n <= MAX_SAFE && d <= MAX_SAFE) return (sign * Number(n)) / Number(d);
    // Scale so that the quotient q = ⌊n / (d·2^e)⌋ has 53 bits (fewer for subnormals), then round half to even.
    let e = bitLength(n) - bitLength(d) - 53;
    let { q, r, dd } = scaledDivide(n, d, e);
    if (q >= 1n << 53n) ({ q, r, dd } = scaledDivide(n, d, ++e));
    if (e < -1074) {
      e = -1074;
      ({ q, r, dd } = scaledDivide(n, d, e));
    }
    const twice = 2n * r;
    if (twice > dd || (twice === dd && (q & 1n) === 1n)) q += 1n;
    // q ≤ 2^53 is exact; scaling by 2^e in two steps keeps 2^e itself finite and nonzero.
    const half = Math.trunc(e / 2);
    return sign * Number(q) * 2 ** half * 2 ** (e - half);
  }

  /** '-3/4', '5'. */
  toString(): string {
    return this.den === 1n ? String(this.num) : `${String(this.num)}/${String(this.den)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function toBigInt(v: bigint | number, argument: string): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) {
    throw LayerproofError.invalid({ op: 'Rational.of', argument, value: v, expected: 'a bigint or a safe integer', hint: 'Use Rational.fromNumber for a non-integer float64.' });
  }
  return BigInt(v);
}

/** n / (d·2^e) as quotient and remainder over the divisor dd (n, d > 0). */
function scaledDivide(n: bigint, d: bigint, e: number): { q: bigint; r: bigint; dd: bigint } {
  const nn = e < 0 ? n << BigInt(-e) : n;
  const dd = e > 0 ? d << BigInt(e) : d;
  return { q: nn / dd, r: nn % dd, dd };
}
