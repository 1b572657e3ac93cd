import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import {
  conv2dDirect, conv2dMatrix, compareArrays, describeComparison, float32Accumulation, SparseMatrix, tf,
  tolerances, useTfjsBackend,
} from '../../src/index.js';
import { convCaseArb, describeCase, integerData, uniformData, type ConvCase } from '../support/arbitraries.js';

function tfPadding(c: ConvCase): 'valid' | 'same' | [[0, 0], [number, number], [number, number], [0, 0]] {
  return typeof c.padding === 'string' ? c.padding : [[0, 0], [...c.padding[0]], [...c.padding[1]], [0, 0]];
}

function operatorOf(c: ConvCase, w: ArrayLike<number>, bias?: ArrayLike<number>) {
  return conv2dMatrix(
    { shape: [c.kh, c.kw, c.cin, c.cout], data: w },
    { inputShape: [c.h, c.w, c.cin], strides: c.strides, padding: c.padding, dilations: c.dilations, ...(bias !== undefined && { bias }) },
  );
}

describe.each(['cpu', 'wasm'] as const)('conv2dMatrix against tf.conv2d on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([convCaseArb({ tfjsCompatible: true }), fc.nat()], { numRuns: 60 })('T·vec(x) + b = vec(conv2d(x) + b) on random geometry', (c, seed) => {
    const x = uniformData(c.h * c.w * c.cin, seed);
    const w = uniformData(c.kh * c.kw * c.cin * c.cout, seed + 1);
    const b = uniformData(c.cout, seed + 2);
    const op = operatorOf(c, w, b);
    const y = tf.tidy(() =>
      tf.conv2d(tf.tensor4d(x, [1, c.h, c.w, c.cin]), tf.tensor4d(w, [c.kh, c.kw, c.cin, c.cout]), c.strides, tfPadding(c), 'NHWC', c.dilations)
        .add(tf.tensor1d(b)),
    );
    const expected = y.dataSync();
    const tfjsShape = y.shape.slice(1);
    y.dispose();
    const actual = op.matrix.multiply(x).map((v, i) => v + (op.bias[i] as number));
    const terms = c.kh * c.kw * c.cin;
    const cmp = compareArrays(expected, actual, float32Accumulation(terms + 1, terms + 1));
    expect(cmp.ok, `${describeCase(c)}: ${describeComparison(cmp)}`).toBe(true);
    expect(op.outputShape, describeCase(c)).toEqual(tfjsShape);
  });

  test.prop([convCaseArb({ tfjsCompatible: true }), fc.nat()], { numRuns: 40 })(
    'every column of T is the convolution of a basis vector, exactly (integer weights)',
    (c, seed) => {
      const w = integerData(c.kh * c.kw * c.cin * c.cout, seed);
      const op = operatorOf(c, w);
      const n = c.h * c.w * c.cin;
      const basis = new Float32Array(n * n);
      for (let j = 0; j < n; j++) basis[j * n + j] = 1;
      const conv = tf.tidy(() =>
        tf.conv2d(tf.tensor4d(basis, [n, c.h, c.w, c.cin]), tf.tensor4d(Float32Array.from(w), [c.kh, c.kw, c.cin, c.cout]), c.strides, tfPadding(c), 'NHWC', c.dilations).dataSync(),
      );
      const dense = op.matrix.toDense();
      const m = dense.rows;
      for (let j = 0; j < n; j++) {
        const cmp = compareArrays(dense.getColumn(j), conv.subarray(j * m, (j + 1) * m), tolerances.exact);
        expect(cmp.ok, `${describeCase(c)} column ${j}: ${describeComparison(cmp)}`).toBe(true);
      }
    },
  );

  test.prop([convCaseArb({ tfjsCompatible: true }).filter((c) => c.dilations[0] === 1 && c.dilations[1] === 1), fc.nat()], { numRuns: 40 })(
    'Tᵀ·y equals tf.conv2dTranspose(y) (the adjoint)',
    (c, seed) => {
      const w = uniformData(c.kh * c.kw * c.cin * c.cout, seed);
      const op = operatorOf(c, w);
      const [oh, ow, co] = op.outputShape;
      const y = uniformData(oh * ow * co, seed + 7);
      const pad = typeof c.padding === 'string' ? c.padding : [[0, 0], [...c.padding[0]], [...c.padding[1]], [0, 0]] as [[0, 0], [number, number], [number, number], [0, 0]];
      const expected = tf.tidy(() =>
        tf.conv2dTranspose(tf.tensor4d(y, [1, oh, ow, co]), tf.tensor4d(w, [c.kh, c.kw, c.cin, c.cout]), [1, c.h, c.w, c.cin], c.strides, pad as 'valid').dataSync(),
      );
      const terms = Math.ceil(c.kh / c.strides[0]) * Math.ceil(c.kw / c.strides[1]) * c.cout;
      const cmp = compareArrays(expected, op.matrix.transposeMultiply(y), float32Accumulation(terms, terms));
      expect(cmp.ok, `${describeCase(c)}: ${describeComparison(cmp)}`).toBe(true);
    },
  );
});

