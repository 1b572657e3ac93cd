import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { tolerances } from '../../../src/core/tolerance.js';
import { assertAffine } from '../../../src/models/testing/assertAffine.js';
import { convGeometryArbitrary } from '../../../src/models/testing/convGeometryArbitrary.js';
import { runLinearityCheck } from '../../../src/models/testing/linearityCheck.js';
import { LinearityPropertyError } from '../../../src/models/testing/LinearityPropertyError.js';
import { tf } from '../../../src/tfjs/tf.js';

/** Seeded initializers, so that every layer's weights (and so every failure) replay. */
let seeds = 0;
const normal = (seed: number): ReturnType<typeof tf.initializers.randomNormal> => tf.initializers.randomNormal({ mean: 0, stddev: 1, seed });
const glorot = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: ++seeds });

/** The LinearityPropertyError a call rejects with (any other outcome fails the test). */
async function failure(check: Promise<void>): Promise<LinearityPropertyError> {
  try {
    await check;
  } catch (error) {
    if (error instanceof LinearityPropertyError) return error;
    throw error;
  }
  throw new Error('expected the property to fail, but it held');
}

/** conv → BN → flatten → dense, no activations: affine (every bias and BN shift is non-zero). */
function convBnDense(activation: 'linear' | 'relu'): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ kernelInitializer: glorot(), inputShape: [5, 5, 2], filters: 3, kernelSize: 3, biasInitializer: normal(1) }));
  model.add(tf.layers.batchNormalization({
    betaInitializer: normal(2), gammaInitializer: normal(3), movingMeanInitializer: normal(4),
    movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 2, seed: 1 }),
  }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ kernelInitializer: glorot(), units: 4, biasInitializer: normal(5), activation }));
  return model;
}

