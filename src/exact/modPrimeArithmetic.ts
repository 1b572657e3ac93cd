import { LayerproofError } from '../core/LayerproofError.js';
import { NotRepresentableError, type Arithmetic } from './Arithmetic.js';
import { Rational } from './Rational.js';
import type { Rng } from '../core/rng.js';

/** The Mersenne prime 2⁶¹ − 1: residues fit in 61 bits and a false identity of degree d survives one random trial with probability ≤ d / p. */
export const MOD_PRIME = 2n ** 61n - 1n;

const NAME = 'mod 2^61-1';
const P = MOD_PRIME;

function reduce(n: bigint): bigint {
  const r = n % P;
  return r < 0n ? r + P : r;
}

/** a⁻¹ mod p for a ≢ 0, by the extended Euclidean algorithm. */
function inverse(a: bigint): bigint {
  let [r0, r1] = [P, a];
  let [t0, t1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return reduce(t0);
}

/** 2^(−k) mod p: 2⁶¹ ≡ 1, so 2^(−k) ≡ 2^((−k) mod 61). */
function inversePowerOfTwo(k: number): bigint {
  return 1n << BigInt((((-k) % 61) + 61) % 61);
}

function notPolynomial(operation: string): never {
  throw new NotRepresentableError(NAME, operation, 'not a polynomial operation (use the exact or the interval arithmetic)');
}

/** The residue of a rational num/den modulo p (den must not be a multiple of p). */
export function residueOf(r: Rational): bigint {
  if (r.den === 1n) return reduce(r.num);
  const d = reduce(r.den);
  if (d === 0n) throw new NotRepresentableError(NAME, `${r.toString()} mod p`, 'the denominator is a multiple of p');
  // A float64's denominator is a power of two: invert it by a shift.
  const k = r.den.toString(2).length - 1;
  const invDen = r.den === 1n << BigInt(k) ? inversePowerOfTwo(k) : inverse(d);
  return (reduce(r.num) * invDen) % P;
}

/**
 * The field of integers modulo p = 2⁶¹ − 1, for Schwartz–Zippel tests of polynomial identities:
 * evaluate both sides at random residues; a false identity of degree d agrees with probability
 * ≤ d / p per trial. Values are bigints in [0, p). Only polynomial operations (and division by
 * a non-zero residue) exist here: ReLU, max, √, x^(−1/2) and exp throw `NotRepresentableError`.
 */
export const modPrimeArithmetic: Arithmetic<bigint> = {
  name: NAME,
  zero: 0n,
  one: 1n,
  fromInt: (n) => {
    if (!Number.isSafeInteger(n)) throw LayerproofError.invalid({ op: 'modPrimeArithmetic.fromInt', argument: 'n', value: n, expected: 'a safe integer' });
    return reduce(BigInt(n));
  },
  fromNumber: (x) => residueOf(Rational.fromNumber(x)),
  add: (a, b) => {
    const s = a + b;
    return s >= P ? s - P : s;
  },
  sub: (a, b) => {
    const s = a - b;
    return s < 0n ? s + P : s;
  },
  mul: (a, b) => (a * b) % P,
  neg: (a) => (a === 0n ? 0n : P - a),
  div: (a, b) => {
    if (b === 0n) throw new NotRepresentableError(NAME, 'division', 'the divisor is 0 modulo p');
    return (a * inverse(b)) % P;
  },
  relu: () => notPolynomial('relu'),
  max: () => notPolynomial('max'),
  sqrt: () => notPolynomial('sqrt'),
  rsqrt: () => notPolynomial('rsqrt'),
  exp: () => notPolynomial('exp'),
  equals: (a, b) => a === b,
};

/** A uniform residue in [0, p) from a seeded generator (61 bits from two draws, rejecting p itself). */
export function randomResidue(rng: Rng): bigint {
  for (;;) {
    const hi = BigInt(Math.floor(rng() * 2 ** 31));
    const lo = BigInt(Math.floor(rng() * 2 ** 30));
    const r = (hi << 30n) | lo;
    if (r < P) return r;
  }
}
