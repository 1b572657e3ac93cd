import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { SumPooling2D } from '../../../src/cnn/tfjs/SumPooling2D.js';
import { convGeometry } from '../../../src/linear/convGeometry.js';
import { layerOperator } from '../../../src/models/layers/layerOperator.js';
import { windowOperator } from '../../../src/models/layers/windowOperator.js';
import { checkOperator } from '../../../src/models/verify/checkOperator.js';
import { tf } from '../../../src/tfjs/tf.js';
import { checkLayer, describeCheck, operatorDistance, operatorOf, runLayer } from './support/layerCheck.js';

interface PoolCase {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly pool: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: 'channelsLast' | 'channelsFirst';
}

const pair = (max: number): fc.Arbitrary<[number, number]> => fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max }));

const poolCaseArb: fc.Arbitrary<PoolCase> = fc.record({
  h: fc.integer({ min: 1, max: 9 }),
  w: fc.integer({ min: 1, max: 9 }),
  c: fc.integer({ min: 1, max: 3 }),
  pool: pair(4),
  strides: pair(3),
  padding: fc.constantFrom('valid' as const, 'same' as const),
  dataFormat: fc.constantFrom('channelsLast' as const, 'channelsLast' as const, 'channelsFirst' as const),
}).filter((p) => p.padding === 'same' || (p.h >= p.pool[0] && p.w >= p.pool[1]));

const describePool = (p: PoolCase): string => `x=[${p.h},${p.w},${p.c}] pool=${p.pool.join('x')} s=${p.strides.join('x')} p=${p.padding} ${p.dataFormat}`;
const imageOf = (p: PoolCase): number[] => (p.dataFormat === 'channelsFirst' ? [p.c, p.h, p.w] : [p.h, p.w, p.c]);

describe.each(['cpu', 'wasm'] as const)('pooling layers against TensorFlow.js on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([poolCaseArb, fc.nat()], { numRuns: 30 })("AveragePooling2D: T·x equals the layer ('same' averages the valid cells only)", async (p, seed) => {
    const layer = tf.layers.averagePooling2d({ poolSize: p.pool, strides: p.strides, padding: p.padding, dataFormat: p.dataFormat });
    const { check } = await checkLayer(layer, imageOf(p), seed);
    expect(check.ok, `${describePool(p)}: ${describeCheck(check)}`).toBe(true);
  });

  test.prop([poolCaseArb, fc.nat()], { numRuns: 20 })('AveragePooling1D: T·x equals the layer', async (p, seed) => {
    const layer = tf.layers.averagePooling1d({ poolSize: p.pool[1], strides: p.strides[1], padding: p.padding });
    const { check } = await checkLayer(layer, [p.w, p.c], seed);
    expect(check.ok, `${describePool(p)}: ${describeCheck(check)}`).toBe(true);
  });

  test.prop([poolCaseArb.filter((p) => p.dataFormat === 'channelsLast'), fc.nat()], { numRuns: 20 })('SumPooling2D (layerproof’s layer): T·x equals the layer', async (p, seed) => {
    const layer = new SumPooling2D({ poolSize: p.pool, strides: p.strides, padding: p.padding });
    const { check } = await checkLayer(layer, imageOf(p), seed);
    expect(check.ok, `${describePool(p)}: ${describeCheck(check)}`).toBe(true);
  });

  test.prop([poolCaseArb, fc.nat()], { numRuns: 20 })('GlobalAveragePooling2D and GlobalAveragePooling1D: T·x equals the layer', async (p, seed) => {
    const two = await checkLayer(tf.layers.globalAveragePooling2d({ dataFormat: p.dataFormat }), imageOf(p), seed);
    expect(two.check.ok, `${describePool(p)}: ${describeCheck(two.check)}`).toBe(true);
    const one = await checkLayer(tf.layers.globalAveragePooling1d({}), [p.w, p.c], seed);
    expect(one.check.ok, `${describePool(p)}: ${describeCheck(one.check)}`).toBe(true);
  });
});

describe('negative controls: wrong pooling operators are rejected', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test.prop([poolCaseArb.filter((p) => p.padding === 'same'), fc.nat()], { numRuns: 30 })(
    "AveragePooling2D 'same': dividing by the whole window (padded cells counted) is caught",
    async (p, seed) => {
      const shape = [p.h, p.w, p.c];
      const layer = tf.layers.averagePooling2d({ poolSize: p.pool, strides: p.strides, padding: 'same' });
      const run = await runLayer(layer, shape, seed);
      const right = await operatorOf(layer, shape);
      const g = convGeometry({ inputShape: [p.h, p.w, p.c], kernelSize: p.pool, strides: p.strides, padding: 'same' });
      const wrong = windowOperator({
        kind: 'AveragePooling2D', geometry: g, cout: p.c, mode: 'diagonal', layout: 'channelsLast', inputShape: shape, outputShape: right.outputShape,
        value: () => 1 / (p.pool[0] * p.pool[1]), activation: 'linear',
      });
      fc.pre(operatorDistance(right, wrong) > 1e-3);
      expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describePool(p)).toBe(false);
    },
  );

  test.prop([poolCaseArb.filter((p) => p.h * p.w > 1), fc.nat()], { numRuns: 20 })('GlobalAveragePooling2D: the sum instead of the mean is caught', async (p, seed) => {
    const shape = [p.h, p.w, p.c];
    const layer = tf.layers.globalAveragePooling2d({});
    const run = await runLayer(layer, shape, seed);
    const g = convGeometry({ inputShape: [p.h, p.w, p.c], kernelSize: [p.h, p.w] });
    const wrong = windowOperator({
      kind: 'GlobalAveragePooling2D', geometry: g, cout: p.c, mode: 'diagonal', layout: 'channelsLast', inputShape: shape, outputShape: [p.c],
      value: () => 1, activation: 'linear',
    });
    expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describePool(p)).toBe(false);
  });

  test.prop([poolCaseArb.filter((p) => p.dataFormat === 'channelsLast' && p.pool[0] * p.pool[1] > 1), fc.nat()], { numRuns: 20 })(
    'SumPooling2D: the average pooling operator in its place is caught',
    async (p, seed) => {
      const shape = [p.h, p.w, p.c];
      const run = await runLayer(new SumPooling2D({ poolSize: p.pool, strides: p.strides, padding: p.padding }), shape, seed);
      const wrong = await operatorOf(tf.layers.averagePooling2d({ poolSize: p.pool, strides: p.strides, padding: p.padding }), shape);
      expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describePool(p)).toBe(false);
    },
  );
});

describe('max pooling is reported not linear', () => {
  test.each([
    ['MaxPooling2D', () => tf.layers.maxPooling2d({ poolSize: 2 }), [4, 4, 2]],
    ['MaxPooling1D', () => tf.layers.maxPooling1d({ poolSize: 2 }), [4, 2]],
    ['GlobalMaxPooling2D', () => tf.layers.globalMaxPooling2d({}), [4, 4, 2]],
    ['GlobalMaxPooling1D', () => tf.layers.globalMaxPooling1d({}), [4, 2]],
  ] as const)('%s: not linear, with a one-line reason', async (_name, make, shape) => {
    const analysis = await layerOperator(make(), shape);
    expect(analysis.status).toBe('not linear');
    expect(analysis.status !== 'affine' && analysis.reason).toMatch(/^max pooling is not linear: [^\n]+$/);
  });
});
