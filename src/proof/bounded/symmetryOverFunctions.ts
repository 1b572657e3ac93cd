import { LayerproofError } from '../../core/LayerproofError.js';
import type { Arithmetic } from '../../exact/Arithmetic.js';
import { circularConv2dOver } from '../../linear/circularConv2dOver.js';
import { globalPool2dOver } from '../../linear/globalPool2dOver.js';
import { cyclicShiftOver } from '../../symmetry/cyclicShiftOver.js';
import { flipOver } from '../../symmetry/flipOver.js';
import { rotate90Over } from '../../symmetry/rotate90Over.js';
import { zeroShiftOver } from '../../symmetry/zeroShiftOver.js';
import { asConvRecord, type ConvRecord } from '../geometryRecords.js';
import { cycleGraph, disjointCycles, pathGraph, starGraph } from '../namedGraphs.js';
import { maskBand } from '../symmetryFunctions.js';
import { cyclicShiftMatrix, flipRecord, rotateRecord, shiftBand } from '../symmetryRecords.js';
import { circularMatrixOver } from '../../linear/circularMatrixOver.js';
import type { OverFunction } from './evaluateOver.js';
import { flattenOver, fromVector, isRecord, plainNumber, reshapeOver, Scalar, scalarOf, shapeOfOver, vectorOver, type OverValue } from './OverValue.js';

function arg<T>(args: readonly OverValue<T>[], i: number, op: string, what: string): OverValue<T> {
  const v = args[i];
  if (v === undefined) throw LayerproofError.invalid({ op, argument: what, value: 'missing', expected: `${what} as argument ${i + 1}` });
  return v;
}

function integer<T>(op: string, argument: string, v: OverValue<T>): number {
  const n = plainNumber(op, argument, v);
  if (!Number.isInteger(n)) throw LayerproofError.invalid({ op, argument, value: n, expected: 'an integer' });
  return n;
}

/** The leaves of a value (scalars and plain numbers as they are, so plain zeros stay plain) and its shape. */
function leaves<T>(op: string, v: OverValue<T>): { shape: number[]; data: OverValue<T>[] } {
  const shape = shapeOfOver(op, v);
  if (shape.length < 2) throw LayerproofError.invalid({ op, argument: 'x', value: `a value of shape [${shape.join(', ')}]`, expected: 'an image [H][W][C] or a kernel [kh][kw][cin][cout]' });
  const data: OverValue<T>[] = [];
  const walk = (x: OverValue<T>): void => {
    if (Array.isArray(x)) for (const e of x as readonly OverValue<T>[]) walk(e);
    else data.push(x);
  };
  walk(v);
  return { shape, data };
}

function nest<T>(data: readonly OverValue<T>[], shape: readonly number[]): OverValue<T> {
  let at = 0;
  const build = (d: number): OverValue<T> => (d === shape.length ? (data[at++] as OverValue<T>) : Array.from({ length: shape[d] as number }, () => build(d + 1)));
  return build(0);
}

function remap(op: string, f: <V>(data: V[], shape: number[], zero: V) => { data: V[]; shape: number[] }): OverFunction {
  return (_ar, args) => {
    const { shape, data } = leaves(op, arg(args, 0, op, 'x'));
    const out = f(data, shape, 0);
    return nest(out.data, out.shape);
  };
}

// Records are shared by the members of a family: each derived record is made once per record.
const RECORDS = new WeakMap<object, ReturnType<typeof asConvRecord>>();
const DERIVED = new Map<string, WeakMap<object, ConvRecord>>();

function convRecord<T>(op: string, g: OverValue<T>): ReturnType<typeof asConvRecord> {
  if (!isRecord(g)) throw LayerproofError.invalid({ op, argument: 'g', value: 'not a record', expected: 'a convolution geometry' });
  let parsed = RECORDS.get(g);
  if (parsed === undefined) {
    parsed = asConvRecord(op, 'g', g);
    RECORDS.set(g, parsed);
  }
  return parsed;
}

