import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { MOD_PRIME, modPrimeArithmetic, residueOf } from '../../src/exact/modPrimeArithmetic.js';
import { Polynomial } from '../../src/exact/Polynomial.js';
import { polynomialArithmetic } from '../../src/exact/polynomialArithmetic.js';
import { Rational } from '../../src/exact/Rational.js';

const x = Polynomial.symbol('x');
const y = Polynomial.symbol('y');
const z = Polynomial.symbol('z[0,1]');
/** An atom among the variables, so that the laws are checked with atoms inside monomials too. */
const reluXY = Polynomial.atom('relu', [x.sub(y)]);
const VARIABLES = [x, y, z, reluXY] as const;

interface Term {
  readonly num: number;
  readonly den: number;
  readonly factors: readonly { readonly v: number; readonly e: number }[];
}

const termArb: fc.Arbitrary<Term> = fc.record({
  num: fc.integer({ min: -4, max: 4 }),
  den: fc.integer({ min: 1, max: 3 }),
  factors: fc.array(fc.record({ v: fc.nat(VARIABLES.length - 1), e: fc.integer({ min: 1, max: 2 }) }), { maxLength: 3 }),
});
const termsArb = fc.array(termArb, { maxLength: 4 });

function termOf(t: Term, reversed = false): Polynomial {
  const factors = reversed ? [...t.factors].reverse() : t.factors;
  let p = Polynomial.constant(Rational.of(t.num, t.den));
  for (const f of factors) for (let k = 0; k < f.e; k++) p = p.mul(VARIABLES[f.v] as Polynomial);
  return p;
}

/** Σ terms, folded from the left. */
function build(terms: readonly Term[]): Polynomial {
  return terms.reduce((s, t) => s.add(termOf(t)), Polynomial.ZERO);
}

const polyArb = termsArb.map(build);

/** Structurally equal, with the same canonical key. */
function expectSame(a: Polynomial, b: Polynomial): void {
  expect(a.key).toBe(b.key);
  expect(a.equals(b)).toBe(true);
}

/** Exact value at rational points (x, y, z) = (p, q, r); atoms are evaluated as rationals. */
function valueAt(p: Polynomial, at: readonly [Rational, Rational, Rational]): Rational {
  const names: Record<string, Rational> = { x: at[0], y: at[1], 'z[0,1]': at[2] };
  const v = p.evaluate(polynomialArithmetic, (s) => Polynomial.constant(names[s] ?? Rational.ZERO)).constantValue();
  if (v === undefined) throw new Error(`not a constant: ${p.key}`);
  return v;
}
const pointArb = fc.tuple(
  ...[0, 1, 2].map(() => fc.tuple(fc.integer({ min: -9, max: 9 }), fc.integer({ min: 1, max: 4 })).map(([n, d]) => Rational.of(n, d))),
) as fc.Arbitrary<[Rational, Rational, Rational]>;

describe('Polynomial: ring laws (random polynomials in x, y, z[0,1], relu(x - y))', () => {
  test.prop([polyArb, polyArb])('commutativity: a + b = b + a and a·b = b·a', (a, b) => {
    expectSame(a.add(b), b.add(a));
    expectSame(a.mul(b), b.mul(a));
  });

  test.prop([polyArb, polyArb, polyArb], { numRuns: 60 })('associativity: (a + b) + c = a + (b + c) and (a·b)·c = a·(b·c)', (a, b, c) => {
    expectSame(a.add(b).add(c), a.add(b.add(c)));
    expectSame(a.mul(b).mul(c), a.mul(b.mul(c)));
  });

  test.prop([polyArb, polyArb, polyArb], { numRuns: 60 })('distributivity: a·(b + c) = a·b + a·c and (a − b)·c = a·c − b·c', (a, b, c) => {
    expectSame(a.mul(b.add(c)), a.mul(b).add(a.mul(c)));
    expectSame(a.sub(b).mul(c), a.mul(c).sub(b.mul(c)));
  });

  test.prop([polyArb])('identities and inverse: a + 0 = a, a·1 = a, a·0 = 0, a + (−a) = 0, a − a = 0, 2a = a + a', (a) => {
    expectSame(a.add(Polynomial.ZERO), a);
    expectSame(a.mul(Polynomial.ONE), a);
    expect(a.mul(Polynomial.ZERO).isZero()).toBe(true);
    expect(a.add(a.neg()).isZero()).toBe(true);
    expect(a.sub(a).key).toBe('0');
    expectSame(a.scale(Rational.of(2)), a.add(a));
  });

  test.prop([polyArb, polyArb])('negative control: a − b = b − a only when a = b, and a + x ≠ a', (a, b) => {
    expect(a.sub(b).equals(b.sub(a))).toBe(a.equals(b));
    expect(a.add(x).equals(a)).toBe(false);
  });

  test.prop([polyArb, polyArb, pointArb], { numRuns: 60 })(
    'operations agree with exact evaluation: value(a·b) = value(a)·value(b), value(a − b) = value(a) − value(b)',
    (a, b, at) => {
      expect(valueAt(a.mul(b), at).equals(valueAt(a, at).mul(valueAt(b, at)))).toBe(true);
      expect(valueAt(a.sub(b), at).equals(valueAt(a, at).sub(valueAt(b, at)))).toBe(true);
    },
  );
});

