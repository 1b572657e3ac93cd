import { LayerproofError } from '../../core/LayerproofError.js';
import type { Arithmetic } from '../../exact/Arithmetic.js';
import { NotRepresentableError } from '../../exact/Arithmetic.js';
import { conv2dOver } from '../../linear/conv2dOver.js';
import { pool2dOver } from '../../linear/pool2dOver.js';
import { avgPoolMatrixOver, conv2dMatrixOver, depthwiseConv2dMatrixOver, sumPoolMatrixOver, type SparseOver } from '../../linear/windowMatrixOver.js';
import { gcnHiddenOver, gcnLayerOver, gcnOver } from '../../gcn/gcnOver.js';
import { meanRowsOver } from '../../gcn/meanRowsOver.js';
import { degreesOver, normalizeAdjacencyOver } from '../../gcn/normalizeAdjacencyOver.js';
import { softmaxOver } from '../../gcn/softmaxOver.js';
import { asConvRecord, asPoolRecord } from '../geometryRecords.js';
import type { OverFunction } from './evaluateOver.js';
import { symmetryOverFunctions } from './symmetryOverFunctions.js';
import {
  flattenOver, fromMatrix, fromVector, isRecord, matrixOver, plainNumber, reshapeOver, Scalar, scalarOf, shapeOfOver, vectorOver, type OverValue,
} from './OverValue.js';

function arg<T>(args: readonly OverValue<T>[], i: number, op: string, what: string): OverValue<T> {
  const v = args[i];
  if (v === undefined) throw LayerproofError.invalid({ op, argument: what, value: 'missing', expected: `${what} as argument ${i + 1}` });
  return v;
}

function sameShape<T>(op: string, argument: string, v: OverValue<T>, expected: readonly number[], what: string): void {
  const s = shapeOfOver(op, v);
  if (s.length !== expected.length || s.some((d, i) => d !== expected[i])) {
    throw LayerproofError.invalid({ op, argument, value: `an array of shape [${s.join(', ')}]`, expected: `of shape [${expected.join(', ')}], ${what}` });
  }
}

function record<T>(op: string, argument: string, v: OverValue<T>): Record<string, unknown> {
  if (!isRecord(v)) throw LayerproofError.invalid({ op, argument, value: 'not a record', expected: 'a geometry' });
  return v;
}

// A family's records are shared by its members' claims: their geometry is computed once per record.
const CONV_RECORDS = new WeakMap<object, ReturnType<typeof asConvRecord>>();
const POOL_RECORDS = new WeakMap<object, ReturnType<typeof asPoolRecord>>();

function convRecord<T>(op: string, g: OverValue<T>): ReturnType<typeof asConvRecord> {
  const r = record(op, 'g', g);
  let parsed = CONV_RECORDS.get(r);
  if (parsed === undefined) {
    parsed = asConvRecord(op, 'g', r);
    CONV_RECORDS.set(r, parsed);
  }
  return parsed;
}

function convParts<T>(ar: Arithmetic<T>, op: string, K: OverValue<T>, g: OverValue<T>) {
  const { record: r, geometry } = convRecord(op, g);
  sameShape(op, 'K', K, [r.kh, r.kw, r.cin, r.cout], 'the kernel [kh][kw][cin][cout] of the geometry g');
  return { r, geometry, kernel: flattenOver(ar, op, K) };
}

function poolParts<T>(op: string, q: OverValue<T>): ReturnType<typeof asPoolRecord> {
  const r = record(op, 'q', q);
  let parsed = POOL_RECORDS.get(r);
  if (parsed === undefined) {
    parsed = asPoolRecord(op, 'q', r);
    POOL_RECORDS.set(r, parsed);
  }
  return parsed;
}

function image<T>(ar: Arithmetic<T>, op: string, x: OverValue<T>, shape: readonly number[]): T[] {
  sameShape(op, 'x', x, shape, 'the input [h][w][c] of the geometry');
  return flattenOver(ar, op, x);
}

/**
 * The dense matrix of a sparse one as a claim value: stored entries as scalars, the others the
 * plain number 0, which a matrix product skips (as the sparse product does) instead of
 * multiplying a zero polynomial.
 */
