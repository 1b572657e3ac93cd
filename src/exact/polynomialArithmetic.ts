import { LayerproofError } from '../core/LayerproofError.js';
import { NotRepresentableError, type Arithmetic } from './Arithmetic.js';
import { Polynomial } from './Polynomial.js';
import { Rational } from './Rational.js';

const NAME = 'exact';

/**
 * Exact arithmetic over canonical polynomials: running a reference function on symbols here
 * computes its output for every real input at once. Non-polynomial steps become atoms, except
 * where the value is an exact rational: ReLU, max, √ and x^(−1/2) of constants (perfect squares
 * for the roots), exp(0) = 1, division by a non-zero constant.
 */
export const polynomialArithmetic: Arithmetic<Polynomial> = {
  name: NAME,
  zero: Polynomial.ZERO,
  one: Polynomial.ONE,
  fromInt: (n) => Polynomial.constant(Rational.fromInt(n)),
  fromNumber: (x) => Polynomial.constant(Rational.fromNumber(x)),
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  neg: (a) => a.neg(),
  div: (a, b) => {
    const c = b.constantValue();
    if (c === undefined) return a.mul(Polynomial.atom('inv', [b]));
    if (c.isZero()) throw new NotRepresentableError(NAME, 'division', `the divisor is the constant 0 (dividend ${a.key})`);
    return a.scale(c.inv());
  },
  relu: (a) => {
    const c = a.constantValue();
    if (c === undefined) return Polynomial.atom('relu', [a]);
    return c.sign() > 0 ? a : Polynomial.ZERO;
  },
  max: (values) => {
    if (values.length === 0) throw LayerproofError.invalid({ op: 'polynomialArithmetic.max', argument: 'values', value: [], expected: 'one or more values' });
    // max(c₁, c₂, p, …) = max(max(c₁, c₂), p, …): constants collapse to the largest; duplicates go.
    let largest: Rational | undefined;
    const rest = new Map<string, Polynomial>();
    for (const v of values) {
      const c = v.constantValue();
      if (c === undefined) rest.set(v.key, v);
      else if (largest === undefined || c.cmp(largest) > 0) largest = c;
    }
    const args = [...rest.values()];
    if (largest !== undefined) args.push(Polynomial.constant(largest));
    return args.length === 1 ? (args[0] as Polynomial) : Polynomial.atom('max', args);
  },
  sqrt: (a) => {
    const c = a.constantValue();
    if (c === undefined) return Polynomial.atom('sqrt', [a]);
    if (c.sign() < 0) throw new NotRepresentableError(NAME, 'sqrt', `the argument is the negative constant ${c.toString()}`);
    const s = c.sqrt();
    return s === undefined ? Polynomial.atom('sqrt', [a]) : Polynomial.constant(s);
  },
  rsqrt: (a) => {
    const c = a.constantValue();
    if (c === undefined) return Polynomial.atom('rsqrt', [a]);
    if (c.sign() <= 0) throw new NotRepresentableError(NAME, 'rsqrt', `the argument is the constant ${c.toString()}, and x^(-1/2) needs x > 0`);
    const s = c.sqrt();
    return s === undefined ? Polynomial.atom('rsqrt', [a]) : Polynomial.constant(s.inv());
  },
  exp: (a) => (a.isZero() ? Polynomial.ONE : Polynomial.atom('exp', [a])),
  equals: (a, b) => a.equals(b),
};
