import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { float64Arithmetic } from '../../src/exact/float64Arithmetic.js';
import { circularConv2dOver } from '../../src/linear/circularConv2dOver.js';
import { circularMatrixOver } from '../../src/linear/circularMatrixOver.js';
import { conv2dOver } from '../../src/linear/conv2dOver.js';
import { convGeometry, type ConvGeometry, type Padding } from '../../src/linear/convGeometry.js';
import { conv2dMatrix } from '../../src/linear/conv2dMatrix.js';
import { globalPool2dOver } from '../../src/linear/globalPool2dOver.js';
import { borderBand } from '../../src/symmetry/borderBand.js';
import { cyclicShiftOver } from '../../src/symmetry/cyclicShiftOver.js';
import { cyclicTranslation } from '../../src/symmetry/cyclicTranslation.js';
import { flip } from '../../src/symmetry/flip.js';
import { flipOver } from '../../src/symmetry/flipOver.js';
import { rotate90Over } from '../../src/symmetry/rotate90Over.js';
import { rotation90 } from '../../src/symmetry/rotation90.js';
import { shapedArray } from '../../src/symmetry/ShapedArray.js';
import { zeroShiftOver } from '../../src/symmetry/zeroShiftOver.js';
import { zeroTranslation } from '../../src/symmetry/zeroTranslation.js';
import { asConvRecord, convRecordOf, type ConvRecord } from '../../src/proof/geometryRecords.js';
import { cycleGraph, disjointCycles, pathGraph, starGraph } from '../../src/proof/namedGraphs.js';
import { symmetryFunctions } from '../../src/proof/symmetryFunctions.js';
import { axisBand, flipRecord, rotateRecord, shiftBand, transposeRecord } from '../../src/proof/symmetryRecords.js';
import { circularRecord, strideRecords, type LayerShape } from '../../src/proof/symmetryFamilies.js';

/** A small image [h, w, c] of integers in [−3, 3] (float sums exact). */
const imageArb = fc.record({ h: fc.integer({ min: 1, max: 5 }), w: fc.integer({ min: 1, max: 5 }), c: fc.integer({ min: 1, max: 3 }) })
  .chain(({ h, w, c }) => fc.array(fc.integer({ min: -3, max: 3 }), { minLength: h * w * c, maxLength: h * w * c }).map((data) => ({ shape: [h, w, c] as [number, number, number], data })));

const layerArb: fc.Arbitrary<LayerShape> = fc.record({
  h: fc.integer({ min: 1, max: 5 }), w: fc.integer({ min: 1, max: 5 }), cin: fc.integer({ min: 1, max: 2 }), cout: fc.integer({ min: 1, max: 2 }),
  kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }), dh: fc.integer({ min: 1, max: 2 }), dw: fc.integer({ min: 1, max: 2 }),
});

const ints = (n: number, seed: number): number[] => Array.from({ length: n }, (_v, i) => (((i + 1) * 7919 + seed * 104729) % 7) - 3);

const geometryOf = (r: ConvRecord): ConvGeometry => asConvRecord('test', 'g', r).geometry;

function conv(x: readonly number[], kernel: readonly number[], r: ConvRecord, bias?: readonly number[]): number[] {
  return conv2dOver(float64Arithmetic, x, kernel, geometryOf(r), bias === undefined ? {} : { bias });
}

