import type { Arithmetic } from './Arithmetic.js';

/** float64: the library's ordinary arithmetic, as an `Arithmetic` for the generic reference code. */
export const float64Arithmetic: Arithmetic<number> = {
  name: 'float64',
  zero: 0,
  one: 1,
  fromInt: (n) => n,
  fromNumber: (x) => x,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  neg: (a) => -a,
  div: (a, b) => a / b,
  relu: (a) => (a > 0 ? a : 0),
  max: (values) => {
    let m = -Infinity;
    for (const v of values) if (v > m) m = v;
    return m;
  },
  sqrt: (a) => Math.sqrt(a),
  rsqrt: (a) => 1 / Math.sqrt(a),
  exp: (a) => Math.exp(a),
  equals: (a, b) => a === b,
};