function denseValue<T>(s: SparseOver<T>): OverValue<T> {
  const out: OverValue<T>[][] = [];
  for (let i = 0; i < s.rows; i++) {
    const row: OverValue<T>[] = Array.from({ length: s.cols }, () => 0);
    for (let k = s.rowPtr[i] as number; k < (s.rowPtr[i + 1] as number); k++) row[s.colIndex[k] as number] = new Scalar(s.values[k] as T);
    out.push(row);
  }
  return out;
}

/** Entry by entry over any numeric value (a leaf, or arrays of any depth). */
function mapLeaves<T>(ar: Arithmetic<T>, op: string, v: OverValue<T>, f: (x: T) => T): OverValue<T> {
  if (Array.isArray(v)) return (v as readonly OverValue<T>[]).map((x) => mapLeaves(ar, op, x, f));
  return new Scalar(f(scalarOf(ar, op, v)));
}

/** A list of weight matrices [W1, …, WL], or one matrix (a one-layer network). */
function weightList<T>(ar: Arithmetic<T>, op: string, v: OverValue<T>): T[][][] {
  if (!Array.isArray(v) || v.length === 0) throw LayerproofError.invalid({ op, argument: 'W', value: 'not a list', expected: 'a list of weight matrices [W1, …, WL] or one matrix' });
  const first = (v as readonly OverValue<T>[])[0] as OverValue<T>;
  if (Array.isArray(first) && (first as readonly OverValue<T>[]).every((x) => !Array.isArray(x))) return [matrixOver(ar, op, 'W', v)];
  return (v as readonly OverValue<T>[]).map((w, l) => matrixOver(ar, op, `W[${l}]`, w));
}

/** A row vector as a list (a 1×d matrix or a vector). */
function row<T>(ar: Arithmetic<T>, op: string, v: OverValue<T>): T[] {
  return vectorOver(ar, op, 'v', v);
}

/** D^e for a scalar, with the exponents a claim uses: integers, 1/2 and −1/2. */
function power<T>(ar: Arithmetic<T>, x: T, e: number): T {
  if (e === 0.5) return ar.sqrt(x);
  if (e === -0.5) return ar.rsqrt(x);
  if (Number.isInteger(e)) {
    let p = ar.one;
    for (let k = 0; k < Math.abs(e); k++) p = ar.mul(p, x);
    return e < 0 ? ar.div(ar.one, p) : p;
  }
  throw new NotRepresentableError(ar.name, `x^${e}`, 'only integer powers and the powers 1/2 and −1/2 are supported');
}

/**
 * The library functions of the claims over any arithmetic, each running the generic reference
 * code of src/linear and src/gcn (the same code the float64 functions are tested equal to),
 * and the few mathjs functions the claims call (identity, zeros, ones, diag, sum, floor).
 */