function derived(op: string, make: (g: unknown) => ConvRecord): OverFunction {
  let cache = DERIVED.get(op);
  if (cache === undefined) {
    cache = new WeakMap();
    DERIVED.set(op, cache);
  }
  const memo = cache;
  return (_ar, args) => {
    const g = arg(args, 0, op, 'g');
    if (!isRecord(g)) throw LayerproofError.invalid({ op, argument: 'g', value: 'not a record', expected: 'a convolution geometry' });
    let r = memo.get(g);
    if (r === undefined) {
      r = make(g);
      memo.set(g, r);
    }
    return r;
  };
}

function sameShape<T>(op: string, argument: string, v: OverValue<T>, expected: readonly number[], what: string): void {
  const s = shapeOfOver(op, v);
  if (s.length !== expected.length || s.some((d, i) => d !== expected[i])) {
    throw LayerproofError.invalid({ op, argument, value: `an array of shape [${s.join(', ')}]`, expected: `of shape [${expected.join(', ')}], ${what}` });
  }
}

function globalPool(kind: 'avg' | 'max'): OverFunction {
  return (ar, args) => {
    const op = kind === 'avg' ? 'globalAvgPool' : 'globalMaxPool';
    const y = arg(args, 0, op, 'y');
    const shape = shapeOfOver(op, y);
    if (shape.length !== 3) throw LayerproofError.invalid({ op, argument: 'y', value: `a value of shape [${shape.join(', ')}]`, expected: 'an image [h][w][c]' });
    return fromVector(globalPool2dOver(ar, kind, flattenOver(ar, op, y), shape as [number, number, number]));
  };
}

const zeroLike = <T>(v: OverValue<T>): OverValue<T> => (Array.isArray(v) ? (v as readonly OverValue<T>[]).map(zeroLike) : 0);

/** mathjs's trace, which the claims call (the number of closed walks of length 3 is 6× the number of triangles). */
function trace<T>(ar: Arithmetic<T>, args: readonly OverValue<T>[]): OverValue<T> {
  const M = arg(args, 0, 'trace', 'M');
  const s = shapeOfOver('trace', M);
  if (s.length !== 2 || s[0] !== s[1]) throw LayerproofError.invalid({ op: 'trace', argument: 'M', value: `shape [${s.join(', ')}]`, expected: 'a square matrix' });
  const diagonal = (M as readonly (readonly OverValue<T>[])[]).map((row, i) => row[i] as OverValue<T>);
  // Plain integers (an adjacency's walks) stay plain; anything else is summed in the arithmetic.
  if (diagonal.every((d): d is number => typeof d === 'number')) return diagonal.reduce((a, b) => a + b, 0);
  return new Scalar(diagonal.reduce((acc, d) => ar.add(acc, scalarOf(ar, 'trace', d)), ar.zero));
}

function graph(op: string, f: (...n: unknown[]) => number[][]): OverFunction {
  return (_ar, args) => f(...args.map((a, i) => plainNumber(op, `argument ${i + 1}`, a)));
}

/**
 * The functions of the translation, flip and rotation proofs and of the Weisfeiler–Leman claims
 * over any arithmetic: the same generic code as their float64 face (`symmetryFunctions`), run on
 * symbols. Shifts, flips and rotations only move entries; plain zeros (the fill of a zero shift)
 * stay plain numbers, which the matrix product skips.
 */