describe.each(['cpu', 'wasm'] as const)('assertAffine on TensorFlow.js maps, %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([convGeometryArbitrary({ maxSize: 6, maxChannels: 3 })], { numRuns: 8 })(
    'tf.layers.conv2d with a random bias is affine, for generated geometries',
    async (g) => {
      const conv = tf.layers.conv2d({ kernelInitializer: glorot(), filters: g.filters, kernelSize: g.kernelSize, strides: g.strides, dilationRate: g.dilations, padding: g.padding as 'valid' | 'same', biasInitializer: normal(6) });
      await assertAffine(conv, { inputShape: g.inputShape, runs: 10 });
    },
  );

  test('the same conv2d followed by ReLU is caught (negative control)', async () => {
    const conv = tf.layers.conv2d({ kernelInitializer: glorot(), filters: 2, kernelSize: 2, activation: 'relu', biasInitializer: normal(7) });
    const error = await failure(assertAffine(conv, { inputShape: [3, 3, 1], runs: 50, seed: 3 }));
    expect(error.message).toMatch(/^Not affine: f\(αx \+ \(1−α\)y\) = αf\(x\) \+ \(1−α\)f\(y\) fails for layer \S+ \(Conv2D\)/);
  });

  test('a Sequential conv → BN → flatten → dense without activations is affine; with ReLU on the dense it is not', async () => {
    await assertAffine(convBnDense('linear'), { inputShape: [5, 5, 2], runs: 30 });
    const error = await failure(assertAffine(convBnDense('relu'), { inputShape: [5, 5, 2], runs: 50, seed: 5 }));
    expect(error.message).toMatch(/fails for model \S+ \(shrunk by fast-check in \d+ steps; replay with \{ seed: 5, path: "[\d:]+" \}\)/);
    expect(error.message).toMatch(/at output \[\d\] of \[4\]/);
  });

  test('a ReLU layer is not affine: the counterexample shrinks to one small entry and a negative α, and the message shows it', async () => {
    const error = await failure(assertAffine(tf.layers.reLU(), { inputShape: [3, 2], seed: 11 }));
    const c = error.result.counterexample;
    expect(c).toBeDefined();
    const nonZero = [...(c?.x ?? []), ...(c?.y ?? [])].filter((v) => v !== 0);
    expect(nonZero).toHaveLength(1);
    expect(Math.abs(nonZero[0] ?? 0)).toBe(0.125);
    expect((c?.alpha ?? 0) < 0 || (c?.beta ?? 0) < 0).toBe(true);
    const lines = error.message.split('\n');
    expect(lines[0]).toMatch(/^Not affine: .* fails for layer \S+ \(ReLU\) \(shrunk by fast-check in \d+ steps; replay with \{ seed: 11, path: "[\d:]+" \}\)\.$/);
    expect(lines[1]).toMatch(/^ {2}x = \[3, 2\], (all 6 entries zero|1 of 6 entries non-zero: \[\d, \d\] = -?0\.125)$/);
    expect(lines[2]).toMatch(/^ {2}y = \[3, 2\], (all 6 entries zero|1 of 6 entries non-zero: \[\d, \d\] = -?0\.125)$/);
    expect(lines[3]).toMatch(/^ {2}α = -?[\d.]+, 1 − α = -?[\d.]+$/);
    expect(lines[4]).toMatch(/^ {2}at output \[\d, \d\] of \[3, 2\]: f\(αx \+ \(1−α\)y\) = [\d.-]+, αf\(x\) \+ \(1−α\)f\(y\) = [\d.-]+ \(f\(x\) = [\d.-]+, f\(y\) = [\d.-]+\)$/);
    expect(lines[5]).toMatch(/^ {2}\|difference\| = [\d.]+ \(tolerance float32 \(6 terms, .*\): atol .*, rtol .*; [\d.e+]+× the allowed error\)$/);
  });

  test('max pooling is not affine: shrunk to one non-zero input entry, named with its position', async () => {
    const error = await failure(assertAffine(tf.layers.maxPooling2d({ poolSize: 2 }), { inputShape: [4, 4, 1], seed: 1 }));
    expect(error.message).toMatch(/fails for layer \S+ \(MaxPooling2D\)/);
    expect(error.message).toMatch(/1 of 16 entries non-zero: \[\d, \d, 0\] = -?0\.125/);
    expect(error.message).toMatch(/at output \[\d, \d, 0\] of \[2, 2, 1\]/);
  });

  test('average pooling is affine (the linear pooling, against max pooling above)', async () => {
    await assertAffine(tf.layers.averagePooling2d({ poolSize: 2, strides: 1 }), { inputShape: [4, 4, 2], runs: 30 });
  });

  test('a function on tf.Tensor (tf.conv2d with a fixed kernel) is affine; adding 1e-3·x² to it is caught, so the float32 tolerance is not vacuous', async () => {
    const kernel = tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 7);
    const conv = (x: tf.Tensor): tf.Tensor => tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'same');
    await assertAffine(conv, { inputShape: [6, 6, 2], runs: 30 });
    const bent = (x: tf.Tensor): tf.Tensor => tf.add(conv(x), tf.mul(tf.square(x).sum(-1, true), 1e-3));
    const error = await failure(assertAffine(bent, { inputShape: [6, 6, 2], seed: 2 }));
    expect(error.message).toMatch(/fails for f \(a function on tf\.Tensor\)/);
    kernel.dispose();
  });

  test('the default tolerance holds conv, dense and the Sequential to well under a tenth of it', async () => {
    const maps = [
      [tf.layers.conv2d({ kernelInitializer: glorot(), filters: 8, kernelSize: 5, padding: 'same', biasInitializer: normal(8) }), [12, 12, 4]],
      [tf.layers.dense({ kernelInitializer: glorot(), units: 16, biasInitializer: normal(9) }), [200]],
      [convBnDense('linear'), [5, 5, 2]],
    ] as const;
    for (const [f, inputShape] of maps) {
      const result = await runLinearityCheck('test', 'affine', f, { inputShape, runs: 30 });
      expect(result.holds).toBe(true);
      expect(result.worstRatio).toBeLessThan(0.1);
      expect(result.worstRatio).toBeGreaterThan(0);
    }
  });

  test('no tensor is left behind by a check, passing or failing', async () => {
    const dense = tf.layers.dense({ kernelInitializer: glorot(), units: 3 });
    await assertAffine(dense, { inputShape: [4], runs: 5 });
    const before = tf.memory().numTensors;
    await assertAffine(dense, { inputShape: [4], runs: 20 });
    await failure(assertAffine(tf.layers.reLU(), { inputShape: [4], runs: 20 }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('assertAffine on plain functions (float64)', () => {
  // Functions are probed with a tensor on the current backend: choose it, as a user's program would.
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  const M = [[1, -2, 0.5, 0, 3, 1], [0, 1, 1, -1, 0.25, 2], [2, 0, 0, 1, -1, 0]];
  const b = [0.5, -1, 2];
  const affineMap = (x: Float64Array): number[] => M.map((row, i) => row.reduce((s, m, j) => s + m * (x[j] ?? 0), b[i] ?? 0));

  test('x ↦ Mx + b is affine, async or not', async () => {
    await assertAffine(affineMap, { inputShape: [6] });
    await assertAffine(async (x: Float64Array) => Promise.resolve(affineMap(x)), { inputShape: [2, 3], runs: 20 });
  });

  test('a function that reads one pixel squared is not affine: the counterexample names that pixel', async () => {
    // Input [2, 3, 1]: flat index 5 is pixel [1, 2, 0].
    const pixelSquared = (x: Float64Array): number[] => [(x[5] ?? 0) ** 2, x[0] ?? 0];
    const error = await failure(assertAffine(pixelSquared, { inputShape: [2, 3, 1], seed: 4 }));
    const c = error.result.counterexample;
    const touched = [c?.x, c?.y].map((v) => Array.from(v ?? []).flatMap((e, i) => (e === 0 ? [] : [i])));
    expect(touched.flat().every((i) => i === 5)).toBe(true);
    expect(error.message).toMatch(/fails for f \(a function on Float64Array\)/);
    expect(error.message).toMatch(/1 of 6 entries non-zero: \[1, 2, 0\] = -?0\.125/);
    expect(error.message).toMatch(/at output 0 of 2: /);
    expect(error.message).toMatch(/tolerance float64 reordering/);
  });

  test('tolerance overrides the default: a 1e-9·x₀² bend fails at float64 and passes at tolerances.float32', async () => {
    const bent = (x: Float64Array): number[] => [...affineMap(x), 1e-9 * (x[0] ?? 0) ** 2];
    await failure(assertAffine(bent, { inputShape: [6], seed: 1 }));
    await assertAffine(bent, { inputShape: [6], tolerance: tolerances.float32, seed: 1 });
  });

  test('{ seed, path } from a failure replays its shrunk counterexample', async () => {
    const cube = (x: Float64Array): number[] => [(x[1] ?? 0) ** 3];
    const first = await failure(assertAffine(cube, { inputShape: [3], seed: 9 }));
    const again = await failure(assertAffine(cube, { inputShape: [3], seed: first.result.seed, path: first.result.path ?? '' }));
    expect(again.result.counterexample?.x).toEqual(first.result.counterexample?.x);
    expect(again.result.counterexample?.y).toEqual(first.result.counterexample?.y);
    expect(again.result.counterexample?.alpha).toBe(first.result.counterexample?.alpha);
  });

  test("a function that takes tensors is recognised by its result; { input: 'array' } calls it with a Float64Array instead", async () => {
    await useTfjsBackend('cpu');
    const double = (x: tf.Tensor): tf.Tensor => tf.mul(x, 2);
    await assertAffine(double, { inputShape: [2, 2], runs: 10 });
    const plainDouble = (x: Float64Array): Float64Array => x.map((v) => 2 * v);
    await assertAffine(plainDouble, { inputShape: [2, 2], runs: 10, input: 'array' });
    await expect(assertAffine(double, { inputShape: [2, 2], runs: 10, input: 'array' })).rejects.toThrow(/it threw: .*pass \{ input: 'tensor' \} if it takes tensors/);
  });
});

describe('assertAffine refuses bad calls with a LayerproofError naming the argument', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  const id = (x: Float64Array): Float64Array => x;

  test.each([
    ['no options', undefined, /options must be an object \{ inputShape/],
    ['no inputShape', {}, /options\.inputShape must be the shape of one input without the batch dimension/],
    ['a shape with 0', { inputShape: [3, 0] }, /options\.inputShape must be .* but got \[3,0\]/],
    ['runs 0', { inputShape: [3], runs: 0 }, /options\.runs must be a positive integer/],
    ['a seed of 1.5', { inputShape: [3], seed: 1.5 }, /options\.seed must be an integer/],
    ['a tolerance without atol', { inputShape: [3], tolerance: { rtol: 1 } }, /options\.tolerance must be a Tolerance/],
    ["input 'matrix'", { inputShape: [3], input: 'matrix' }, /options\.input must be 'tensor' .* or 'array'/],
  ])('%s', async (_name, options, message) => {
    const call = assertAffine(id, options as never);
    await expect(call).rejects.toThrow(LayerproofError);
    await expect(assertAffine(id, options as never)).rejects.toThrow(message);
  });

  test.each([['a number', 3], ['a string', 'conv2d'], ['null', null], ['a plain object', { apply: 1 }]])('f is %s', async (_name, f) => {
    await expect(assertAffine(f as never, { inputShape: [3] })).rejects.toThrow(/Error in assertAffine: f must be a TensorFlow\.js layer \(tf\.layers\.\*\), a tf\.LayersModel/);
  });

  test('an f that throws, returns NaN or changes its output size is reported with the shrunk input, not a stack trace', async () => {
    const throwing = (x: Float64Array): number[] => {
      if ((x[0] ?? 0) > 1) throw new Error('boom');
      return [x[0] ?? 0];
    };
    await expect(assertAffine(throwing, { inputShape: [2], seed: 1 })).rejects.toThrow(
      /Error in assertAffine: on a generated case \(seed 1, path "[\d:]*"\), f \(a function on Float64Array\) failed: it threw: boom .*x = \[2\], /,
    );
    await expect(assertAffine((x: Float64Array) => [Math.log(x[0] ?? 0)], { inputShape: [2] })).rejects.toThrow(/at output 0 \(a non-finite output is not comparable\)/);
    await expect(assertAffine((x: Float64Array) => x.filter((v) => v !== 0), { inputShape: [3] })).rejects.toThrow(/outputs of different lengths/);
  });

  test('a layer that cannot take the input shape is named with the shape, before any case runs', async () => {
    await useTfjsBackend('cpu');
    await expect(assertAffine(tf.layers.conv2d({ kernelInitializer: glorot(), filters: 1, kernelSize: 3 }), { inputShape: [4] })).rejects.toThrow(
      /Error in assertAffine: layer \S+ \(Conv2D\) cannot be applied to input shape \[4\] \(it threw: /,
    );
  });

  test('a function on tf.Tensor that fails on some inputs only is reported with the shrunk input', async () => {
    await useTfjsBackend('cpu');
    const picky = (x: tf.Tensor): tf.Tensor => {
      if (x.max().arraySync() as number > 1) throw new Error('too bright');
      return x;
    };
    await expect(assertAffine(picky, { inputShape: [2], seed: 1, input: 'tensor' })).rejects.toThrow(
      /Error in assertAffine: on a generated case \(seed 1, path "[\d:]*"\), f \(a function on tf\.Tensor\) failed: it threw: too bright\. x = \[2\], /,
    );
  });
});

describe('fast-check drives the generated cases', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test.prop([fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })], { numRuns: 10 })(
    'the identity of any shape is affine; with its first entry replaced by its absolute value it is not',
    async (h, w) => {
      await assertAffine((x: Float64Array) => x, { inputShape: [h, w], runs: 10, input: 'array' });
      const error = await failure(assertAffine((x: Float64Array) => x.map((v, i) => (i === 0 ? Math.abs(v) : v)), { inputShape: [h, w], input: 'array' }));
      expect(error.message).toMatch(/at output 0 of /);
    },
  );
});