describe('conv2dMatrix where TensorFlow.js refuses (strides and dilations both above 1)', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  const both = convCaseArb().filter((c) => Math.max(...c.strides) > 1 && Math.max(...c.dilations) > 1);

  test('tf.conv2d itself refuses the case x=[1,9,9,2] k=3 s=2 d=2', () => {
    expect(() => tf.conv2d(tf.zeros<tf.Rank.R4>([1, 9, 9, 2]), tf.zeros<tf.Rank.R4>([3, 3, 2, 1]), 2, 'valid', 'NHWC', 2)).toThrow();
  });

  test.prop([both, fc.nat()], { numRuns: 60 })('T equals the float64 direct convolution, exactly on integers', (c, seed) => {
    const w = integerData(c.kh * c.kw * c.cin * c.cout, seed);
    const x = integerData(c.h * c.w * c.cin, seed + 3);
    const b = integerData(c.cout, seed + 5);
    const op = operatorOf(c, w, b);
    const direct = conv2dDirect(x, { shape: [c.kh, c.kw, c.cin, c.cout], data: w }, { inputShape: [c.h, c.w, c.cin], strides: c.strides, dilations: c.dilations, padding: c.padding, bias: b });
    const actual = op.matrix.multiply(x).map((v, i) => v + (op.bias[i] as number));
    expect(direct.shape).toEqual(op.outputShape);
    const cmp = compareArrays(actual, direct.data, tolerances.exact);
    expect(cmp.ok, `${describeCase(c)}: ${describeComparison(cmp)}`).toBe(true);
  });

  test.prop([both, fc.nat()], { numRuns: 40 })('T equals tfjs stride-1 dilated convolution of the padded input, subsampled', (c, seed) => {
    // conv with stride s = every s-th output of the stride-1 conv over the same padded input:
    // an independent path through TensorFlow.js for the case it refuses.
    const w = uniformData(c.kh * c.kw * c.cin * c.cout, seed);
    const x = uniformData(c.h * c.w * c.cin, seed + 3);
    const op = operatorOf(c, w);
    const g = op.geometry;
    const full = tf.tidy(() =>
      tf.conv2d(
        tf.tensor4d(x, [1, c.h, c.w, c.cin]), tf.tensor4d(w, [c.kh, c.kw, c.cin, c.cout]), 1,
        [[0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight], [0, 0]], 'NHWC', c.dilations,
      ).stridedSlice([0, 0, 0, 0], [1, g.outHeight * c.strides[0], g.outWidth * c.strides[1], c.cout], [1, c.strides[0], c.strides[1], 1])
        .slice([0, 0, 0, 0], [1, g.outHeight, g.outWidth, c.cout]).dataSync(),
    );
    const terms = c.kh * c.kw * c.cin;
    const cmp = compareArrays(full, op.matrix.multiply(x), float32Accumulation(terms, terms));
    expect(cmp.ok, `${describeCase(c)}: ${describeComparison(cmp)}`).toBe(true);
  });

  test.prop([convCaseArb(), fc.nat()], { numRuns: 60 })('⟨T·x, y⟩ = ⟨x, Tᵀ·y⟩ for every geometry (dilated adjoints included)', (c, seed) => {
    const w = integerData(c.kh * c.kw * c.cin * c.cout, seed);
    const op = operatorOf(c, w);
    const x = integerData(op.matrix.cols, seed + 1);
    const y = integerData(op.matrix.rows, seed + 2);
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, v, i) => s + v * (b[i] as number), 0);
    expect(dot(op.matrix.multiply(x), y)).toBe(dot(x, op.matrix.transposeMultiply(y)));
  });
});

