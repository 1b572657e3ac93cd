import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { assertLinear } from '../../../src/models/testing/assertLinear.js';
import { convGeometryArbitrary } from '../../../src/models/testing/convGeometryArbitrary.js';
import { LinearityPropertyError } from '../../../src/models/testing/LinearityPropertyError.js';
import { tf } from '../../../src/tfjs/tf.js';

async function failure(check: Promise<void>): Promise<LinearityPropertyError> {
  try {
    await check;
  } catch (error) {
    if (error instanceof LinearityPropertyError) return error;
    throw error;
  }
  throw new Error('expected the property to fail, but it held');
}

describe.each(['cpu', 'wasm'] as const)('assertLinear on TensorFlow.js layers, %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([convGeometryArbitrary({ maxSize: 6, maxChannels: 3 })], { numRuns: 8 })(
    'tf.layers.conv2d without a bias is linear, for generated geometries',
    async (g) => {
      const conv = tf.layers.conv2d({ filters: g.filters, kernelSize: g.kernelSize, strides: g.strides, dilationRate: g.dilations, padding: g.padding as 'valid' | 'same', useBias: false });
      await assertLinear(conv, { inputShape: g.inputShape, runs: 10 });
    },
  );

  test('a dense layer without a bias is linear', async () => {
    await assertLinear(tf.layers.dense({ units: 5, useBias: false }), { inputShape: [7], runs: 50 });
  });

  test('a dense layer with a bias is affine but not linear: shrunk to x = y = 0, α = β = 0, where f(0) = b', async () => {
    const dense = tf.layers.dense({ units: 3, biasInitializer: tf.initializers.constant({ value: 0.5 }) });
    const error = await failure(assertLinear(dense, { inputShape: [6], seed: 7 }));
    const expected =
      `Not linear: f(αx + βy) = αf(x) + βf(y) fails for layer ${dense.name} (Dense) (shrunk by fast-check in ${error.result.shrinks} steps; ` +
        `replay with { seed: 7, path: "${error.result.path ?? ''}" }).\n` +
        '  x = [6], all 6 entries zero\n' +
        '  y = [6], all 6 entries zero\n' +
        '  α = 0, β = 0\n' +
        '  at output [0] of [3]: f(αx + βy) = 0.5, αf(x) + βf(y) = 0 (f(x) = 0.5, f(y) = 0.5)\n' +
        `  |difference| = 0.5 (tolerance ${error.result.tolerance.name}: atol ${error.result.tolerance.atol.toExponential(1)}, rtol 1.0e-5; `;
    // The ratio uses output [0]'s own scaled tolerance, which depends on the layer's random kernel: only its size is fixed.
    expect(error.message.startsWith(expected), error.message).toBe(true);
    const ratio = Number(/; ([\d.e+]+)× the allowed error\)$/.exec(error.message)?.[1]);
    expect(ratio).toBeGreaterThan(1e4);
  });

  test('max pooling is not linear, with a readable counterexample', async () => {
    const error = await failure(assertLinear(tf.layers.maxPooling2d({ poolSize: 2 }), { inputShape: [4, 4, 1], seed: 1 }));
    expect(error.message).toMatch(/^Not linear: f\(αx \+ βy\) = αf\(x\) \+ βf\(y\) fails for layer \S+ \(MaxPooling2D\)/);
    expect(error.message).toMatch(/\n {2}α = -?[\d.]+, β = -?[\d.]+\n/);
    expect(error.message).toMatch(/at output \[\d, \d, 0\] of \[2, 2, 1\]/);
  });
});

describe('assertLinear on plain functions', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test.prop([fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 4, maxLength: 4 })], { numRuns: 10 })(
    'a dot product with integer weights is linear; adding a constant makes it fail at x = y = 0',
    async (w) => {
      const dot = (x: Float64Array): number => w.reduce((s, wi, i) => s + wi * (x[i] ?? 0), 0);
      await assertLinear(dot, { inputShape: [4], runs: 20 });
      const shifted = await failure(assertLinear((x: Float64Array) => dot(x) + 1, { inputShape: [4] }));
      expect(shifted.result.counterexample?.x.every((v) => v === 0)).toBe(true);
      expect(shifted.message).toMatch(/at output 0 of 1: f\(αx \+ βy\) = 1, αf\(x\) \+ βf\(y\) = 0/);
    },
  );

  test('bad calls are refused with a LayerproofError naming the argument', async () => {
    await expect(assertLinear((x: Float64Array) => x, { inputShape: 'image' as never })).rejects.toThrow(LayerproofError);
    await expect(assertLinear((x: Float64Array) => x, { inputShape: 'image' as never })).rejects.toThrow(/Error in assertLinear: options\.inputShape must be/);
    await expect(assertLinear(undefined as never, { inputShape: [2] })).rejects.toThrow(/Error in assertLinear: f must be/);
  });
});
