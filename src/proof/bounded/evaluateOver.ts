import type { MathNode } from 'mathjs';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { Arithmetic } from '../../exact/Arithmetic.js';
import { isRecord, plainNumber, Scalar, scalarOf, shapeOfOver, type OverValue } from './OverValue.js';

/** A library function of the claims, over an arithmetic. */
export type OverFunction = <T>(ar: Arithmetic<T>, args: readonly OverValue<T>[]) => OverValue<T>;

/** What an evaluation over an arithmetic needs: the arithmetic and the functions a claim may call. */
export interface OverContext<T> {
  readonly ar: Arithmetic<T>;
  readonly functions: Readonly<Record<string, OverFunction>>;
}

interface Node {
  readonly type: string;
  readonly name?: string;
  readonly value?: unknown;
  readonly fn?: string | Node;
  readonly op?: string;
  readonly args?: readonly MathNode[];
  readonly items?: readonly MathNode[];
  readonly content?: MathNode;
  readonly object?: MathNode;
  readonly index?: { readonly dimensions: readonly MathNode[]; readonly dotNotation?: boolean };
}

const NUMERIC_OPS: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  dotMultiply: (a, b) => a * b, dotDivide: (a, b) => a / b, pow: (a, b) => a ** b, mod: (a, b) => a % b,
};

function isLeaf<T>(v: OverValue<T>): v is Scalar<T> | number | boolean {
  return v instanceof Scalar || typeof v === 'number' || typeof v === 'boolean';
}

/** Entry by entry, with a leaf broadcast against an array (mathjs's rule for +, −, .*, ./). */
function elementwise<T>(op: string, a: OverValue<T>, b: OverValue<T>, f: (x: OverValue<T>, y: OverValue<T>) => OverValue<T>): OverValue<T> {
  if (isLeaf(a) && isLeaf(b)) return f(a, b);
  if (isLeaf(a)) return (b as readonly OverValue<T>[]).map((y) => elementwise(op, a, y, f));
  if (isLeaf(b)) return (a as readonly OverValue<T>[]).map((x) => elementwise(op, x, b, f));
  const xs = a as readonly OverValue<T>[];
  const ys = b as readonly OverValue<T>[];
  if (!Array.isArray(xs) || !Array.isArray(ys) || xs.length !== ys.length) {
    throw LayerproofError.invalid({ op, argument: 'operands', value: `shapes [${shapeOfOver(op, a).join(', ')}] and [${shapeOfOver(op, b).join(', ')}]`, expected: 'operands of one shape (or a number)' });
  }
  return xs.map((x: OverValue<T>, i) => elementwise(op, x, ys[i] as OverValue<T>, f));
}

/** A binary operation on two leaves: plain numbers stay plain, anything else is computed in the arithmetic. */
function leafOp<T>(ar: Arithmetic<T>, op: string, scalarOp: (x: T, y: T) => T): (a: OverValue<T>, b: OverValue<T>) => OverValue<T> {
  const numeric = NUMERIC_OPS[op];
  return (a, b) => {
    if (typeof a === 'number' && typeof b === 'number' && numeric !== undefined) return numeric(a, b);
    return new Scalar(scalarOp(scalarOf(ar, op, a), scalarOf(ar, op, b)));
  };
}

/** The matrix product with mathjs's conventions for vectors (1-D arrays). */
function multiply<T>(ar: Arithmetic<T>, a: OverValue<T>, b: OverValue<T>): OverValue<T> {
  if (isLeaf(a) || isLeaf(b)) return elementwise('multiply', a, b, leafOp(ar, 'multiply', (x, y) => ar.mul(x, y)));
  const sa = shapeOfOver('multiply', a);
  const sb = shapeOfOver('multiply', b);
  const inner = sa[sa.length - 1];
  if (sa.length > 2 || sb.length > 2 || inner !== sb[0]) {
    throw LayerproofError.invalid({ op: 'multiply', argument: 'operands', value: `shapes [${sa.join(', ')}] and [${sb.join(', ')}]`, expected: 'a matrix product whose inner sizes agree' });
  }
  const A: readonly (readonly OverValue<T>[])[] = sa.length === 1 ? [a as readonly OverValue<T>[]] : (a as readonly (readonly OverValue<T>[])[]);
  const B: readonly (readonly OverValue<T>[])[] = sb.length === 1 ? (b as readonly OverValue<T>[]).map((x) => [x]) : (b as readonly (readonly OverValue<T>[])[]);
  const cols = B[0]?.length ?? 0;
  const product = (x: OverValue<T>, y: OverValue<T>): OverValue<T> => leafOp(ar, 'multiply', (p, q) => ar.mul(p, q))(x, y);
  const plus = leafOp(ar, 'add', (p, q) => ar.add(p, q));
  const out = A.map((row) => Array.from({ length: cols }, (_c, j) => {
    let s: OverValue<T> = 0;
    for (let k = 0; k < row.length; k++) {
      const x = row[k] as OverValue<T>;
      const y = (B[k] as readonly OverValue<T>[])[j] as OverValue<T>;
      // Plain zeros (of a permutation or an identity) contribute nothing: skip them, as a sparse product would.
      if (x === 0 || y === 0) continue;
      s = plus(s, product(x, y));
    }
    return s;
  }));
  if (sa.length === 1 && sb.length === 1) return (out[0] as readonly OverValue<T>[])[0] as OverValue<T>;
  if (sa.length === 1) return out[0] as OverValue<T>;
  if (sb.length === 1) return out.map((row) => row[0] as OverValue<T>);
  return out;
}

