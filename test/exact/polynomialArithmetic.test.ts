import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { approxEqual, tolerances } from '../../src/core/tolerance.js';
import { NotRepresentableError, type Arithmetic } from '../../src/exact/Arithmetic.js';
import { float64Arithmetic } from '../../src/exact/float64Arithmetic.js';
import { fromIntsOver, mapOver, matMulOver } from '../../src/exact/matrixOver.js';
import { Polynomial } from '../../src/exact/Polynomial.js';
import { polynomialArithmetic as P } from '../../src/exact/polynomialArithmetic.js';
import { Rational } from '../../src/exact/Rational.js';

const x = Polynomial.symbol('x');
const y = Polynomial.symbol('y');
const c = (n: number, d = 1): Polynomial => Polynomial.constant(Rational.of(n, d));

/** A 1-D 'valid' convolution (correlation) over any arithmetic, with an optional bug: the kernel read shifted by one. */
function conv1d<T>(ar: Arithmetic<T>, xs: readonly T[], ks: readonly T[], shifted = false): T[] {
  const out: T[] = [];
  for (let i = 0; i + ks.length <= xs.length; i++) {
    let s = ar.zero;
    for (let k = 0; k < ks.length; k++) s = ar.add(s, ar.mul(xs[i + k] as T, ks[shifted ? (k + 1) % ks.length : k] as T));
    out.push(s);
  }
  return out;
}

/** Max pooling of width 2, stride 2, then a normalisation x/√(x² + 1) and exp: a non-polynomial reference. */
function poolNormalise<T>(ar: Arithmetic<T>, xs: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const m = ar.max([xs[i] as T, xs[i + 1] as T]);
    out.push(ar.add(ar.mul(m, ar.rsqrt(ar.add(ar.mul(m, m), ar.one))), ar.exp(ar.relu(ar.neg(m)))));
  }
  return out;
}

const symbols = (prefix: string, n: number): Polynomial[] => Array.from({ length: n }, (_v, i) => Polynomial.symbol(`${prefix}[${i}]`));
const floats = (n: number): fc.Arbitrary<number[]> => fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: n, maxLength: n });