describe('the generic image actions are the symmetry library actions', () => {
  test.prop([imageArb, fc.integer({ min: -6, max: 6 }), fc.integer({ min: -6, max: 6 })], { numRuns: 60 })('cyclicShiftOver = cyclicTranslation().apply, zeroShiftOver = zeroTranslation().apply', (x, a, b) => {
    const s = shapedArray(x.data, x.shape);
    expect(cyclicShiftOver(x.data, x.shape, [a, b])).toEqual(Array.from(cyclicTranslation().apply(s, [a, b]).data));
    expect(zeroShiftOver(x.data, x.shape, [a, b], 0)).toEqual(Array.from(zeroTranslation().apply(s, [a, b]).data));
  });

  test.prop([imageArb], { numRuns: 40 })('flipOver = flip().apply (columns: horizontal, rows: vertical); rotate90Over = rotation90().apply on squares', (x) => {
    const s = shapedArray(x.data, x.shape);
    expect(flipOver(x.data, x.shape, 'columns')).toEqual(Array.from(flip('horizontal').apply(s, 'horizontal').data));
    expect(flipOver(x.data, x.shape, 'rows')).toEqual(Array.from(flip('vertical').apply(s, 'vertical').data));
    const n = Math.min(x.shape[0], x.shape[1]);
    const square = { shape: [n, n, x.shape[2]], data: x.data.slice(0, n * n * x.shape[2]) };
    for (const q of [0, 1, 2, 3] as const) {
      expect(rotate90Over(square.data, square.shape, q).data).toEqual(Array.from(rotation90().apply(shapedArray(square.data, square.shape), q).data));
    }
  });

  test('negative control: a cyclic shift is not the zero-fill one, and a quarter turn is not a flip', () => {
    const data = Array.from({ length: 3 * 2 }, (_v, i) => i + 1);
    expect(cyclicShiftOver(data, [3, 2, 1], [1, 0])).not.toEqual(zeroShiftOver(data, [3, 2, 1], [1, 0], 0));
    expect(rotate90Over(data.slice(0, 4), [2, 2, 1], 1).data).not.toEqual(flipOver(data.slice(0, 4), [2, 2, 1], 'rows'));
    // A rectangle turns into its transpose: [3, 2] → [2, 3], x[j, W − 1 − i].
    expect(rotate90Over(data, [3, 2, 1], 1)).toEqual({ data: [2, 4, 6, 1, 3, 5], shape: [2, 3, 1] });
  });

  test('an array whose length does not match its shape is refused with the shape named', () => {
    expect(() => cyclicShiftOver([1, 2, 3], [2, 2, 1], [1, 0])).toThrow(/x\.length.*4, the entries of an array of shape \[2, 2, 1\]/);
    expect(() => flipOver([1], [1], 'rows')).toThrow(LayerproofError);
  });
});

describe('circularConv2dOver and circularMatrixOver', () => {
  /** x extended periodically by the pads of g, then the 'valid' layer: an independent construction of circular padding. */
  function wrapPadded(x: readonly number[], r: ConvRecord): { data: number[]; record: ConvRecord } {
    const [H, W] = [r.h + r.pt + r.pb, r.w + r.pl + r.pr];
    const mod = (v: number, n: number): number => ((v % n) + n) % n;
    const data: number[] = [];
    for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let c = 0; c < r.cin; c++) data.push(x[(mod(i - r.pt, r.h) * r.w + mod(j - r.pl, r.w)) * r.cin + c] as number);
    const g = convGeometry({ op: 'test', inputShape: [H, W, r.cin], kernelSize: [r.kh, r.kw], strides: [r.sh, r.sw], dilations: [r.dh, r.dw], padding: 'valid' });
    return { data, record: convRecordOf(g, r.cout, 'valid') };
  }

  test.prop([layerArb, fc.integer({ min: 1, max: 2 }), fc.nat(1000)], { numRuns: 80 })('equals the valid layer on the periodically padded input (stride 1 and 2)', (l, s, seed) => {
    const r = circularRecord({ ...l, h: l.h * s, w: l.w * s }, s);
    fc.pre(r !== undefined);
    if (r === undefined) return;
    const x = ints(r.h * r.w * r.cin, seed);
    const K = ints(r.kh * r.kw * r.cin * r.cout, seed + 1);
    const b = ints(r.cout, seed + 2);
    const padded = wrapPadded(x, r);
    expect(circularConv2dOver(float64Arithmetic, x, K, geometryOf(r), { bias: b })).toEqual(conv(padded.data, K, padded.record, b));
    // Its matrix multiplies the same way.
    const C = circularMatrixOver(float64Arithmetic, K, geometryOf(r));
    expect(C.map((row) => row.reduce((acc, v, j) => acc + v * (x[j] as number), 0))).toEqual(circularConv2dOver(float64Arithmetic, x, K, geometryOf(r)));
  });

  test('negative control: zero padding is not circular padding (an all-ones 3×3 kernel on an all-ones 3×3 image: 4 at a corner, 9 with wrap)', () => {
    const r = circularRecord({ h: 3, w: 3, cin: 1, cout: 1, kh: 3, kw: 3, dh: 1, dw: 1 }, 1);
    if (r === undefined) throw new Error('no record');
    const ones = Array.from({ length: 9 }, () => 1);
    expect(circularConv2dOver(float64Arithmetic, ones, ones, geometryOf(r))).toEqual(Array.from({ length: 9 }, () => 9));
    expect(conv(ones, ones, r)[0]).toBe(4);
    // …and its matrix is not the zero-padded Toeplitz matrix.
    const zeroPadded = conv2dMatrix({ shape: [3, 3, 1, 1], data: Float64Array.from(ones) }, { inputShape: [3, 3, 1], padding: 'same' }).matrix.toDense().to2DArray();
    expect(circularMatrixOver(float64Arithmetic, ones, geometryOf(r))).not.toEqual(zeroPadded);
  });

  test('global pooling: the mean and the largest value of each channel', () => {
    const x = [1, 10, 2, 20, 3, 30, 6, 60]; // 2×2×2
    expect(globalPool2dOver(float64Arithmetic, 'avg', x, [2, 2, 2])).toEqual([3, 30]);
    expect(globalPool2dOver(float64Arithmetic, 'max', x, [2, 2, 2])).toEqual([6, 60]);
    expect(() => globalPool2dOver(float64Arithmetic, 'avg', x, [2, 2, 3])).toThrow(/globalAvgPool.*shape \[2, 2, 3\]/);
  });
});