describe('negative controls: the checks above can fail', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test.prop([convCaseArb({ tfjsCompatible: true }), fc.nat(), fc.nat()], { numRuns: 40 })(
    'a Toeplitz matrix with one entry moved to another column is caught by the basis-vector check',
    (c, seed, pick) => {
      const w = integerData(c.kh * c.kw * c.cin * c.cout, seed).map((v) => (v === 0 ? 1 : v));
      const op = operatorOf(c, w);
      fc.pre(op.matrix.nnz > 0 && op.matrix.cols > 1);
      // Move entry k of its row to a column that row does not use.
      const k = pick % op.matrix.nnz;
      let row = 0;
      while ((op.matrix.rowPtr[row + 1] as number) <= k) row++;
      const used = new Set(Array.from(op.matrix.colIndex.subarray(op.matrix.rowPtr[row], op.matrix.rowPtr[row + 1])));
      fc.pre(used.size < op.matrix.cols);
      const entries = Array.from(op.matrix.entries());
      let target = ((op.matrix.colIndex[k] as number) + 1) % op.matrix.cols;
      while (used.has(target)) target = (target + 1) % op.matrix.cols;
      const broken = SparseMatrix.fromTriplets(op.matrix.rows, op.matrix.cols, entries.map((e, i) => (i === k ? { ...e, col: target } : e)));
      const n = c.h * c.w * c.cin;
      const basis = new Float32Array(n * n);
      for (let j = 0; j < n; j++) basis[j * n + j] = 1;
      const conv = tf.tidy(() =>
        tf.conv2d(tf.tensor4d(basis, [n, c.h, c.w, c.cin]), tf.tensor4d(Float32Array.from(w), [c.kh, c.kw, c.cin, c.cout]), c.strides, tfPadding(c), 'NHWC', c.dilations).dataSync(),
      );
      const dense = broken.toDense();
      const caught = Array.from({ length: n }, (_v, j) => compareArrays(dense.getColumn(j), conv.subarray(j * dense.rows, (j + 1) * dense.rows), tolerances.exact).ok)
        .some((ok) => !ok);
      expect(caught, describeCase(c)).toBe(true);
    },
  );

  test.prop([convCaseArb({ tfjsCompatible: true }).filter((c) => c.padding === 'same'), fc.nat()], { numRuns: 60 })(
    "the wrong 'same' split (extra cell at the top/left, as some frameworks do) is caught when the total padding is odd",
    (c, seed) => {
      const x = uniformData(c.h * c.w * c.cin, seed);
      const w = uniformData(c.kh * c.kw * c.cin * c.cout, seed + 1).map((v) => (Math.abs(v) < 0.1 ? 0.5 : v));
      const g = operatorOf(c, w).geometry;
      fc.pre((g.padTop + g.padBottom) % 2 === 1 || (g.padLeft + g.padRight) % 2 === 1);
      const wrong = conv2dMatrix(
        { shape: [c.kh, c.kw, c.cin, c.cout], data: w },
        { inputShape: [c.h, c.w, c.cin], strides: c.strides, dilations: c.dilations, padding: [[g.padBottom, g.padTop], [g.padRight, g.padLeft]] },
      );
      fc.pre(wrong.outputShape[0] === g.outHeight && wrong.outputShape[1] === g.outWidth);
      const expected = tf.tidy(() =>
        tf.conv2d(tf.tensor4d(x, [1, c.h, c.w, c.cin]), tf.tensor4d(w, [c.kh, c.kw, c.cin, c.cout]), c.strides, 'same', 'NHWC', c.dilations).dataSync(),
      );
      const terms = c.kh * c.kw * c.cin;
      // x has no zero entries almost surely, so shifting the window changes some output.
      expect(compareArrays(expected, wrong.matrix.multiply(x), float32Accumulation(terms, terms)).ok, describeCase(c)).toBe(false);
    },
  );
});
