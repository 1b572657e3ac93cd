import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { compareArrays, describeComparison, tolerances } from '../../src/core/tolerance.js';
import { NotRepresentableError, type Arithmetic } from '../../src/exact/Arithmetic.js';
import { float64Arithmetic } from '../../src/exact/float64Arithmetic.js';
import { matMulOver } from '../../src/exact/matrixOver.js';
import { avgPoolMatrix } from '../../src/linear/avgPoolMatrix.js';
import { buildWindowMatrix, conv2dMatrix } from '../../src/linear/conv2dMatrix.js';
import { conv2dOver } from '../../src/linear/conv2dOver.js';
import { convGeometry, type ConvGeometry } from '../../src/linear/convGeometry.js';
import { depthwiseConv2dMatrix } from '../../src/linear/depthwiseConv2dMatrix.js';
import { pool2dOver } from '../../src/linear/pool2dOver.js';
import { sumPoolMatrix } from '../../src/linear/sumPoolMatrix.js';
import type { WindowOperator } from '../../src/linear/LinearOperator.js';
import {
  avgPoolEntry, avgPoolMatrixOver, conv2dMatrixOver, denseOver, depthwiseConv2dMatrixOver, fromHandles, kernelHandles,
  multiplyOver, sumPoolMatrixOver, type SparseOver,
} from '../../src/linear/windowMatrixOver.js';
import { convCaseArb, describeCase, integerData, uniformData, type ConvCase } from '../support/arbitraries.js';

const f64 = float64Arithmetic;

const notInteger = (op: string, why: string): never => {
  throw new NotRepresentableError('integer (test)', op, why);
};

/** Exact integer arithmetic on bigint, for these tests: a quotient must be exact, roots and exp do not exist. */
const integers: Arithmetic<bigint> = {
  name: 'integer (test)',
  zero: 0n,
  one: 1n,
  fromInt: (n) => BigInt(n),
  fromNumber: (x) => (Number.isInteger(x) ? BigInt(x) : notInteger('fromNumber', `${x} is not an integer`)),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  neg: (a) => -a,
  div: (a, b) => (b !== 0n && a % b === 0n ? a / b : notInteger('div', `${a} / ${b} is not an integer`)),
  relu: (a) => (a > 0n ? a : 0n),
  max: (values) => values.reduce((m, v) => (v > m ? v : m), values[0] ?? notInteger('max', 'no values')),
  sqrt: () => notInteger('sqrt', 'no roots'),
  rsqrt: () => notInteger('rsqrt', 'no roots'),
  exp: () => notInteger('exp', 'no exponential'),
  equals: (a, b) => a === b,
};

const ints = (n: number, seed: number): bigint[] => Array.from(integerData(n, seed), (v) => BigInt(v));

/** D·x with the dense matrix of `s` (the product a reader checks by hand). */
function denseTimes<T>(ar: Arithmetic<T>, s: SparseOver<T>, x: readonly T[]): T[] {
  return matMulOver(ar, denseOver(ar, s), x.map((v) => [v])).map((row) => row[0] as T);
}

function geometryOf(c: ConvCase): ConvGeometry {
  return convGeometry({ inputShape: [c.h, c.w, c.cin], kernelSize: [c.kh, c.kw], strides: c.strides, dilations: c.dilations, padding: c.padding });
}

function options(c: ConvCase) {
  return { inputShape: [c.h, c.w, c.cin] as [number, number, number], strides: c.strides, dilations: c.dilations, padding: c.padding };
}

function sameStructure<T>(over: SparseOver<T>, op: WindowOperator): void {
  expect([over.rows, over.cols]).toEqual([op.matrix.rows, op.matrix.cols]);
  expect(Array.from(over.rowPtr)).toEqual(Array.from(op.matrix.rowPtr));
  expect(Array.from(over.colIndex)).toEqual(Array.from(op.matrix.colIndex));
}

const small = convCaseArb({ maxChannels: 2 });