export function symmetryOverFunctions(): Record<string, OverFunction> {
  return {
    shift: (ar, args) => {
      const s: [number, number] = [integer('shift', 'a', arg(args, 1, 'shift', 'a')), integer('shift', 'b', arg(args, 2, 'shift', 'b'))];
      return remap('shift', (d, shape) => ({ data: cyclicShiftOver(d, shape, s), shape }))(ar, args);
    },
    zeroShift: (ar, args) => {
      const s: [number, number] = [integer('zeroShift', 'a', arg(args, 1, 'zeroShift', 'a')), integer('zeroShift', 'b', arg(args, 2, 'zeroShift', 'b'))];
      return remap('zeroShift', (d, shape, zero) => ({ data: zeroShiftOver(d, shape, s, zero), shape }))(ar, args);
    },
    hflip: remap('hflip', (d, shape) => ({ data: flipOver(d, shape, 'columns'), shape })),
    vflip: remap('vflip', (d, shape) => ({ data: flipOver(d, shape, 'rows'), shape })),
    rot90: remap('rot90', (d, shape) => rotate90Over(d, shape, 1)),
    circularConv2d: (ar, args) => {
      const op = 'circularConv2d';
      const { record: r, geometry } = convRecord(op, arg(args, 3, op, 'g'));
      const x = arg(args, 0, op, 'x');
      const K = arg(args, 1, op, 'K');
      sameShape(op, 'x', x, [r.h, r.w, r.cin], 'the input [h][w][c] of the geometry');
      sameShape(op, 'K', K, [r.kh, r.kw, r.cin, r.cout], 'the kernel [kh][kw][cin][cout] of the geometry g');
      const b = vectorOver(ar, op, 'b', arg(args, 2, op, 'b'));
      if (b.length !== r.cout) throw LayerproofError.invalid({ op, argument: 'b', value: `a vector of length ${b.length}`, expected: `one bias per output channel (${r.cout})` });
      return reshapeOver(circularConv2dOver(ar, flattenOver(ar, op, x), flattenOver(ar, op, K), geometry, { bias: b }), [r.oh, r.ow, r.cout]);
    },
    shiftMatrix: (_ar, args) => {
      const op = 'shiftMatrix';
      const [h, w, c, a, b] = ['h', 'w', 'c', 'a', 'b'].map((name, i) => integer(op, name, arg(args, i, op, name))) as [number, number, number, number, number];
      return cyclicShiftMatrix(op, h, w, c, a, b);
    },
    circularMatrix: (ar, args) => {
      const op = 'circularMatrix';
      const { record: r, geometry } = convRecord(op, arg(args, 1, op, 'g'));
      const K = arg(args, 0, op, 'K');
      sameShape(op, 'K', K, [r.kh, r.kw, r.cin, r.cout], 'the kernel [kh][kw][cin][cout] of the geometry g');
      // Entries no tap reaches stay plain zeros, which the matrix product skips.
      return circularMatrixOver(ar, flattenOver(ar, op, K), geometry).map((row) => row.map((x) => (ar.equals(x, ar.zero) ? 0 : new Scalar(x))));
    },
    outsideBand: (_ar, args) => {
      const op = 'outsideBand';
      const g = arg(args, 1, op, 'g');
      convRecord(op, g);
      const band = shiftBand(op, g, integer(op, 'a', arg(args, 2, op, 'a')), integer(op, 'b', arg(args, 3, op, 'b')));
      const M = arg(args, 0, op, 'M');
      if (shapeOfOver(op, M).length !== 3) throw LayerproofError.invalid({ op, argument: 'M', value: 'not an image', expected: 'an output image [oh][ow][c] of the layer g' });
      return maskBand(op, M as readonly OverValue<unknown>[], band, zeroLike) as OverValue<never>;
    },
    globalAvgPool: globalPool('avg'),
    globalMaxPool: globalPool('max'),
    hflipGeometry: derived('hflipGeometry', (g) => flipRecord('hflipGeometry', g, 'columns')),
    vflipGeometry: derived('vflipGeometry', (g) => flipRecord('vflipGeometry', g, 'rows')),
    rot90Geometry: derived('rot90Geometry', (g) => rotateRecord('rot90Geometry', g)),
    cycleGraph: graph('cycleGraph', (n) => cycleGraph(n)),
    disjointCycles: graph('disjointCycles', (k, m) => disjointCycles(k, m)),
    pathGraph: graph('pathGraph', (n) => pathGraph(n)),
    starGraph: graph('starGraph', (n) => starGraph(n)),
    // mathjs's trace, which the claims call (the number of closed walks of length 3 is 6× the triangles).
    trace,
  };
}