describe('Polynomial: canonical form', () => {
  test.prop([termsArb.chain((ts) => fc.tuple(fc.constant(ts), fc.shuffledSubarray(ts, { minLength: ts.length, maxLength: ts.length })))])(
    'the same terms summed in another order and bracketing, factors multiplied in reverse, give the same structure and key',
    ([terms, shuffled]) => {
      const left = build(terms);
      const right = shuffled.reduceRight((s, t) => termOf(t, true).add(s), Polynomial.ZERO);
      expectSame(left, right);
    },
  );

  test.prop([polyArb, polyArb])('key equality is structural equality (both ways)', (a, b) => {
    expect(a.key === b.key).toBe(a.equals(b));
  });

  it('x·y and y·x have one key; x·y and x·z do not (negative control); symbols are ordered by name, not creation', () => {
    const b = Polynomial.symbol('b_late');
    const a = Polynomial.symbol('a_late');
    expect(x.mul(y).key).toBe(y.mul(x).key);
    expect(b.mul(a).key).toBe('a_late*b_late');
    expect(x.mul(y).key).not.toBe(x.mul(z).key);
    expect(x.mul(y).equals(x.mul(z))).toBe(false);
  });

  it('reads as text: 2*x[0] - 1/2*relu(x[1]), powers, constants last, 0', () => {
    const x0 = Polynomial.symbol('x[0]');
    const relu1 = Polynomial.atom('relu', [Polynomial.symbol('x[1]')]);
    expect(x0.scale(Rational.of(2)).sub(relu1.scale(Rational.of(1, 2))).toString()).toBe('2*x[0] - 1/2*relu(x[1])');
    expect(x.add(Polynomial.ONE).mul(x.sub(y)).toString()).toBe('x^2 - x*y + x - y');
    expect(Polynomial.constant(Rational.of(-3, 4)).sub(x).toString()).toBe('-x - 3/4');
    expect(Polynomial.ZERO.toString()).toBe('0');
    expect(JSON.stringify([x.mul(x)])).toBe('["x^2"]');
  });
});

describe('Polynomial: sums built lazily', () => {
  it('a chain of 50,000 additions, a right fold and 60 doublings s + s settle without deep recursion or blow-up', () => {
    const xs = Array.from({ length: 50 }, (_v, i) => Polynomial.symbol(`x[${i}]`));
    let left = Polynomial.ZERO;
    for (let k = 0; k < 50_000; k++) left = left.add(xs[k % 50] as Polynomial);
    expectSame(left, xs.reduce((s, v) => s.add(v.scale(Rational.of(1000))), Polynomial.ZERO));
    let right = Polynomial.ZERO;
    for (let k = 0; k < 2_000; k++) right = (xs[k % 50] as Polynomial).add(right);
    expect(right.key).toBe(xs.map((v) => v.scale(Rational.of(40))).reduce((s, v) => s.add(v)).key);
    let doubled = x.add(y);
    for (let k = 0; k < 60; k++) doubled = doubled.add(doubled);
    expect(doubled.key).toBe(`${String(2n ** 60n)}*x + ${String(2n ** 60n)}*y`);
  });

  test.prop([fc.array(fc.tuple(fc.boolean(), fc.boolean(), termArb), { maxLength: 30 })])(
    'inspecting intermediate sums (or not) and mixing + and − gives the same result',
    (steps) => {
      let inspected = Polynomial.ZERO;
      let lazy = Polynomial.ZERO;
      let settledEachTime = Polynomial.ZERO;
      for (const [minus, look, t] of steps) {
        const p = termOf(t);
        inspected = minus ? inspected.sub(p) : inspected.add(p);
        if (look) expect(inspected.terms).toBeGreaterThanOrEqual(0);
        lazy = minus ? lazy.sub(p) : lazy.add(p);
        settledEachTime = Polynomial.constant(Rational.ONE).mul(minus ? settledEachTime.sub(p) : settledEachTime.add(p));
      }
      expectSame(inspected, lazy);
      expectSame(lazy, settledEachTime);
    },
  );
});