describe('the border band of a zero-padded layer', () => {
  const paddingArb: fc.Arbitrary<Padding> = fc.oneof(fc.constant('valid' as const), fc.constant('same' as const), fc.tuple(fc.tuple(fc.nat(1), fc.nat(1)), fc.tuple(fc.nat(1), fc.nat(1))));
  const caseArb = fc.record({ l: layerArb, s: fc.integer({ min: 1, max: 2 }), padding: paddingArb, t: fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })) });

  function recordOf(l: LayerShape, s: number, padding: Padding): ConvRecord | undefined {
    try {
      const g = convGeometry({ op: 'test', inputShape: [l.h, l.w, l.cin], kernelSize: [l.kh, l.kw], strides: [s, s], dilations: [l.dh, l.dw], padding });
      return convRecordOf(g, l.cout, typeof padding === 'string' ? padding : 'explicit');
    } catch {
      return undefined;
    }
  }

  const indices = (mask: readonly boolean[]): number[] => mask.flatMap((v, i) => (v ? [i] : []));

  test.prop([caseArb], { numRuns: 150 })('shiftBand equals the symmetry library borderBand (a layer with a bias), strides and dilations included', ({ l, s, padding, t }) => {
    const r = recordOf(l, s, padding);
    fc.pre(r !== undefined);
    if (r === undefined) return;
    const [a, b] = [t[0] * s, t[1] * s];
    const ours = shiftBand('test', r, a, b);
    const theirs = borderBand({ inputSize: [r.h, r.w], layers: { kernelSize: [r.kh, r.kw], strides: s, dilations: [r.dh, r.dw], padding: [[r.pt, r.pb], [r.pl, r.pr]] }, shift: [a, b] });
    expect([indices(ours.rows), indices(ours.columns), ours.outputShift]).toEqual([theirs.rows, theirs.columns, theirs.outputShift]);
  });

  test.prop([caseArb, fc.nat(1000)], { numRuns: 150 })('outside the band, f(S⁰x) = S⁰f(x) entry by entry (float64, integer data)', ({ l, s, padding, t }, seed) => {
    const r = recordOf(l, s, padding);
    fc.pre(r !== undefined);
    if (r === undefined) return;
    const [a, b] = [t[0] * s, t[1] * s];
    const x = ints(r.h * r.w * r.cin, seed);
    const K = ints(r.kh * r.kw * r.cin * r.cout, seed + 3);
    const bias = ints(r.cout, seed + 5);
    const lhs = conv(zeroShiftOver(x, [r.h, r.w, r.cin], [a, b], 0), K, r, bias);
    const rhs = zeroShiftOver(conv(x, K, r, bias), [r.oh, r.ow, r.cout], [t[0], t[1]], 0);
    const band = shiftBand('test', r, a, b);
    lhs.forEach((v, i) => {
      const pixel = Math.floor(i / r.cout);
      const [h, w] = [Math.floor(pixel / r.ow), pixel % r.ow];
      if (band.rows[h] !== true && band.columns[w] !== true) expect(v).toBe(rhs[i]);
    });
  });

  test("negative control: a band that leaves out the bias rows is too narrow ('same' 3×3 on 5 rows, shift 2: rows 0 and 1 differ by the bias)", () => {
    // Bias-free, the band would be [max(0, a − q), a) ∪ [n − q, n) = {1, 4}; with the bias it is {0, 1, 4}.
    expect(axisBand('test', 5, 5, 3, 1, 1, 1, 2).flatMap((v, i) => (v ? [i] : []))).toEqual([0, 1, 4]);
    expect(borderBand({ inputSize: [5, 5], layers: { kernelSize: 3, padding: 'same', bias: false }, shift: [2, 0] }).rows).toEqual([1, 4]);
    const r = recordOf({ h: 5, w: 1, cin: 1, cout: 1, kh: 3, kw: 1, dh: 1, dw: 1 }, 1, 'same');
    if (r === undefined) throw new Error('no record');
    const x = [1, 2, 3, 4, 5];
    const lhs = conv(zeroShiftOver(x, [5, 1, 1], [2, 0], 0), [1, 1, 1], r, [7]);
    const rhs = zeroShiftOver(conv(x, [1, 1, 1], r, [7]), [5, 1, 1], [2, 0], 0);
    expect([lhs[0], rhs[0]]).toEqual([7, 0]);
  });

  test('a shift that is not a multiple of the stride is refused, naming the stride', () => {
    const r = recordOf({ h: 4, w: 4, cin: 1, cout: 1, kh: 3, kw: 3, dh: 1, dw: 1 }, 2, 'same');
    expect(() => shiftBand('outsideBand', r, 1, 0)).toThrow(/outsideBand.*multiple of the stride 2/);
  });
});