export function overFunctions(): Record<string, OverFunction> {
  const fns: Record<string, OverFunction> = {
    conv2d: (ar, args) => {
      const op = 'conv2d';
      const { r, geometry, kernel } = convParts(ar, op, arg(args, 1, op, 'K'), arg(args, 3, op, 'g'));
      const x = image(ar, op, arg(args, 0, op, 'x'), [r.h, r.w, r.cin]);
      const b = vectorOver(ar, op, 'b', arg(args, 2, op, 'b'));
      if (b.length !== r.cout) throw LayerproofError.invalid({ op, argument: 'b', value: `a vector of length ${b.length}`, expected: `one bias per output channel (${r.cout})` });
      return reshapeOver(conv2dOver(ar, x, kernel, geometry, { bias: b }), [r.oh, r.ow, r.cout]);
    },
    toeplitz: (ar, args) => {
      const op = 'toeplitz';
      const { geometry, kernel } = convParts(ar, op, arg(args, 0, op, 'K'), arg(args, 1, op, 'g'));
      return denseValue(conv2dMatrixOver(ar, kernel, geometry));
    },
    repeatBias: (ar, args) => {
      const op = 'repeatBias';
      const { record: r } = convRecord(op, arg(args, 1, op, 'g'));
      const b = vectorOver(ar, op, 'b', arg(args, 0, op, 'b'));
      if (b.length !== r.cout) throw LayerproofError.invalid({ op, argument: 'b', value: `a vector of length ${b.length}`, expected: `one bias per output channel (${r.cout})` });
      return fromVector(Array.from({ length: r.oh * r.ow * r.cout }, (_v, i) => b[i % r.cout] as T0<typeof b>));
    },
    avgPool: pool('avg'),
    sumPool: pool('sum'),
    maxPool: pool('max'),
    avgPoolMatrix: (ar, args) => denseValue(avgPoolMatrixOver(ar, poolParts('avgPoolMatrix', arg(args, 0, 'avgPoolMatrix', 'q')).geometry)),
    sumPoolMatrix: (ar, args) => denseValue(sumPoolMatrixOver(ar, poolParts('sumPoolMatrix', arg(args, 0, 'sumPoolMatrix', 'q')).geometry)),
    meanFilterMatrix: (ar, args) => {
      const { record: r, geometry } = poolParts('meanFilterMatrix', arg(args, 0, 'meanFilterMatrix', 'q'));
      const taps = r.kh * r.kw;
      const kernel = Array.from({ length: taps * r.c }, () => ar.div(ar.one, ar.fromInt(taps)));
      return denseValue(depthwiseConv2dMatrixOver(ar, kernel, geometry));
    },
    normalizeAdjacency: (ar, args) => fromMatrix(normalizeAdjacencyOver(ar, matrixOver(ar, 'normalizeAdjacency', 'A', arg(args, 0, 'normalizeAdjacency', 'A')))),
    degreeMatrix: (ar, args) => {
      const d = degreesOver(ar, matrixOver(ar, 'degreeMatrix', 'A', arg(args, 0, 'degreeMatrix', 'A')));
      return d.map((x, i) => d.map((_y, j) => (i === j ? new Scalar(x) : 0)));
    },
    gcnLayer: (ar, args) => {
      const op = 'gcnLayer';
      return fromMatrix(gcnLayerOver(ar, matrixOver(ar, op, 'H', arg(args, 0, op, 'H')), matrixOver(ar, op, 'A', arg(args, 1, op, 'A')), matrixOver(ar, op, 'W', arg(args, 2, op, 'W'))));
    },
    gcnHidden: (ar, args) => {
      const op = 'gcnHidden';
      const hidden = gcnHiddenOver(ar, matrixOver(ar, op, 'X', arg(args, 0, op, 'X')), matrixOver(ar, op, 'A', arg(args, 1, op, 'A')), weightList(ar, op, arg(args, 2, op, 'W')));
      return fromMatrix(hidden[hidden.length - 1] ?? []);
    },
    gcn: (ar, args) => {
      const op = 'gcn';
      return [fromVector(gcnOver(ar, matrixOver(ar, op, 'X', arg(args, 0, op, 'X')), matrixOver(ar, op, 'A', arg(args, 1, op, 'A')), weightList(ar, op, arg(args, 2, op, 'W'))))];
    },
    meanRows: (ar, args) => [fromVector(meanRowsOver(ar, matrixOver(ar, 'meanRows', 'H', arg(args, 0, 'meanRows', 'H'))))],
    softmax: (ar, args) => [fromVector(softmaxOver(ar, row(ar, 'softmax', arg(args, 0, 'softmax', 'v'))))],
    vec: (ar, args) => fromVector(flattenOver(ar, 'vec', arg(args, 0, 'vec', 'x'))),
    relu: (ar, args) => mapLeaves(ar, 'relu', arg(args, 0, 'relu', 'M'), (x) => ar.relu(x)),
    homogeneous: (ar, args) => {
      const op = 'homogeneous';
      const T = matrixOver(ar, op, 'T', arg(args, 0, op, 'T'));
      const c = vectorOver(ar, op, 'c', arg(args, 1, op, 'c'));
      if (c.length !== T.length) throw LayerproofError.invalid({ op, argument: 'c', value: `a vector of length ${c.length}`, expected: `a vector of length ${T.length}, the rows of T` });
      const cols = T[0]?.length ?? 0;
      return [...T.map((r, i) => [...r.map((x) => new Scalar(x)), new Scalar(c[i] as (typeof c)[number])]), [...Array.from({ length: cols }, () => 0), 1]];
    },
    append1: (ar, args) => [...fromVector(vectorOver(ar, 'append1', 'v', arg(args, 0, 'append1', 'v'))) as OverValue<never>[], 1],
    diagPow: (ar, args) => {
      const op = 'diagPow';
      const D = arg(args, 0, op, 'D');
      const e = plainNumber(op, 'e', arg(args, 1, op, 'e'));
      const m = matrixOver(ar, op, 'D', D);
      return m.map((r, i) => r.map((x, j) => {
        if (i !== j) {
          if (!ar.equals(x, ar.zero)) throw LayerproofError.invalid({ op, argument: `D[${i}][${j}]`, value: 'non-zero', expected: '0: D must be diagonal' });
          return 0;
        }
        return new Scalar(power(ar, x, e));
      }));
    },
    firstRow: (ar, args) => {
      const H = matrixOver(ar, 'firstRow', 'H', arg(args, 0, 'firstRow', 'H'));
      return [fromVector(H[0] ?? [])];
    },
    // mathjs's own functions that the claims call.
    identity: (_ar, args) => {
      const n = plainNumber('identity', 'n', arg(args, 0, 'identity', 'n'));
      return Array.from({ length: n }, (_r, i) => Array.from({ length: n }, (_c, j) => (i === j ? 1 : 0)));
    },
    zeros: (_ar, args) => filled(args.map((a, i) => plainNumber('zeros', `dimension ${i + 1}`, a)), 0),
    ones: (_ar, args) => filled(args.map((a, i) => plainNumber('ones', `dimension ${i + 1}`, a)), 1),
    diag: (ar, args) => {
      const v = arg(args, 0, 'diag', 'v');
      const s = shapeOfOver('diag', v);
      if (s.length !== 1) throw LayerproofError.invalid({ op: 'diag', argument: 'v', value: `shape [${s.join(', ')}]`, expected: 'a vector (the diagonal)' });
      const xs = v as readonly OverValue<typeof ar extends Arithmetic<infer U> ? U : never>[];
      return xs.map((x, i) => xs.map((_y, j) => (i === j ? x : 0)));
    },
    sum: sumOver,
    floor: (_ar, args) => Math.floor(plainNumber('floor', 'x', arg(args, 0, 'floor', 'x'))),
    // Shifts, flips, rotations, circular convolutions and named graphs (the translation and WL proofs).
    ...symmetryOverFunctions(),
  };
  return fns;
}