describe('Polynomial: atoms', () => {
  it('relu(2x + y) built twice, in two orders, is one atom named by its canonical text', () => {
    const a = Polynomial.atom('relu', [x.scale(Rational.of(2)).add(y)]);
    const b = Polynomial.atom('relu', [y.add(x).add(x)]);
    expectSame(a, b);
    expect(a.key).toBe('relu(2*x + y)');
    expect(a.mul(x).sub(x.mul(b)).isZero()).toBe(true);
  });

  it('relu(x) ≠ relu(y), relu(x) ≠ sqrt(x), and relu(x + y) ≠ relu(x) + relu(y) (negative controls)', () => {
    expect(Polynomial.atom('relu', [x]).equals(Polynomial.atom('relu', [y]))).toBe(false);
    expect(Polynomial.atom('relu', [x]).equals(Polynomial.atom('sqrt', [x]))).toBe(false);
    const sum = Polynomial.atom('relu', [x.add(y)]);
    expect(sum.equals(Polynomial.atom('relu', [x]).add(Polynomial.atom('relu', [y])))).toBe(false);
  });

  it('max is a function of the set of its arguments: max(a, b) = max(b, a) = max(a, b, a)', () => {
    const a = x.add(Polynomial.ONE);
    expectSame(Polynomial.atom('max', [a, y]), Polynomial.atom('max', [y, a]));
    expectSame(Polynomial.atom('max', [a, y, a]), Polynomial.atom('max', [y, a]));
    expect(Polynomial.atom('max', [y, a]).key).toBe('max(x + 1, y)');
    expect(Polynomial.atom('max', [a, y]).equals(Polynomial.atom('max', [a, z]))).toBe(false);
  });

  it('symbols() lists the symbols inside atoms too; degree counts an atom as one variable', () => {
    const p = x.mul(Polynomial.atom('rsqrt', [y.add(z)])).mul(Polynomial.atom('exp', [x]));
    expect(p.symbols()).toEqual(['x', 'y', 'z[0,1]']);
    expect(p.degree).toBe(3);
    expect(p.terms).toBe(1);
    expect(Polynomial.ZERO.degree).toBe(0);
    expect(Polynomial.constant(Rational.of(7)).symbols()).toEqual([]);
  });

  it('evaluate computes atoms from their evaluated arguments: relu(x − y) at (1, 3) is 0, at (3, 1) is 2', () => {
    expect(valueAt(reluXY, [Rational.of(1), Rational.of(3), Rational.ZERO]).toString()).toBe('0');
    expect(valueAt(reluXY.mul(x), [Rational.of(3), Rational.of(1), Rational.ZERO]).toString()).toBe('6');
    const inv = Polynomial.atom('inv', [x.add(y)]);
    expect(valueAt(inv, [Rational.of(1), Rational.of(3), Rational.ZERO]).toString()).toBe('1/4');
  });

  it('evaluate carries coefficients beyond 2^53 exactly (2^70·x/3 modulo p)', () => {
    const big = Rational.of(2n ** 70n + 1n, 3n);
    const p = x.scale(big).add(Polynomial.constant(Rational.of(-(2n ** 90n))));
    const value = p.evaluate(modPrimeArithmetic, () => 5n);
    expect(value).toBe(((residueOf(big) * 5n + MOD_PRIME - residueOf(Rational.of(2n ** 90n))) % MOD_PRIME));
  });

  it('constants: isConstant, constantValue, and undefined for a polynomial with a variable', () => {
    expect(Polynomial.constant(Rational.of(3, 2)).constantValue()?.toString()).toBe('3/2');
    expect(Polynomial.ZERO.constantValue()?.isZero()).toBe(true);
    expect(x.constantValue()).toBeUndefined();
    expect(x.sub(x).add(Polynomial.ONE).isConstant()).toBe(true);
  });

  it('refuses a symbol name that would make the text ambiguous, an unknown function and a wrong arity', () => {
    expect(() => Polynomial.symbol('x+y')).toThrow(LayerproofError);
    expect(() => Polynomial.symbol('relu(x)')).toThrow(/identifier/);
    expect(() => Polynomial.atom('sin' as 'relu', [x])).toThrow(/one of relu/);
    expect(() => Polynomial.atom('relu', [x, y])).toThrow(/exactly one/);
    expect(() => Polynomial.atom('max', [])).toThrow(/one or more/);
  });
});
