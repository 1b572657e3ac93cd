import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import {
  avgPoolMatrix, compareArrays, describeComparison, float32Accumulation, pool2dDirect, sumPoolMatrix, tf, tolerances, useTfjsBackend,
} from '../../src/index.js';
import { integerData, uniformData } from '../support/arbitraries.js';

interface PoolCase {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly pool: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';
}

const poolCaseArb: fc.Arbitrary<PoolCase> = fc
  .record({
    h: fc.integer({ min: 1, max: 12 }),
    w: fc.integer({ min: 1, max: 12 }),
    c: fc.integer({ min: 1, max: 4 }),
    pool: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
    strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    padding: fc.constantFrom('valid' as const, 'same' as const),
  })
  .filter((p) => p.padding === 'same' || (p.h >= p.pool[0] && p.w >= p.pool[1]));

const describePool = (p: PoolCase): string => `x=[1,${p.h},${p.w},${p.c}] pool=${p.pool.join('x')} s=${p.strides.join('x')} p=${p.padding}`;

describe.each(['cpu', 'wasm'] as const)('pooling matrices against TensorFlow.js on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([poolCaseArb, fc.nat()], { numRuns: 60 })('avgPoolMatrix·vec(x) = vec(tf.avgPool(x)) (padded cells not counted)', (p, seed) => {
    const x = uniformData(p.h * p.w * p.c, seed);
    const op = avgPoolMatrix({ inputShape: [p.h, p.w, p.c], poolSize: p.pool, strides: p.strides, padding: p.padding });
    const expected = tf.tidy(() => tf.avgPool(tf.tensor4d(x, [1, p.h, p.w, p.c]), p.pool, p.strides, p.padding).dataSync());
    const cmp = compareArrays(expected, op.matrix.multiply(x), float32Accumulation(p.pool[0] * p.pool[1], 1));
    expect(cmp.ok, `${describePool(p)}: ${describeComparison(cmp)}`).toBe(true);
  });

  test.prop([poolCaseArb, fc.nat()], { numRuns: 60 })('sumPoolMatrix = average × count, the count computed by tfjs as a depthwise all-ones convolution', (p, seed) => {
    const x = uniformData(p.h * p.w * p.c, seed);
    const op = sumPoolMatrix({ inputShape: [p.h, p.w, p.c], poolSize: p.pool, strides: p.strides, padding: p.padding });
    const expected = tf.tidy(() => {
      const xt = tf.tensor4d(x, [1, p.h, p.w, p.c]);
      const count = tf.depthwiseConv2d(tf.onesLike(xt), tf.ones([p.pool[0], p.pool[1], p.c, 1]), p.strides, p.padding);
      return tf.avgPool(xt, p.pool, p.strides, p.padding).mul(count).dataSync();
    });
    const n = p.pool[0] * p.pool[1];
    const cmp = compareArrays(expected, op.matrix.multiply(x), float32Accumulation(n, n));
    expect(cmp.ok, `${describePool(p)}: ${describeComparison(cmp)}`).toBe(true);
  });
});

describe('pooling matrices: structure', () => {
  test.prop([poolCaseArb, fc.nat()], { numRuns: 60 })('equal the float64 direct pooling exactly on integers (sum) and within float64 (average)', (p, seed) => {
    const x = integerData(p.h * p.w * p.c, seed);
    const opts = { inputShape: [p.h, p.w, p.c] as [number, number, number], poolSize: p.pool, strides: p.strides, padding: p.padding };
    expect(compareArrays(sumPoolMatrix(opts).matrix.multiply(x), pool2dDirect('sum', x, opts).data, tolerances.exact).ok).toBe(true);
    expect(compareArrays(avgPoolMatrix(opts).matrix.multiply(x), pool2dDirect('avg', x, opts).data, tolerances.float64).ok).toBe(true);
  });

  test("'same' average pooling weights border windows by 1/(cells inside), not 1/(kh·kw): x=[1,3,3,1] pool=2 s=2", () => {
    const op = avgPoolMatrix({ inputShape: [3, 3, 1], poolSize: 2, padding: 'same' });
    // Output (1,1) covers only input (2,2): its weight is 1, not 1/4.
    expect(op.matrix.get(3, 8)).toBe(1);
    expect(op.matrix.get(0, 0)).toBe(0.25);
  });

  test.prop([poolCaseArb.filter((p) => p.padding === 'same'), fc.nat()], { numRuns: 60 })(
    "negative control: dividing by kh·kw (counting padded cells) is caught against tf.avgPool when a window overhangs",
    (p, seed) => {
      const op = avgPoolMatrix({ inputShape: [p.h, p.w, p.c], poolSize: p.pool, strides: p.strides, padding: 'same' });
      const g = op.geometry;
      fc.pre(g.padTop + g.padBottom + g.padLeft + g.padRight > 0);
      const x = uniformData(p.h * p.w * p.c, seed).map((v) => (Math.abs(v) < 0.2 ? 0.5 : v));
      const wrong = sumPoolMatrix({ inputShape: [p.h, p.w, p.c], poolSize: p.pool, strides: p.strides, padding: 'same' }).matrix.multiply(x).map((v) => v / (p.pool[0] * p.pool[1]));
      const expected = avgPoolMatrix({ inputShape: [p.h, p.w, p.c], poolSize: p.pool, strides: p.strides, padding: 'same' }).matrix.multiply(x);
      expect(compareArrays(wrong, expected, tolerances.float64).ok, describePool(p)).toBe(false);
    },
  );
});
