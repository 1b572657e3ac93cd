import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { axisMap, type AxisMap } from '../../../src/linear/resampleMatrix.js';
import { layerOperator } from '../../../src/models/layers/layerOperator.js';
import { resampleOperator } from '../../../src/models/layers/resampleOperator.js';
import { checkOperator } from '../../../src/models/verify/checkOperator.js';
import { tf } from '../../../src/tfjs/tf.js';
import { checkLayer, describeCheck, operatorDistance, operatorOf, runLayer } from './support/layerCheck.js';

interface ImageCase {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly dataFormat: 'channelsLast' | 'channelsFirst';
}

const imageArb: fc.Arbitrary<ImageCase> = fc.record({
  h: fc.integer({ min: 1, max: 7 }),
  w: fc.integer({ min: 1, max: 7 }),
  c: fc.integer({ min: 1, max: 3 }),
  dataFormat: fc.constantFrom('channelsLast' as const, 'channelsLast' as const, 'channelsFirst' as const),
});
const sidesArb = fc.tuple(fc.tuple(fc.nat(3), fc.nat(3)), fc.tuple(fc.nat(3), fc.nat(3)));
const describeImage = (x: ImageCase): string => `x=[${x.h},${x.w},${x.c}] ${x.dataFormat}`;
const imageOf = (x: ImageCase): number[] => (x.dataFormat === 'channelsFirst' ? [x.c, x.h, x.w] : [x.h, x.w, x.c]);
const swap = ([[t, b], [l, r]]: [[number, number], [number, number]]): [[number, number], [number, number]] => [[b, t], [r, l]];

/** Keras's (TF 2) bilinear axis: half-pixel centres, (o + ½)/s − ½, clamped at both ends. */
function halfPixelAxis(size: number, factor: number): AxisMap {
  return axisMap(size, size * factor, (o) => {
    const source = Math.max(0, (o + 0.5) / factor - 0.5);
    const low = Math.floor(source);
    return [[Math.min(low, size - 1), 1 - (source - low)], [Math.min(low + 1, size - 1), source - low]];
  });
}

describe.each(['cpu', 'wasm'] as const)('padding, cropping and upsampling layers against TensorFlow.js on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([imageArb, sidesArb, fc.nat()], { numRuns: 25 })('ZeroPadding2D: T·x equals the layer', async (x, padding, seed) => {
    const { check } = await checkLayer(tf.layers.zeroPadding2d({ padding, dataFormat: x.dataFormat }), imageOf(x), seed);
    expect(check.ok, `${describeImage(x)} pad=${JSON.stringify(padding)}: ${describeCheck(check)}`).toBe(true);
  });

  test.prop([imageArb, sidesArb, fc.nat()], { numRuns: 25 })('Cropping2D: T·x equals the layer', async (x0, cropping, seed) => {
    const x = { ...x0, h: x0.h + cropping[0][0] + cropping[0][1], w: x0.w + cropping[1][0] + cropping[1][1] };
    const { check } = await checkLayer(tf.layers.cropping2D({ cropping, dataFormat: x.dataFormat }), imageOf(x), seed);
    expect(check.ok, `${describeImage(x)} crop=${JSON.stringify(cropping)}: ${describeCheck(check)}`).toBe(true);
  });

  test.prop([imageArb, fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), fc.constantFrom('nearest' as const, 'bilinear' as const), fc.nat()], { numRuns: 30 })(
    'UpSampling2D (nearest, bilinear): T·x equals the layer',
    async (x, size, interpolation, seed) => {
      const { operator, check } = await checkLayer(tf.layers.upSampling2d({ size, interpolation, dataFormat: x.dataFormat }), imageOf(x), seed);
      expect(check.ok, `${describeImage(x)} size=${size.join('x')} ${interpolation}: ${describeCheck(check)}`).toBe(true);
      expect(operator.note).toMatch(interpolation === 'bilinear' ? /Keras.*half-pixel/ : /as in Keras/);
    },
  );
});

describe('negative controls: wrong resampling operators are rejected', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test.prop([imageArb, sidesArb, fc.nat()], { numRuns: 25 })('ZeroPadding2D: top/bottom and left/right exchanged', async (x, padding, seed) => {
    fc.pre(padding[0][0] !== padding[0][1] || padding[1][0] !== padding[1][1]);
    const run = await runLayer(tf.layers.zeroPadding2d({ padding, dataFormat: x.dataFormat }), imageOf(x), seed);
    const wrong = await operatorOf(tf.layers.zeroPadding2d({ padding: swap(padding), dataFormat: x.dataFormat }), imageOf(x));
    expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describeImage(x)).toBe(false);
  });

  test.prop([imageArb, sidesArb, fc.nat()], { numRuns: 25 })('Cropping2D: top/bottom and left/right exchanged', async (x0, cropping, seed) => {
    fc.pre(cropping[0][0] !== cropping[0][1] || cropping[1][0] !== cropping[1][1]);
    const x = { ...x0, h: x0.h + cropping[0][0] + cropping[0][1], w: x0.w + cropping[1][0] + cropping[1][1] };
    const run = await runLayer(tf.layers.cropping2D({ cropping, dataFormat: x.dataFormat }), imageOf(x), seed);
    const wrong = await operatorOf(tf.layers.cropping2D({ cropping: swap(cropping), dataFormat: x.dataFormat }), imageOf(x));
    expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describeImage(x)).toBe(false);
  });

  test.prop([imageArb, fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), fc.nat()], { numRuns: 25 })(
    'UpSampling2D bilinear: taken as nearest is caught',
    async (x, size, seed) => {
      const run = await runLayer(tf.layers.upSampling2d({ size, interpolation: 'bilinear', dataFormat: x.dataFormat }), imageOf(x), seed);
      const right = await operatorOf(tf.layers.upSampling2d({ size, interpolation: 'bilinear', dataFormat: x.dataFormat }), imageOf(x));
      const wrong = await operatorOf(tf.layers.upSampling2d({ size, interpolation: 'nearest', dataFormat: x.dataFormat }), imageOf(x));
      fc.pre(operatorDistance(right, wrong) > 1e-2);
      expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describeImage(x)).toBe(false);
    },
  );

  test.prop([imageArb.filter((x) => x.dataFormat === 'channelsLast'), fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 })), fc.nat()], { numRuns: 25 })(
    'UpSampling2D bilinear: Keras’s half-pixel centres are not what tfjs computes (the note’s claim)',
    async (x, size, seed) => {
      fc.pre(x.h > 1 || x.w > 1);
      const run = await runLayer(tf.layers.upSampling2d({ size, interpolation: 'bilinear' }), [x.h, x.w, x.c], seed);
      const keras = resampleOperator({ kind: 'UpSampling2D', rows: halfPixelAxis(x.h, size[0]), cols: halfPixelAxis(x.w, size[1]), channels: x.c, layout: 'channelsLast' });
      expect(checkOperator(keras, [run.x], run.y, run.samples).ok, `${describeImage(x)} size=${size.join('x')}`).toBe(false);
    },
  );
});

describe('bad resampling configs', () => {
  test('a cropping that leaves nothing is refused by layerOperator, naming the layer', async () => {
    const layer = tf.layers.cropping2D({ cropping: [[2, 2], [0, 0]], name: 'crop_all' });
    await expect(layerOperator(layer, [4, 4, 1])).rejects.toThrow(/crop_all/);
  });
});
