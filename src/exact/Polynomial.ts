import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from './Arithmetic.js';
import { Rational } from './Rational.js';

/** The opaque functions a polynomial may contain as atoms ('inv' is 1/·). */
export type AtomFunction = 'relu' | 'max' | 'sqrt' | 'rsqrt' | 'exp' | 'inv';

const ATOM_FUNCTIONS: ReadonlySet<string> = new Set<AtomFunction>(['relu', 'max', 'sqrt', 'rsqrt', 'exp', 'inv']);

/**
 * A symbol's name: an identifier, optionally followed by indices in brackets (`x`, `W1`, `x[0,1,0]`,
 * `A[i, j]`). Names never contain `(`, `*`, `^`, `+` or `-`, so the canonical text of a polynomial
 * (which names atoms) reads back in one way only.
 */
const SYMBOL_NAME = /^[\p{L}_][\p{L}\p{N}_']*(\[[\p{L}\p{N}_, ]*\])?$/u;

/** A variable: a symbol, or an atom (an opaque function of polynomials) named by its canonical text. */
interface Variable {
  readonly name: string;
  readonly atom: { readonly fn: AtomFunction; readonly args: readonly Polynomial[] } | undefined;
}

/** Symbols before atoms (so `2*x - relu(y)` reads naturally), each kind by name in code-unit order. */
function compareVariables(a: Variable, b: Variable): number {
  if (a === b || a.name === b.name) return 0;
  if ((a.atom === undefined) !== (b.atom === undefined)) return a.atom === undefined ? -1 : 1;
  return a.name < b.name ? -1 : 1;
}

/**
 * A product of variables with positive exponents, variables sorted by `compareVariables`. Its key
 * (`x*y^2`, '' for 1) identifies it: two monomials are equal exactly when their keys are.
 */
class Monomial {
  constructor(
    readonly key: string,
    readonly vars: readonly Variable[],
    readonly exps: readonly number[],
    readonly degree: number,
  ) {}

  static readonly ONE = new Monomial('', [], [], 0);

  static ofVariable(v: Variable): Monomial {
    return new Monomial(v.name, [v], [1], 1);
  }

  mul(b: Monomial): Monomial {
    if (this.degree === 0) return b;
    if (b.degree === 0) return this;
    if (this.degree === 1 && b.degree === 1) {
      // The bilinear case x·k of every convolution and matrix product.
      const va = this.vars[0] as Variable;
      const vb = b.vars[0] as Variable;
      const c = compareVariables(va, vb);
      if (c === 0) return new Monomial(`${va.name}^2`, [va], [2], 2);
      return c < 0 ? new Monomial(`${va.name}*${vb.name}`, [va, vb], [1, 1], 2) : new Monomial(`${vb.name}*${va.name}`, [vb, va], [1, 1], 2);
    }
    const vars: Variable[] = [];
    const exps: number[] = [];
    let i = 0;
    let j = 0;
    const av = this.vars;
    const bv = b.vars;
    while (i < av.length && j < bv.length) {
      const va = av[i] as Variable;
      const vb = bv[j] as Variable;
      const c = compareVariables(va, vb);
      if (c === 0) {
        vars.push(va);
        exps.push((this.exps[i] as number) + (b.exps[j] as number));
        i++;
        j++;
      } else if (c < 0) {
        vars.push(va);
        exps.push(this.exps[i] as number);
        i++;
      } else {
        vars.push(vb);
        exps.push(b.exps[j] as number);
        j++;
      }
    }
    for (; i < av.length; i++) {
      vars.push(av[i] as Variable);
      exps.push(this.exps[i] as number);
    }
    for (; j < bv.length; j++) {
      vars.push(bv[j] as Variable);
      exps.push(b.exps[j] as number);
    }
    let key = '';
    for (let k = 0; k < vars.length; k++) {
      const e = exps[k] as number;
      const factor = e === 1 ? (vars[k] as Variable).name : `${(vars[k] as Variable).name}^${e}`;
      key = k === 0 ? factor : `${key}*${factor}`;
    }
    return new Monomial(key, vars, exps, this.degree + b.degree);
  }
}

/** Monomials in reading order: higher degree first, then variable by variable, constants last. */
function compareForText(a: Monomial, b: Monomial): number {
  if (a.degree !== b.degree) return b.degree - a.degree;
  const n = Math.min(a.vars.length, b.vars.length);
  for (let k = 0; k < n; k++) {
    const c = compareVariables(a.vars[k] as Variable, b.vars[k] as Variable);
    if (c !== 0) return c;
    const d = (b.exps[k] as number) - (a.exps[k] as number);
    if (d !== 0) return d;
  }
  return a.vars.length - b.vars.length;
}

function termText(coef: Rational, mono: Monomial, first: boolean): string {
  const negative = coef.sign() < 0;
  const c = first ? coef : coef.abs();
  const sep = first ? '' : negative ? ' - ' : ' + ';
  if (mono.degree === 0) return sep + c.toString();
  if (c.num === 1n && c.den === 1n) return sep + mono.key;
  if (c.num === -1n && c.den === 1n) return `${sep}-${mono.key}`;
  return `${sep}${c.toString()}*${mono.key}`;
}

const symbolCache = new Map<string, Polynomial>();
const NO_MONOMIALS: readonly Monomial[] = [];
const NO_COEFFICIENTS: readonly Rational[] = [];

/**
 * An immutable multivariate polynomial with rational coefficients, in a canonical sparse form: a
 * list of (monomial, non-zero coefficient) sorted by monomial key, each monomial a product of
 * variables sorted by name (symbols before atoms), never by creation order. Equal polynomials therefore have equal term lists however they were
 * built, and `equals` compares structure; `key` is the canonical text (the same in every process).
 *
 * Variables are symbols (`Polynomial.symbol('x[0,1,0]')`) or atoms: an opaque function applied to
 * polynomial arguments, named by its canonical text (`relu(2*x + y)`). Atoms make the non-polynomial
 * steps of the reference code (ReLU, max, √, x^(−1/2), exp, division by a polynomial) exact symbols
 * of their own: `relu(P·M)` and `P·relu(M)` contain the same atoms and compare equal.
 *
 * Equality is structural: equal values are proved equal for every real input; unequal structure
 * does not by itself prove that two values differ (atoms satisfy identities the form does not
 * know, e.g. relu(t) − relu(−t) = t), so a refutation needs a counterexample.
 */
export class Polynomial {
  private textCache: string | undefined = undefined;
  private symbolsCache: readonly string[] | undefined = undefined;
  /**
   * A sum is built lazily: `a.add(b)` records (a, b) and the terms are merged on first use, all
   * the pending addends of a chain at once. So the accumulation s ← s + xᵢ·kᵢ of the reference
   * code costs O(n log n) for n terms instead of O(n²) copies of an immutable term list.
   */
  private pendingBase: Polynomial | undefined = undefined;
  private pendingAddend: Polynomial | undefined = undefined;
  private pendingSubtract = false;

  private constructor(
    private monosData: readonly Monomial[],
    private coefsData: readonly Rational[],
  ) {}

  /** The sorted monomials (merging pending addends first). */
  private get monos(): readonly Monomial[] {
    if (this.pendingAddend !== undefined) this.flush();
    return this.monosData;
  }

  /** The coefficients, parallel to `monos`. */
  private get coefs(): readonly Rational[] {
    if (this.pendingAddend !== undefined) this.flush();
    return this.coefsData;
  }

  private static pendingSum(base: Polynomial, addend: Polynomial, subtract: boolean): Polynomial {
    const p = new Polynomial(NO_MONOMIALS, NO_COEFFICIENTS);
    p.pendingBase = base;
    p.pendingAddend = addend;
    p.pendingSubtract = subtract;
    return p;
  }

  /** Merges the chain of pending addends back to the first settled polynomial. */
  private flush(): void {
    const addends: Polynomial[] = [];
    const subtract: boolean[] = [];
    let base: Polynomial = this.pendingBase ?? Polynomial.ZERO;
    addends.push(this.pendingAddend ?? Polynomial.ZERO);
    subtract.push(this.pendingSubtract);
    while (base.pendingAddend !== undefined) {
      addends.push(base.pendingAddend);
      subtract.push(base.pendingSubtract);
      base = base.pendingBase ?? Polynomial.ZERO;
    }
    let settled: Polynomial;
    if (addends.length === 1) settled = base.merge(addends[0] as Polynomial, subtract[0] === true);
    else {
      const acc = new Map<string, { mono: Monomial; coef: Rational }>();
      for (let i = 0; i < base.monosData.length; i++) {
        const m = base.monosData[i] as Monomial;
        acc.set(m.key, { mono: m, coef: base.coefsData[i] as Rational });
      }
      for (let k = addends.length - 1; k >= 0; k--) {
        const a = addends[k] as Polynomial;
        const negate = subtract[k] === true;
        const am = a.monos;
        const ac = a.coefs;
        for (let i = 0; i < am.length; i++) {
          const m = am[i] as Monomial;
          const c = negate ? (ac[i] as Rational).neg() : (ac[i] as Rational);
          const prev = acc.get(m.key);
          if (prev === undefined) acc.set(m.key, { mono: m, coef: c });
          else prev.coef = prev.coef.add(c);
        }
      }
      settled = Polynomial.fromTerms(acc);
    }
    this.monosData = settled.monosData;
    this.coefsData = settled.coefsData;
    this.pendingBase = undefined;
    this.pendingAddend = undefined;
  }

  /** The polynomial of accumulated terms (any order; zero coefficients dropped). */
  private static fromTerms(acc: Map<string, { mono: Monomial; coef: Rational }>): Polynomial {
    const keys = [...acc.keys()].sort();
    const monos: Monomial[] = [];
    const coefs: Rational[] = [];
    for (const k of keys) {
      const t = acc.get(k) as { mono: Monomial; coef: Rational };
      if (t.coef.isZero()) continue;
      monos.push(t.mono);
      coefs.push(t.coef);
    }
    return new Polynomial(monos, coefs);
  }

  static readonly ZERO = new Polynomial([], []);
  static readonly ONE = new Polynomial([Monomial.ONE], [Rational.ONE]);

  /** The constant r. */
  static constant(r: Rational): Polynomial {
    if (r.isZero()) return Polynomial.ZERO;
    if (r.equals(Rational.ONE)) return Polynomial.ONE;
    return new Polynomial([Monomial.ONE], [r]);
  }

  /** The symbol `name` (an identifier, optionally with bracketed indices: `x[0,1,0]`). */
  static symbol(name: string): Polynomial {
    const cached = symbolCache.get(name);
    if (cached !== undefined) return cached;
    if (typeof name !== 'string' || !SYMBOL_NAME.test(name)) {
      throw LayerproofError.invalid({
        op: 'Polynomial.symbol', argument: 'name', value: name,
        expected: "an identifier optionally followed by indices in brackets, such as 'x', 'W1' or 'x[0,1,0]'",
      });
    }
    const p = new Polynomial([Monomial.ofVariable({ name, atom: undefined })], [Rational.ONE]);
    symbolCache.set(name, p);
    return p;
  }

  /**
   * The atom fn(args): a new variable named by its canonical text. 'max' takes one or more
   * arguments, deduplicated and sorted by key (it is a function of the set); the others take one.
   * No simplification happens here (see `polynomialArithmetic` for constants).
   */
  static atom(fn: AtomFunction, args: readonly Polynomial[]): Polynomial {
    if (!ATOM_FUNCTIONS.has(fn)) {
      throw LayerproofError.invalid({ op: 'Polynomial.atom', argument: 'fn', value: fn, expected: `one of ${[...ATOM_FUNCTIONS].join(', ')}` });
    }
    let list = args;
    if (fn === 'max') {
      if (args.length === 0) throw LayerproofError.invalid({ op: 'Polynomial.atom', argument: 'args', value: [], expected: 'one or more polynomials for max' });
      const byKey = new Map<string, Polynomial>();
      for (const a of args) byKey.set(a.key, a);
      list = [...byKey.keys()].sort().map((k) => byKey.get(k) as Polynomial);
    } else if (args.length !== 1) {
      throw LayerproofError.invalid({ op: 'Polynomial.atom', argument: 'args', value: `${args.length} arguments`, expected: `exactly one polynomial for ${fn}` });
    }
    const name = `${fn}(${list.map((a) => a.key).join(', ')})`;
    return new Polynomial([Monomial.ofVariable({ name, atom: { fn, args: list } })], [Rational.ONE]);
  }

  /** Number of (non-zero) terms. */
  get terms(): number {
    return this.monos.length;
  }

  /** The total degree (atoms count as variables of degree 1); 0 for constants, including 0. */
  get degree(): number {
    let d = 0;
    for (const m of this.monos) if (m.degree > d) d = m.degree;
    return d;
  }

  /** The canonical text, the same in every process: equal polynomials have equal keys, and only they. */
  get key(): string {
    return this.toString();
  }

  isZero(): boolean {
    return this.monos.length === 0;
  }

  isConstant(): boolean {
    return this.monos.length === 0 || (this.monos.length === 1 && (this.monos[0] as Monomial).degree === 0);
  }

  /** The value of a constant polynomial; undefined when it has a variable. */
  constantValue(): Rational | undefined {
    if (this.monos.length === 0) return Rational.ZERO;
    if (this.monos.length === 1 && (this.monos[0] as Monomial).degree === 0) return this.coefs[0];
    return undefined;
  }

  add(b: Polynomial): Polynomial {
    return this.combine(b, false);
  }

  sub(b: Polynomial): Polynomial {
    return this.combine(b, true);
  }

  neg(): Polynomial {
    return this.monos.length === 0 ? this : new Polynomial(this.monos, this.coefs.map((c) => c.neg()));
  }

  /** r · this. */
  scale(r: Rational): Polynomial {
    if (r.isZero() || this.monos.length === 0) return Polynomial.ZERO;
    if (r.num === 1n && r.den === 1n) return this;
    return new Polynomial(this.monos, this.coefs.map((c) => c.mul(r)));
  }

  mul(b: Polynomial): Polynomial {
    return Polynomial.product(this, b);
  }

  private static product(a: Polynomial, b: Polynomial): Polynomial {
    if (a.monos.length === 0 || b.monos.length === 0) return Polynomial.ZERO;
    const ca = a.constantValue();
    if (ca !== undefined) return b.scale(ca);
    const cb = b.constantValue();
    if (cb !== undefined) return a.scale(cb);
    if (a.monos.length === 1 && b.monos.length === 1) {
      return new Polynomial([(a.monos[0] as Monomial).mul(b.monos[0] as Monomial)], [(a.coefs[0] as Rational).mul(b.coefs[0] as Rational)]);
    }
    const acc = new Map<string, { mono: Monomial; coef: Rational }>();
    for (let i = 0; i < a.monos.length; i++) {
      const ma = a.monos[i] as Monomial;
      const ka = a.coefs[i] as Rational;
      for (let j = 0; j < b.monos.length; j++) {
        const m = ma.mul(b.monos[j] as Monomial);
        const c = ka.mul(b.coefs[j] as Rational);
        const prev = acc.get(m.key);
        if (prev === undefined) acc.set(m.key, { mono: m, coef: c });
        else prev.coef = prev.coef.add(c);
      }
    }
    return Polynomial.fromTerms(acc);
  }

  /** Structural equality: the same monomials with the same coefficients. */
  equals(b: Polynomial): boolean {
    if (this === b) return true;
    const n = this.monos.length;
    if (n !== b.monos.length) return false;
    for (let i = 0; i < n; i++) {
      if ((this.monos[i] as Monomial).key !== (b.monos[i] as Monomial).key) return false;
      if (!(this.coefs[i] as Rational).equals(b.coefs[i] as Rational)) return false;
    }
    return true;
  }

  /** The names of the symbols it depends on, those inside atoms included, sorted. */
  symbols(): readonly string[] {
    if (this.symbolsCache !== undefined) return this.symbolsCache;
    const names = new Set<string>();
    for (const m of this.monos) {
      for (const v of m.vars) {
        if (v.atom === undefined) names.add(v.name);
        else for (const a of v.atom.args) for (const s of a.symbols()) names.add(s);
      }
    }
    this.symbolsCache = [...names].sort();
    return this.symbolsCache;
  }

  /**
   * The value in another arithmetic, with `value(name)` for each symbol: coefficients become
   * ar.fromInt / ar.div, atoms are evaluated from their evaluated arguments through ar.relu,
   * ar.max, ar.sqrt, ar.rsqrt, ar.exp and ar.div(ar.one, ·). Evaluating in the polynomial
   * arithmetic at constants gives the exact value, atoms included where they are rational.
   */
  evaluate<T>(ar: Arithmetic<T>, value: (symbol: string) => T): T {
    return this.evaluateWith(ar, value, new Map<string, T>());
  }

  private evaluateWith<T>(ar: Arithmetic<T>, value: (symbol: string) => T, memo: Map<string, T>): T {
    const variable = (v: Variable): T => {
      const known = memo.get(v.name);
      if (known !== undefined) return known;
      let r: T;
      if (v.atom === undefined) r = value(v.name);
      else {
        const args = v.atom.args.map((a) => a.evaluateWith(ar, value, memo));
        const first = args[0] as T;
        switch (v.atom.fn) {
          case 'relu': r = ar.relu(first); break;
          case 'max': r = ar.max(args); break;
          case 'sqrt': r = ar.sqrt(first); break;
          case 'rsqrt': r = ar.rsqrt(first); break;
          case 'exp': r = ar.exp(first); break;
          case 'inv': r = ar.div(ar.one, first); break;
        }
      }
      memo.set(v.name, r);
      return r;
    };
    let sum = ar.zero;
    for (let i = 0; i < this.monos.length; i++) {
      const m = this.monos[i] as Monomial;
      let t = coefficientIn(ar, this.coefs[i] as Rational);
      for (let k = 0; k < m.vars.length; k++) {
        const x = variable(m.vars[k] as Variable);
        for (let e = m.exps[k] as number; e > 0; e--) t = ar.mul(t, x);
      }
      sum = i === 0 ? t : ar.add(sum, t);
    }
    return sum;
  }

  /** Readable canonical text: `2*x[0] - 1/2*relu(x[1])`, '0' for zero. */
  toString(): string {
    if (this.textCache !== undefined) return this.textCache;
    const order = this.monos.map((_m, i) => i);
    order.sort((i, j) => compareForText(this.monos[i] as Monomial, this.monos[j] as Monomial));
    let text = '';
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      text += termText(this.coefs[i] as Rational, this.monos[i] as Monomial, k === 0);
    }
    this.textCache = text === '' ? '0' : text;
    return this.textCache;
  }

  toJSON(): string {
    return this.toString();
  }

  /**
   * this ± b, settled at once when a side is a settled 0, else pending (merged on first use).
   * Only the base of a pending sum may itself be pending, so a chain is flushed by one walk and
   * a shared operand (s + s) is never expanded twice; b + s with s pending is recorded as s + b.
   */
  private combine(b: Polynomial, subtract: boolean): Polynomial {
    if (b.pendingAddend === undefined && b.monosData.length === 0) return this;
    if (this.pendingAddend === undefined && this.monosData.length === 0) return subtract ? b.neg() : b;
    if (b.pendingAddend !== undefined) {
      if (!subtract && this.pendingAddend === undefined) return Polynomial.pendingSum(b, this, false);
      b.flush();
    }
    return Polynomial.pendingSum(this, b, subtract);
  }

  /** this ± b by merging the two sorted term lists; a one-term side is inserted by binary search. */
  private merge(b: Polynomial, subtract: boolean): Polynomial {
    if (b.monos.length === 0) return this;
    if (this.monos.length === 0) return subtract ? b.neg() : b;
    if (b.monos.length === 1) return this.withTerm(b.monos[0] as Monomial, subtract ? (b.coefs[0] as Rational).neg() : (b.coefs[0] as Rational));
    if (this.monos.length === 1 && !subtract) return b.withTerm(this.monos[0] as Monomial, this.coefs[0] as Rational);
    const am = this.monos;
    const bm = b.monos;
    const monos: Monomial[] = [];
    const coefs: Rational[] = [];
    let i = 0;
    let j = 0;
    while (i < am.length && j < bm.length) {
      const ka = (am[i] as Monomial).key;
      const kb = (bm[j] as Monomial).key;
      if (ka === kb) {
        const cb = b.coefs[j] as Rational;
        const c = subtract ? (this.coefs[i] as Rational).sub(cb) : (this.coefs[i] as Rational).add(cb);
        if (!c.isZero()) {
          monos.push(am[i] as Monomial);
          coefs.push(c);
        }
        i++;
        j++;
      } else if (ka < kb) {
        monos.push(am[i] as Monomial);
        coefs.push(this.coefs[i] as Rational);
        i++;
      } else {
        monos.push(bm[j] as Monomial);
        coefs.push(subtract ? (b.coefs[j] as Rational).neg() : (b.coefs[j] as Rational));
        j++;
      }
    }
    for (; i < am.length; i++) {
      monos.push(am[i] as Monomial);
      coefs.push(this.coefs[i] as Rational);
    }
    for (; j < bm.length; j++) {
      monos.push(bm[j] as Monomial);
      coefs.push(subtract ? (b.coefs[j] as Rational).neg() : (b.coefs[j] as Rational));
    }
    return new Polynomial(monos, coefs);
  }

  /** this + c·m. */
  private withTerm(m: Monomial, c: Rational): Polynomial {
    const key = m.key;
    let lo = 0;
    let hi = this.monos.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.monos[mid] as Monomial).key < key) lo = mid + 1;
      else hi = mid;
    }
    const monos = this.monos.slice();
    const coefs = this.coefs.slice();
    if (lo < monos.length && (monos[lo] as Monomial).key === key) {
      const sum = (coefs[lo] as Rational).add(c);
      if (sum.isZero()) {
        monos.splice(lo, 1);
        coefs.splice(lo, 1);
      } else coefs[lo] = sum;
    } else {
      monos.splice(lo, 0, m);
      coefs.splice(lo, 0, c);
    }
    return new Polynomial(monos, coefs);
  }
}

/** A rational coefficient as a value of `ar`, exactly where `ar` is exact (big integers in 2^32 limbs). */
function coefficientIn<T>(ar: Arithmetic<T>, r: Rational): T {
  if (r.den === 1n) return bigIntIn(ar, r.num);
  return ar.div(bigIntIn(ar, r.num), bigIntIn(ar, r.den));
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const LIMB = 2n ** 32n;

function bigIntIn<T>(ar: Arithmetic<T>, n: bigint): T {
  if (n === 1n) return ar.one;
  if (n === 0n) return ar.zero;
  if (n <= MAX_SAFE && n >= -MAX_SAFE) return ar.fromInt(Number(n));
  // n = hi·2^32 + lo with 0 ≤ lo < 2^32 (BigInt % truncates, so correct for negative n).
  let lo = n % LIMB;
  if (lo < 0n) lo += LIMB;
  const hi = (n - lo) / LIMB;
  return ar.add(ar.mul(bigIntIn(ar, hi), ar.fromInt(2 ** 32)), ar.fromInt(Number(lo)));
}