describe('polynomialArithmetic', () => {
  it('fromNumber is exact: 0.1 is 3602879701896397/36028797018963968; fromInt and the name', () => {
    expect(P.fromNumber(0.1).key).toBe('3602879701896397/36028797018963968');
    expect(P.fromInt(-7).key).toBe('-7');
    expect(P.name).toBe('exact');
  });

  it('divides by a constant exactly, by a polynomial through an inv atom, and refuses 0', () => {
    expect(P.div(x, c(3)).key).toBe('1/3*x');
    expect(P.div(x, y.add(c(1))).key).toBe('x*inv(y + 1)');
    expect(() => P.div(x, P.zero)).toThrow(NotRepresentableError);
    expect(() => P.div(x, x.sub(x))).toThrow(/constant 0/);
  });

  it('evaluates ReLU, max, √, x^(−1/2) and exp of constants where exact, else makes atoms', () => {
    expect(P.relu(c(-2)).key).toBe('0');
    expect(P.relu(c(3, 2)).key).toBe('3/2');
    expect(P.relu(x).key).toBe('relu(x)');
    expect(P.max([c(1), c(5, 2), c(-3)]).key).toBe('5/2');
    expect(P.max([x]).key).toBe('x');
    expect(P.max([x, c(1), c(3), x]).key).toBe('max(3, x)');
    expect(P.sqrt(c(9, 4)).key).toBe('3/2');
    expect(P.sqrt(c(2)).key).toBe('sqrt(2)');
    expect(P.rsqrt(c(4)).key).toBe('1/2');
    expect(P.rsqrt(y).key).toBe('rsqrt(y)');
    expect(P.exp(P.zero).key).toBe('1');
    expect(P.exp(c(1)).key).toBe('exp(1)');
  });

  it('throws NotRepresentableError for rsqrt(0), √ of a negative constant, and max of nothing', () => {
    expect(() => P.rsqrt(P.zero)).toThrow(NotRepresentableError);
    expect(() => P.rsqrt(c(-1))).toThrow(/x > 0/);
    expect(() => P.sqrt(c(-1, 4))).toThrow(NotRepresentableError);
    expect(() => P.max([])).toThrow(/one or more/);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 })])(
    'max is a set function: any order and repetition of its arguments gives one atom',
    (picks) => {
      const pool = [x, y, x.add(y), Polynomial.atom('relu', [x])];
      const args = picks.map((i) => pool[i] as Polynomial);
      expect(P.equals(P.max(args), P.max([...args].reverse().concat(args)))).toBe(true);
    },
  );

  it('ReLU(P·M) = P·ReLU(M) exactly for a permutation P and a symbolic 3×2 M; the unpermuted ReLU(M) is not (negative control)', () => {
    const m = [0, 1, 2].map((i) => [0, 1].map((j) => Polynomial.symbol(`M[${i},${j}]`).sub(Polynomial.symbol(`N[${j}]`))));
    const perm = fromIntsOver(P, [[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    const left = mapOver(matMulOver(P, perm, m), (v) => P.relu(v));
    const right = matMulOver(P, perm, mapOver(m, (v) => P.relu(v)));
    const same = (a: Polynomial[][], b: Polynomial[][]): boolean => a.every((row, i) => row.every((v, j) => v.equals((b[i] as Polynomial[])[j] as Polynomial)));
    expect(same(left, right)).toBe(true);
    expect(same(left, mapOver(m, (v) => P.relu(v)))).toBe(false);
  });

  it('proves a 1-D convolution linear for every real input: conv(a·u + b·v) = a·conv(u) + b·conv(v), symbolic a, b', () => {
    const [u, v, k] = [symbols('u', 5), symbols('v', 5), symbols('k', 3)];
    const a = Polynomial.symbol('a');
    const b = Polynomial.symbol('b');
    const mixed = u.map((ui, i) => P.add(P.mul(a, ui), P.mul(b, v[i] as Polynomial)));
    const lhs = conv1d(P, mixed, k);
    const rhs = conv1d(P, u, k).map((cu, i) => P.add(P.mul(a, cu), P.mul(b, conv1d(P, v, k)[i] as Polynomial)));
    expect(lhs.every((l, i) => P.equals(l, rhs[i] as Polynomial))).toBe(true);
    // negative control: max pooling is not additive, and evaluating at a rational point shows it
    const pool = (w: Polynomial[]): Polynomial => P.max([w[0] as Polynomial, w[1] as Polynomial]);
    const sum = P.sub(pool([P.add(x, y), P.zero]), P.add(pool([x, P.zero]), pool([y, P.zero])));
    expect(sum.isZero()).toBe(false);
    const at = sum.evaluate(P, (s) => (s === 'x' ? c(1) : c(-1)));
    expect(at.key).toBe('-1');
  });

  test.prop([floats(6), floats(3)])(
    'the symbolic convolution, evaluated in float64 at random inputs, equals the float64 run; a shifted kernel is caught structurally',
    (xs, ks) => {
      const symbolic = conv1d(P, symbols('x', 6), symbols('k', 3));
      const direct = conv1d(float64Arithmetic, xs, ks);
      const names = new Map<string, number>([...xs.map((v, i) => [`x[${i}]`, v] as const), ...ks.map((v, i) => [`k[${i}]`, v] as const)]);
      symbolic.forEach((s, i) => {
        expect(approxEqual(s.evaluate(float64Arithmetic, (n) => names.get(n) ?? NaN), direct[i] as number, tolerances.float64)).toBe(true);
      });
      const mutant = conv1d(P, symbols('x', 6), symbols('k', 3), true);
      expect(mutant.some((m, i) => !m.equals(symbolic[i] as Polynomial))).toBe(true);
    },
  );

  test.prop([floats(4)])('a non-polynomial reference (max, rsqrt, exp, relu) evaluated from its atoms equals the float64 run', (xs) => {
    const symbolic = poolNormalise(P, symbols('x', 4));
    const direct = poolNormalise(float64Arithmetic, xs);
    symbolic.forEach((s, i) => {
      expect(approxEqual(s.evaluate(float64Arithmetic, (n) => xs[Number(n.slice(2, -1))] ?? NaN), direct[i] as number, tolerances.float64)).toBe(true);
    });
    // negative control: the atoms of the first output are not those of the second
    expect(P.equals(symbolic[0] as Polynomial, symbolic[1] as Polynomial)).toBe(false);
  });
});