describe('the layer that a flip or a rotation turns a layer into', () => {
  const layer = (l: LayerShape, s: number): ConvRecord[] => strideRecords({ ...l, h: l.h * s, w: l.w * s }, s, 'any');

  test.prop([layerArb, fc.integer({ min: 1, max: 2 }), fc.nat(1000)], { numRuns: 80 })('flip(conv_g(x, K)) = conv_{g′}(flip x, flip K) on both axes, strides included (where no crop is needed)', (l, s, seed) => {
    for (const r of layer(l, s)) {
      const x = ints(r.h * r.w * r.cin, seed);
      const K = ints(r.kh * r.kw * r.cin * r.cout, seed + 1);
      for (const axis of ['rows', 'columns'] as const) {
        let flipped: ConvRecord;
        try {
          flipped = flipRecord('test', r, axis);
        } catch (error) {
          expect(error).toBeInstanceOf(LayerproofError);
          continue;
        }
        const lhs = flipOver(conv(x, K, r), [r.oh, r.ow, r.cout], axis);
        expect(conv(flipOver(x, [r.h, r.w, r.cin], axis), flipOver(K, [r.kh, r.kw, r.cin, r.cout], axis), flipped)).toEqual(lhs);
      }
    }
  });

  test('negative control: with a stride, merely exchanging the pads is wrong when the last window leaves a cell unread', () => {
    // H = 4, k = 2, s = 2, pads (0, 1): 5 padded rows, the last unread; the mirrored layer keeps (0, 1), not (1, 0).
    const g = convGeometry({ op: 'test', inputShape: [4, 1, 1], kernelSize: [2, 1], strides: [2, 1], padding: [[0, 1], [0, 0]] });
    const r = convRecordOf(g, 1, 'explicit');
    const swapped = convRecordOf(convGeometry({ op: 'test', inputShape: [4, 1, 1], kernelSize: [2, 1], strides: [2, 1], padding: [[1, 0], [0, 0]] }), 1, 'explicit');
    const x = [1, 2, 3, 4];
    const K = [1, 10];
    const lhs = flipOver(conv(x, K, r), [r.oh, 1, 1], 'rows');
    expect([flipRecord('test', r, 'rows').pt, flipRecord('test', r, 'rows').pb]).toEqual([0, 1]);
    expect(conv(flipOver(x, [4, 1, 1], 'rows'), flipOver(K, [2, 1, 1, 1], 'rows'), flipRecord('test', r, 'rows'))).toEqual(lhs);
    expect(conv(flipOver(x, [4, 1, 1], 'rows'), flipOver(K, [2, 1, 1, 1], 'rows'), swapped)).not.toEqual(lhs);
  });

  test('a mirror that would have to crop the input is refused with the unread cells named', () => {
    const g = convGeometry({ op: 'test', inputShape: [2, 1, 1], kernelSize: [1, 1], strides: [2, 1], padding: 'valid' });
    expect(() => flipRecord('vflipGeometry', convRecordOf(g, 1, 'valid'), 'rows')).toThrow(/vflipGeometry.*leaves 1 rows unread after 0 cells of padding/);
  });

  test.prop([layerArb, fc.integer({ min: 1, max: 2 }), fc.nat(1000)], { numRuns: 60 })('rot(conv_g(x, K)) = conv_{g↺}(rot x, rot K), strides included', (l, s, seed) => {
    for (const r of layer(l, s)) {
      let rotated: ConvRecord;
      try {
        rotated = rotateRecord('test', r);
      } catch {
        continue;
      }
      const x = ints(r.h * r.w * r.cin, seed);
      const K = ints(r.kh * r.kw * r.cin * r.cout, seed + 1);
      const lhs = rotate90Over(conv(x, K, r), [r.oh, r.ow, r.cout], 1).data;
      expect(conv(rotate90Over(x, [r.h, r.w, r.cin], 1).data, rotate90Over(K, [r.kh, r.kw, r.cin, r.cout], 1).data, rotated)).toEqual(lhs);
    }
  });
});