function transpose<T>(a: OverValue<T>): OverValue<T> {
  if (isLeaf(a)) return a;
  const m = a as readonly OverValue<T>[];
  if (m.length === 0 || !Array.isArray(m[0])) return a; // a vector: mathjs leaves it as it is
  const rows = m as readonly (readonly OverValue<T>[])[];
  const cols = rows[0]?.length ?? 0;
  return Array.from({ length: cols }, (_c, j) => rows.map((row) => row[j] as OverValue<T>));
}

function negate<T>(ar: Arithmetic<T>, a: OverValue<T>): OverValue<T> {
  if (typeof a === 'number') return -a;
  if (isLeaf(a)) return new Scalar(ar.neg(scalarOf(ar, 'unaryMinus', a)));
  return (a as readonly OverValue<T>[]).map((x) => negate(ar, x));
}

/**
 * Evaluates a claim's expression (a mathjs tree) over an arithmetic: the same expression that
 * mathjs evaluates in float64 for the evidence, here on exact polynomials, residues modulo a
 * prime or rational intervals. The operators follow mathjs's semantics (`*` is the matrix
 * product, `'` the transpose, `.*` and `./` entry by entry, numbers broadcast); the functions
 * are the library's, run over the same arithmetic.
 */
export function evaluateOver<T>(node: MathNode, scope: Readonly<Record<string, OverValue<T>>>, ctx: OverContext<T>): OverValue<T> {
  const { ar } = ctx;
  const n = node as unknown as Node;
  const ev = (m: MathNode): OverValue<T> => evaluateOver(m, scope, ctx);
  switch (n.type) {
    case 'ConstantNode': {
      if (typeof n.value === 'number' || typeof n.value === 'string' || typeof n.value === 'boolean') return n.value;
      throw LayerproofError.invalid({ op: 'evaluate', argument: 'constant', value: String(n.value), expected: 'a number or a string' });
    }
    case 'SymbolNode': {
      const name = n.name ?? '';
      const v = scope[name];
      if (v !== undefined) return v;
      if (name === 'pi' || name === 'e') throw LayerproofError.invalid({ op: 'evaluate', argument: name, value: name, expected: 'a rational constant (π and e have no exact value here)' });
      throw LayerproofError.invalid({ op: 'evaluate', argument: name, value: 'undefined', expected: 'a variable of the claim' });
    }
    case 'ParenthesisNode':
      return ev(n.content as MathNode);
    case 'ArrayNode':
      return (n.items ?? []).map(ev);
    case 'AccessorNode': {
      const obj = ev(n.object as MathNode);
      const dims = n.index?.dimensions ?? [];
      const key = dims.length === 1 ? (dims[0] as unknown as Node).value : undefined;
      if (typeof key !== 'string' || !isRecord(obj)) {
        throw LayerproofError.invalid({ op: 'evaluate', argument: 'accessor', value: String(key), expected: 'a field of a geometry, e.g. g.oh' });
      }
      const v = obj[key];
      if (v === undefined) throw LayerproofError.invalid({ op: 'evaluate', argument: `.${key}`, value: key, expected: `a field of the record: ${Object.keys(obj).join(', ')}` });
      return v;
    }
    case 'OperatorNode': {
      const args = (n.args ?? []).map(ev);
      const fn = n.fn as string;
      const [a, b] = args as [OverValue<T>, OverValue<T> | undefined];
      switch (fn) {
        case 'unaryPlus': return a;
        case 'unaryMinus': return negate(ar, a);
        case 'transpose':
        case 'ctranspose': return transpose(a);
        case 'add': return elementwise(fn, a, b as OverValue<T>, leafOp(ar, fn, (x, y) => ar.add(x, y)));
        case 'subtract': return elementwise(fn, a, b as OverValue<T>, leafOp(ar, fn, (x, y) => ar.sub(x, y)));
        case 'dotMultiply': return elementwise(fn, a, b as OverValue<T>, leafOp(ar, fn, (x, y) => ar.mul(x, y)));
        case 'dotDivide': return elementwise(fn, a, b as OverValue<T>, leafOp(ar, fn, (x, y) => ar.div(x, y)));
        case 'multiply': return multiply(ar, a, b as OverValue<T>);
        case 'divide': {
          if (!isLeaf(b as OverValue<T>)) throw LayerproofError.invalid({ op: 'divide', argument: 'divisor', value: 'an array', expected: 'a number (division by a matrix is not supported exactly)' });
          return elementwise(fn, a, b as OverValue<T>, leafOp(ar, fn, (x, y) => ar.div(x, y)));
        }
        case 'pow':
        case 'mod': {
          if (typeof a === 'number' && typeof b === 'number') return (NUMERIC_OPS[fn] as (x: number, y: number) => number)(a, b);
          throw LayerproofError.invalid({ op: fn, argument: 'operands', value: 'a symbolic value', expected: 'plain numbers' });
        }
        default:
          throw LayerproofError.invalid({ op: 'evaluate', argument: 'operator', value: n.op ?? fn, expected: "+, -, *, /, .*, ./, ' (the operators the exact engine knows)" });
      }
    }
    case 'FunctionNode': {
      const name = (n.fn as Node).name ?? '';
      const f = ctx.functions[name];
      if (f === undefined) {
        throw LayerproofError.invalid({ op: 'evaluate', argument: 'function', value: name, expected: `a function the exact engine knows: ${Object.keys(ctx.functions).sort().join(', ')}` });
      }
      return f(ar, (n.args ?? []).map(ev));
    }
    default:
      throw LayerproofError.invalid({ op: 'evaluate', argument: 'expression', value: n.type, expected: 'numbers, variables, operators, arrays, g.field and function calls' });
  }
}

/** Re-exported for the functions: a plain number argument. */
export { plainNumber };
