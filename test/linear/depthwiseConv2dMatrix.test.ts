import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import {
  compareArrays, conv2dDirect, depthwiseConv2dMatrix, describeComparison, float32Accumulation, tf, tolerances, useTfjsBackend,
} from '../../src/index.js';
import { convCaseArb, describeCase, integerData, uniformData } from '../support/arbitraries.js';

const multiplierArb = fc.integer({ min: 1, max: 3 });

describe.each(['cpu', 'wasm'] as const)('depthwiseConv2dMatrix against tf.depthwiseConv2d on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([convCaseArb({ tfjsCompatible: true }), multiplierArb, fc.nat()], { numRuns: 50 })(
    'T·vec(x) + b = vec(depthwiseConv2d(x) + b), channel multiplier 1 to 3',
    (c, m, seed) => {
      const x = uniformData(c.h * c.w * c.cin, seed);
      const w = uniformData(c.kh * c.kw * c.cin * m, seed + 1);
      const b = uniformData(c.cin * m, seed + 2);
      const op = depthwiseConv2dMatrix({ shape: [c.kh, c.kw, c.cin, m], data: w }, {
        inputShape: [c.h, c.w, c.cin], strides: c.strides, padding: c.padding, dilations: c.dilations, bias: b,
      });
      const pad = typeof c.padding === 'string' ? c.padding : [[0, 0], [...c.padding[0]], [...c.padding[1]], [0, 0]] as [[0, 0], [number, number], [number, number], [0, 0]];
      const expected = tf.tidy(() =>
        tf.depthwiseConv2d(tf.tensor4d(x, [1, c.h, c.w, c.cin]), tf.tensor4d(w, [c.kh, c.kw, c.cin, m]), c.strides, pad, 'NHWC', c.dilations)
          .add(tf.tensor1d(b)).dataSync(),
      );
      const actual = op.matrix.multiply(x).map((v, i) => v + (op.bias[i] as number));
      const terms = c.kh * c.kw + 1;
      const cmp = compareArrays(expected, actual, float32Accumulation(terms, terms));
      expect(cmp.ok, `${describeCase(c)} multiplier=${m}: ${describeComparison(cmp)}`).toBe(true);
    },
  );
});

describe('depthwiseConv2dMatrix: exact structure and the cases tfjs refuses', () => {
  test.prop([convCaseArb(), multiplierArb, fc.nat()], { numRuns: 60 })('equals the float64 direct depthwise convolution exactly on integers', (c, m, seed) => {
    const w = integerData(c.kh * c.kw * c.cin * m, seed);
    const x = integerData(c.h * c.w * c.cin, seed + 1);
    const opts = { inputShape: [c.h, c.w, c.cin] as [number, number, number], strides: c.strides, padding: c.padding, dilations: c.dilations };
    const op = depthwiseConv2dMatrix({ shape: [c.kh, c.kw, c.cin, m], data: w }, opts);
    const direct = conv2dDirect(x, { shape: [c.kh, c.kw, c.cin, m], data: w }, { ...opts, depthwise: true });
    const cmp = compareArrays(op.matrix.multiply(x), direct.data, tolerances.exact);
    expect(cmp.ok, `${describeCase(c)} multiplier=${m}: ${describeComparison(cmp)}`).toBe(true);
  });

  test('output channel ci·multiplier + m reads input channel ci only (x=[1,3,3,2] k=2 multiplier=2)', () => {
    const op = depthwiseConv2dMatrix({ shape: [2, 2, 2, 2], data: Float64Array.from({ length: 16 }, (_v, i) => i + 1) }, { inputShape: [3, 3, 2] });
    for (const e of op.matrix.entries()) {
      const outChannel = e.row % 4;
      const inChannel = e.col % 2;
      expect(Math.floor(outChannel / 2)).toBe(inChannel);
    }
  });

  test('negative control: reading the wrong weight layout (cout-major) is caught against the direct convolution', () => {
    const w = Float64Array.from({ length: 3 * 3 * 2 * 2 }, (_v, i) => (i % 7) - 3);
    const x = Float64Array.from({ length: 5 * 5 * 2 }, (_v, i) => (i % 5) - 2);
    const opts = { inputShape: [5, 5, 2] as [number, number, number] };
    // Swap the last two axes of the weights: [kh, kw, m, cin] read as [kh, kw, cin, m].
    const swapped = w.map((_v, i) => {
      const tap = Math.floor(i / 4);
      const ci = Math.floor((i % 4) / 2);
      const m = i % 2;
      return w[tap * 4 + m * 2 + ci] as number;
    });
    const direct = conv2dDirect(x, { shape: [3, 3, 2, 2], data: w }, { ...opts, depthwise: true });
    const wrong = depthwiseConv2dMatrix({ shape: [3, 3, 2, 2], data: swapped }, opts);
    expect(compareArrays(wrong.matrix.multiply(x), direct.data, tolerances.exact).ok).toBe(false);
  });
});