/** mathjs's sum(M) of every entry, sum(M, 1) of each column, sum(M, 2) of each row. */
function sumOver<T>(ar: Arithmetic<T>, args: readonly OverValue<T>[]): OverValue<T> {
  const op = 'sum';
  const M = arg(args, 0, op, 'M');
  const dim = args[1] === undefined ? undefined : plainNumber(op, 'dim', args[1]);
  const plus = (a: OverValue<T>, b: OverValue<T>): OverValue<T> =>
    (typeof a === 'number' && typeof b === 'number' ? a + b : new Scalar(ar.add(scalarOf(ar, op, a), scalarOf(ar, op, b))));
  if (dim === undefined) return new Scalar(flattenOver(ar, op, M).reduce((acc, x) => ar.add(acc, x), ar.zero));
  const rows = M as readonly (readonly OverValue<T>[])[];
  const zero: OverValue<T> = 0;
  if (dim === 2) return rows.map((r) => r.reduce<OverValue<T>>((acc, x) => plus(acc, x), zero));
  if (dim === 1) return (rows[0] ?? []).map((_x, j) => rows.reduce<OverValue<T>>((acc, r) => plus(acc, r[j] as OverValue<T>), zero));
  throw LayerproofError.invalid({ op, argument: 'dim', value: dim, expected: '1 (sum of each column) or 2 (sum of each row)' });
}

/** An array of the given dimensions filled with a plain number (values are never mutated, so rows may be shared). */
function filled<T>(dims: readonly number[], value: number): OverValue<T> {
  let out: unknown = value;
  for (let d = dims.length - 1; d >= 0; d--) {
    const inner = out;
    out = Array.from({ length: dims[d] as number }, () => inner);
  }
  return out as OverValue<T>;
}

type T0<V> = V extends readonly (infer U)[] ? U : never;

function pool(kind: 'avg' | 'sum' | 'max'): OverFunction {
  return (ar, args) => {
    const op = `${kind}Pool`;
    const { record: r, geometry } = poolParts(op, arg(args, 1, op, 'q'));
    const x = image(ar, op, arg(args, 0, op, 'x'), [r.h, r.w, r.c]);
    return reshapeOver(pool2dOver(ar, kind, x, geometry), [r.oh, r.ow, r.c]);
  };
}