test("negative control: the transposed layer alone is not the rotated one where the pads are unequal ('same', 2×2 kernel)", () => {
  const g = convGeometry({ op: 'test', inputShape: [3, 3, 1], kernelSize: 2, padding: 'same' });
  const r = convRecordOf(g, 1, 'same');
  const x = ints(9, 1);
  const K = [1, 2, 3, 5];
  const lhs = rotate90Over(conv(x, K, r), [3, 3, 1], 1).data;
  const [rx, rK] = [rotate90Over(x, [3, 3, 1], 1).data, rotate90Over(K, [2, 2, 1, 1], 1).data];
  expect(conv(rx, rK, rotateRecord('test', r))).toEqual(lhs);
  expect(conv(rx, rK, transposeRecord('test', r))).not.toEqual(lhs);
});

describe('named graphs', () => {
  const degrees = (a: number[][]): number[] => a.map((row) => row.reduce((s, v) => s + v, 0));
  const symmetric = (a: number[][]): boolean => a.every((row, i) => row[i] === 0 && row.every((v, j) => v === (a[j] as number[])[i]));

  test('cycles and disjoint cycles are 2-regular; the star and the path on 4 nodes have degrees (3,1,1,1) and (1,2,2,1)', () => {
    for (const a of [cycleGraph(6), disjointCycles(2, 3), cycleGraph(3), disjointCycles(3, 4)]) {
      expect(symmetric(a)).toBe(true);
      expect(new Set(degrees(a))).toEqual(new Set([2]));
    }
    expect(degrees(starGraph(4))).toEqual([3, 1, 1, 1]);
    expect(degrees(pathGraph(4))).toEqual([1, 2, 2, 1]);
    expect(disjointCycles(2, 3).length).toBe(6);
    // Negative control: the cycle and the two triangles are different matrices (under this labelling, and under every one: 0 vs 2 triangles).
    expect(cycleGraph(6)).not.toEqual(disjointCycles(2, 3));
  });

  test('sizes that make no simple graph are refused with the valid range', () => {
    expect(() => cycleGraph(2)).toThrow(/cycleGraph: n must be an integer in \{3, …, 64\}/);
    expect(() => disjointCycles(1, 2)).toThrow(/disjointCycles/);
    expect(() => pathGraph(0.5)).toThrow(LayerproofError);
  });
});

describe('the float64 functions of the claims', () => {
  const fns = symmetryFunctions();
  const call = (name: string, ...args: unknown[]): unknown => {
    const f = fns[name];
    if (f === undefined) throw new Error(`no ${name}`);
    return f(...args);
  };

  test('shift, zeroShift and outsideBand on a 2×2 image; bad arguments name the function and the argument', () => {
    const x = [[[1], [2]], [[3], [4]]];
    expect(call('shift', x, 1, 0)).toEqual([[[3], [4]], [[1], [2]]]);
    expect(call('zeroShift', x, 0, 1)).toEqual([[[0], [1]], [[0], [3]]]);
    expect(call('shiftMatrix', 2, 1, 1, 1, 0)).toEqual([[0, 1], [1, 0]]);
    expect(() => call('shift', x, 0.5, 0)).toThrow(/shift: a must be an integer/);
    expect(() => call('shift', [1, 2], 1, 0)).toThrow(/shift.*rank ≥ 2/s);
    const g = asConvRecord('test', 'g', convRecordOf(convGeometry({ op: 'test', inputShape: [2, 2, 1], kernelSize: 1, padding: 'valid' }), 1, 'valid')).record;
    expect(() => call('outsideBand', [[[1]]], g, 1, 0)).toThrow(/outsideBand.*2 rows, the output of the layer g/s);
    expect(() => call('circularConv2d', x, [[[[1, 2]]]], [0], g)).toThrow(/circularConv2d: K must be of shape \[1, 1, 1, 1\]/);
  });
});
