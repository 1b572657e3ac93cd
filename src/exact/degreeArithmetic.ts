import { NotRepresentableError, type Arithmetic } from './Arithmetic.js';

const NAME = 'degree';

/** The value a symbol takes in `degreeArithmetic`: a variable has degree 1. */
export const DEGREE_SYMBOL = 1;

function notPolynomial(operation: string): never {
  throw new NotRepresentableError(NAME, operation, 'not a polynomial operation, so it has no degree');
}

/**
 * An upper bound of the total degree of what a computation produces, for the Schwartz–Zippel
 * bound d / p: run the reference function with every symbol set to `DEGREE_SYMBOL` (1) and every
 * constant of degree 0. Sums take the larger degree (cancellation can only lower it), products
 * the sum; division only by a constant (degree 0). Non-polynomial operations throw.
 */
export const degreeArithmetic: Arithmetic<number> = {
  name: NAME,
  zero: 0,
  one: 0,
  fromInt: () => 0,
  fromNumber: () => 0,
  add: (a, b) => Math.max(a, b),
  sub: (a, b) => Math.max(a, b),
  mul: (a, b) => a + b,
  neg: (a) => a,
  div: (a, b) => {
    if (b !== 0) throw new NotRepresentableError(NAME, 'division', `the divisor has degree ${b}; only division by a constant is polynomial`);
    return a;
  },
  relu: () => notPolynomial('relu'),
  max: () => notPolynomial('max'),
  sqrt: () => notPolynomial('sqrt'),
  rsqrt: () => notPolynomial('rsqrt'),
  exp: () => notPolynomial('exp'),
  equals: (a, b) => a === b,
};