describe('window matrices over exact integers: conv2dOver(x) = dense(T)·x exactly', () => {
  test.prop([small, fc.nat()], { numRuns: 60 })('convolution, every padding kind, stride and dilation', (c, seed) => {
    const x = ints(c.h * c.w * c.cin, seed);
    const kernel = ints(c.kh * c.kw * c.cin * c.cout, seed + 1);
    const g = geometryOf(c);
    expect(denseTimes(integers, conv2dMatrixOver(integers, kernel, g), x), describeCase(c)).toEqual(conv2dOver(integers, x, kernel, g));
  });

  test.prop([small, fc.nat()], { numRuns: 60 })('depthwise convolution (cout read as the channel multiplier)', (c, seed) => {
    const x = ints(c.h * c.w * c.cin, seed);
    const kernel = ints(c.kh * c.kw * c.cin * c.cout, seed + 1);
    const g = geometryOf(c);
    expect(denseTimes(integers, depthwiseConv2dMatrixOver(integers, kernel, g), x), describeCase(c)).toEqual(conv2dOver(integers, x, kernel, g, { depthwise: true }));
  });

  test.prop([small, fc.nat()], { numRuns: 60 })('sum pooling (the window is the kernel, channels kept)', (c, seed) => {
    const g = convGeometry({ inputShape: [c.h, c.w, c.cin], kernelSize: [c.kh, c.kw], strides: c.strides, padding: c.padding === 'valid' ? 'valid' : 'same', windowName: 'window' });
    const x = ints(c.h * c.w * c.cin, seed);
    expect(denseTimes(integers, sumPoolMatrixOver(integers, g), x), describeCase(c)).toEqual(pool2dOver(integers, 'sum', x, g));
  });

  test.prop([small], { numRuns: 60 })('negative control: the handle map off by one (entry h read as kernel[h + 1]) is caught', (c) => {
    const g = geometryOf(c);
    const n = c.kh * c.kw * c.cin * c.cout;
    // Distinct kernel entries 0, 1, …, n − 1 and a positive image: every shifted entry adds a positive amount.
    const kernel = Array.from({ length: n }, (_v, i) => BigInt(i));
    const x = Array.from({ length: c.h * c.w * c.cin }, (_v, i) => BigInt(i + 1));
    const built = buildWindowMatrix(g, c.cout, { kernel: kernelHandles(n) }, 'full');
    fc.pre(built.values.some((h) => h < n - 1));
    const shifted = fromHandles(built, kernel.map((_v, h) => kernel[Math.min(h + 1, n - 1)] as bigint));
    expect(denseTimes(integers, shifted, x), describeCase(c)).not.toEqual(conv2dOver(integers, x, kernel, g));
    // The unmutated map, on the same data, agrees (the control differs only by the mutation).
    expect(denseTimes(integers, fromHandles(built, kernel), x)).toEqual(conv2dOver(integers, x, kernel, g));
  });

  test.prop([small, fc.nat()], { numRuns: 60 })('negative control: one Toeplitz entry moved one column to the right is caught', (c, pick) => {
    const g = geometryOf(c);
    const n = c.kh * c.kw * c.cin * c.cout;
    const kernel = Array.from({ length: n }, (_v, i) => BigInt(i + 1));
    const x = Array.from({ length: c.h * c.w * c.cin }, (_v, i) => BigInt(i + 1));
    const t = conv2dMatrixOver(integers, kernel, g);
    // Entries whose right neighbour column is free in their row (the CSR stays sorted).
    const movable = Array.from(t.colIndex.keys()).filter((k) => {
      const row = Array.from(t.rowPtr).findIndex((start, i) => start <= k && k < (t.rowPtr[i + 1] as number));
      const col = t.colIndex[k] as number;
      return col + 1 < t.cols && (k + 1 >= (t.rowPtr[row + 1] as number) || (t.colIndex[k + 1] as number) > col + 1);
    });
    fc.pre(movable.length > 0);
    const k = movable[pick % movable.length] as number;
    const colIndex = Int32Array.from(t.colIndex);
    colIndex[k] = (colIndex[k] as number) + 1;
    expect(denseTimes(integers, { ...t, colIndex }, x), describeCase(c)).not.toEqual(conv2dOver(integers, x, kernel, g));
  });

  test('average pooling over the integers stops at 1/count with NotRepresentableError (it needs rationals)', () => {
    const g = convGeometry({ inputShape: [2, 2, 1], kernelSize: 2, windowName: 'window' });
    expect(() => avgPoolMatrixOver(integers, g)).toThrow(NotRepresentableError);
    expect(avgPoolEntry(integers, 1)).toBe(1n);
  });
});

