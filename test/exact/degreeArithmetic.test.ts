import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { NotRepresentableError, type Arithmetic } from '../../src/exact/Arithmetic.js';
import { DEGREE_SYMBOL, degreeArithmetic as D } from '../../src/exact/degreeArithmetic.js';
import { Polynomial } from '../../src/exact/Polynomial.js';
import { polynomialArithmetic as P } from '../../src/exact/polynomialArithmetic.js';

/** A random expression over x, y and small constants, as a tree of ring operations and division by constants. */
type Expr = { op: 'x' | 'y' } | { op: 'c'; n: number } | { op: 'add' | 'sub' | 'mul'; a: Expr; b: Expr } | { op: 'neg' | 'half'; a: Expr };

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expr>({ op: 'x' }, { op: 'y' }),
    fc.integer({ min: -3, max: 3 }).map((n): Expr => ({ op: 'c', n })),
    fc.record({ op: fc.constantFrom('add' as const, 'sub' as const, 'mul' as const), a: tie('expr'), b: tie('expr') }),
    fc.record({ op: fc.constantFrom('neg' as const, 'half' as const), a: tie('expr') }),
  ),
}));

function run<T>(ar: Arithmetic<T>, e: Expr, symbol: (name: string) => T): T {
  switch (e.op) {
    case 'x':
    case 'y':
      return symbol(e.op);
    case 'c':
      return ar.fromInt(e.n);
    case 'add':
      return ar.add(run(ar, e.a, symbol), run(ar, e.b, symbol));
    case 'sub':
      return ar.sub(run(ar, e.a, symbol), run(ar, e.b, symbol));
    case 'mul':
      return ar.mul(run(ar, e.a, symbol), run(ar, e.b, symbol));
    case 'neg':
      return ar.neg(run(ar, e.a, symbol));
    case 'half':
      return ar.div(run(ar, e.a, symbol), ar.fromInt(2));
  }
}

/** A wrong degree arithmetic (products take the larger degree), for the negative control. */
const wrongDegree: Arithmetic<number> = { ...D, mul: (a, b) => Math.max(a, b) };

describe('degreeArithmetic', () => {
  test.prop([expr], { numRuns: 200 })('bounds the degree of the polynomial the same computation produces', (e) => {
    const bound = run(D, e, () => DEGREE_SYMBOL);
    expect(run(P, e, (n) => Polynomial.symbol(n)).degree).toBeLessThanOrEqual(bound);
  });

  test.prop([fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.nat(3), fc.nat(3)), { maxLength: 5 })])(
    "is exact on a canonical polynomial's own terms: evaluating p in degree arithmetic gives p.degree",
    (terms) => {
      const x = Polynomial.symbol('x');
      const y = Polynomial.symbol('y');
      const p = terms.reduce((s, [c, i, j]) => {
        let t = P.fromInt(c);
        for (let k = 0; k < i; k++) t = t.mul(x);
        for (let k = 0; k < j; k++) t = t.mul(y);
        return s.add(t);
      }, Polynomial.ZERO);
      expect(p.evaluate(D, () => DEGREE_SYMBOL)).toBe(p.degree);
    },
  );

  it('negative control: a degree arithmetic that takes max for products under-bounds x·y', () => {
    const e: Expr = { op: 'mul', a: { op: 'x' }, b: { op: 'y' } };
    expect(run(wrongDegree, e, () => DEGREE_SYMBOL)).toBeLessThan(run(P, e, (n) => Polynomial.symbol(n)).degree);
  });

  it('constants are 0, a symbol is 1; division only by a constant; non-polynomial operations throw', () => {
    expect([D.zero, D.one, D.fromInt(5), D.fromNumber(0.1), DEGREE_SYMBOL]).toEqual([0, 0, 0, 0, 1]);
    expect(D.div(3, 0)).toBe(3);
    expect(() => D.div(1, 1)).toThrow(NotRepresentableError);
    for (const f of [() => D.relu(1), () => D.max([1, 2]), () => D.sqrt(2), () => D.rsqrt(2), () => D.exp(0)]) {
      expect(f).toThrow(/not a polynomial operation/);
    }
  });
});