describe('window matrices over float64 are the float64 builders, bit for bit', () => {
  test.prop([convCaseArb(), fc.nat()], { numRuns: 80 })('conv2dMatrixOver = conv2dMatrix (structure and values); denseOver and multiplyOver = toDense and multiply', (c, seed) => {
    const kernel = Float64Array.from(uniformData(c.kh * c.kw * c.cin * c.cout, seed));
    const over = conv2dMatrixOver(f64, kernel, geometryOf(c));
    const op = conv2dMatrix({ shape: [c.kh, c.kw, c.cin, c.cout], data: kernel }, options(c));
    sameStructure(over, op);
    expect(over.values, describeCase(c)).toEqual(Array.from(op.matrix.values));
    // Its dense form and its product with an image, as SparseMatrix computes them.
    const x = Float64Array.from(uniformData(c.h * c.w * c.cin, seed + 1));
    expect(multiplyOver(f64, over, x)).toEqual(Array.from(op.matrix.multiply(x)));
    if (over.rows * over.cols <= 20_000) expect(denseOver(f64, over)).toEqual(op.matrix.toDense().to2DArray());
  });

  test.prop([convCaseArb(), fc.nat()], { numRuns: 80 })('depthwiseConv2dMatrixOver = depthwiseConv2dMatrix (structure and values)', (c, seed) => {
    const kernel = Float64Array.from(uniformData(c.kh * c.kw * c.cin * c.cout, seed));
    const over = depthwiseConv2dMatrixOver(f64, kernel, geometryOf(c));
    const op = depthwiseConv2dMatrix({ shape: [c.kh, c.kw, c.cin, c.cout], data: kernel }, options(c));
    sameStructure(over, op);
    expect(over.values, describeCase(c)).toEqual(Array.from(op.matrix.values));
  });

  test.prop([convCaseArb({ maxChannels: 3 }), fc.nat()], { numRuns: 80 })(
    'avgPoolMatrixOver = avgPoolMatrix and sumPoolMatrixOver = sumPoolMatrix; T·x = pool2dOver within float64',
    (c, seed) => {
      const padding: 'valid' | 'same' = c.padding === 'same' ? 'same' : 'valid';
      fc.pre(padding === 'same' || (c.h >= c.kh && c.w >= c.kw));
      const g = convGeometry({ inputShape: [c.h, c.w, c.cin], kernelSize: [c.kh, c.kw], strides: c.strides, padding, windowName: 'window' });
      const opts = { inputShape: [c.h, c.w, c.cin] as [number, number, number], poolSize: [c.kh, c.kw] as [number, number], strides: c.strides, padding };
      const avg = avgPoolMatrixOver(f64, g);
      const avgOp = avgPoolMatrix(opts);
      sameStructure(avg, avgOp);
      expect(avg.values, describeCase(c)).toEqual(Array.from(avgOp.matrix.values));
      const sum = sumPoolMatrixOver(f64, g);
      sameStructure(sum, sumPoolMatrix(opts));
      expect(sum.values.every((v) => v === 1)).toBe(true);
      const x = Array.from(uniformData(c.h * c.w * c.cin, seed));
      const cmp = compareArrays(multiplyOver(f64, avg, x), pool2dOver(f64, 'avg', x, g), tolerances.float64);
      expect(cmp.ok, `${describeCase(c)}: ${describeComparison(cmp)}`).toBe(true);
    },
  );

  test.prop([convCaseArb({ maxChannels: 3 }), fc.nat()], { numRuns: 80 })(
    'negative control: average pooling whose count includes the padded cells (1/(kh·kw) everywhere) is caught',
    (c, seed) => {
      const g = convGeometry({ inputShape: [c.h, c.w, c.cin], kernelSize: [c.kh, c.kw], strides: c.strides, padding: 'same', windowName: 'window' });
      // Some window overhangs the image (a cell of it is padding).
      const rowPtr = sumPoolMatrixOver(f64, g).rowPtr;
      fc.pre(rowPtr.some((end, i) => i > 0 && end - (rowPtr[i - 1] as number) < c.kh * c.kw));
      const x = Array.from(uniformData(c.h * c.w * c.cin, seed), (v) => 1 + Math.abs(v));
      const countsPadding = fromHandles(buildWindowMatrix(g, c.cin, () => 0, 'diagonal'), [avgPoolEntry(f64, c.kh * c.kw)]);
      const cmp = compareArrays(multiplyOver(f64, countsPadding, x), pool2dOver(f64, 'avg', x, g), tolerances.float64);
      expect(cmp.ok, describeCase(c)).toBe(false);
    },
  );
});

describe('window matrices over any arithmetic: bad arguments', () => {
  const g = convGeometry({ inputShape: [3, 3, 2], kernelSize: 2 });
  test('a kernel whose length is not a multiple of kh·kw·cin is refused, naming the builder', () => {
    expect(() => conv2dMatrixOver(f64, [1, 2, 3], g)).toThrow(LayerproofError);
    expect(() => depthwiseConv2dMatrixOver(f64, [1, 2, 3], g)).toThrow(/depthwiseConv2dMatrixOver: kernel\.length/);
  });
  test('a stored value that is not a handle into the table is refused (a handle one past the end)', () => {
    const built = buildWindowMatrix(g, 1, { kernel: Float64Array.from(kernelHandles(8), (h) => h + 1) }, 'full');
    expect(() => fromHandles(built, Array.from({ length: 8 }, (_v, i) => i))).toThrow(/values\[\d+\] must be a handle: an integer in \[0, 8\), but got 8/);
  });
  test('multiplyOver refuses a vector of the wrong length', () => {
    expect(() => multiplyOver(f64, conv2dMatrixOver(f64, new Float64Array(8), g), [1, 2])).toThrow(/x\.length must be 18/);
  });
});
