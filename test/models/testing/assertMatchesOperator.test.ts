import { test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { assertMatchesOperator } from '../../../src/models/testing/assertMatchesOperator.js';
import { convGeometryArbitrary } from '../../../src/models/testing/convGeometryArbitrary.js';
import { OperatorMismatchError } from '../../../src/models/testing/OperatorMismatchError.js';
import { tf } from '../../../src/tfjs/tf.js';

/** Seeded initializers, so that every layer's weights (and so every failure) replay. */
let seeds = 0;
const normal = (seed: number): ReturnType<typeof tf.initializers.randomNormal> => tf.initializers.randomNormal({ mean: 0, stddev: 1, seed });
const glorot = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: ++seeds });

/** The OperatorMismatchError a call rejects with (any other outcome fails the test). */
async function mismatch(check: Promise<void>): Promise<OperatorMismatchError> {
  try {
    await check;
  } catch (error) {
    if (error instanceof OperatorMismatchError) return error;
    throw error;
  }
  throw new Error('expected the layer not to match its operator, but it did');
}

/** Replaces what a built layer computes, keeping its class name, config and weights (so its operator stays the same). */
function redefine(layer: tf.layers.Layer, call: (x: tf.Tensor, original: (x: tf.Tensor) => tf.Tensor) => tf.Tensor): void {
  const original = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(Array.isArray(inputs) ? inputs[0] as tf.Tensor : inputs, (x) => original(x, kwargs) as tf.Tensor);
}

function batchNorm(): tf.layers.Layer {
  return tf.layers.batchNormalization({
    betaInitializer: normal(1), gammaInitializer: normal(2), movingMeanInitializer: normal(3),
    movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.25, maxval: 4, seed: 1 }),
  });
}

describe.each(['cpu', 'wasm'] as const)('assertMatchesOperator, %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test('Dense with a bias and a fused ReLU matches its operator', async () => {
    await assertMatchesOperator(tf.layers.dense({ kernelInitializer: glorot(), units: 4, activation: 'relu', biasInitializer: normal(4) }), { inputShape: [6] });
  });

  test('negative control: a Dense whose output is shifted by 0.01 (a wrong bias) is caught, with the worst output and both values', async () => {
    const dense = tf.layers.dense({ kernelInitializer: glorot(), units: 4, biasInitializer: normal(5) });
    await assertMatchesOperator(dense, { inputShape: [6], runs: 3 });
    redefine(dense, (x, original) => tf.add(original(x), 0.01));
    const error = await mismatch(assertMatchesOperator(dense, { inputShape: [6], seed: 3 }));
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(
      `layer ${dense.name} (Dense) does not match its explicit operator: act(T·x + b) ≠ what TensorFlow.js computes ` +
        `(shrunk by fast-check in ${error.result.shrinks} steps; replay with { seed: 3, path: "${error.result.path ?? ''}" }).`,
    );
    expect(lines[1]).toBe('  operator: Dense, T 4×6 with 24 stored entries, activation linear');
    expect(lines[2]).toBe('  x = [6], all 6 entries zero');
    expect(lines[3]).toMatch(/^ {2}at output \[\d\] of \[4\]: TensorFlow\.js = -?[\d.]+(e-?\d+)?, act\(T·x \+ b\) = -?[\d.]+(e-?\d+)?$/);
    expect(lines[4]).toMatch(/^ {2}\|difference\| = [\d.e-]+ \(tolerance float32 .*; [\d.e+]+× the allowed error\)$/);
    const worst = error.result.counterexample?.check.worst;
    expect(Math.abs((worst?.actual ?? 0) - (worst?.expected ?? 0))).toBeCloseTo(0.01, 5);
  });

  test('BatchNormalization with random statistics matches its operator; one that forgets the square root of the variance does not', async () => {
    const bn = batchNorm();
    await assertMatchesOperator(bn, { inputShape: [3, 3, 2] });
    redefine(bn, (x) => {
      const [gamma, beta, mean, variance] = bn.getWeights() as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      return tf.tidy(() => x.sub(mean).div(variance.add(1e-3)).mul(gamma).add(beta));
    });
    const error = await mismatch(assertMatchesOperator(bn, { inputShape: [3, 3, 2], seed: 1 }));
    expect(error.message).toMatch(/^layer \S+ \(BatchNormalization\) does not match its explicit operator/);
    // Shrunk to x = 0: there the output is β − γ·μ/(σ² + ε) instead of β − γ·μ/√(σ² + ε).
    expect(error.message).toMatch(/\n {2}x = \[3, 3, 2\], all 18 entries zero\n/);
    expect(error.message).toMatch(/at output \[\d, \d, \d\] of \[3, 3, 2\]: TensorFlow\.js = /);
  });

  test.prop([convGeometryArbitrary({ maxSize: 6, maxChannels: 3 })], { numRuns: 6 })(
    'Conv2D matches its operator, for generated geometries',
    async (g) => {
      const conv = tf.layers.conv2d({ kernelInitializer: glorot(), filters: g.filters, kernelSize: g.kernelSize, strides: g.strides, dilationRate: g.dilations, padding: g.padding as 'valid' | 'same', biasInitializer: normal(6) });
      await assertMatchesOperator(conv, { inputShape: g.inputShape, runs: 5 });
    },
  );

  test('negative control: a Conv2D that mirrors its input left to right (a flipped kernel) is caught', async () => {
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: [2, 3], kernelInitializer: normal(7) });
    await assertMatchesOperator(conv, { inputShape: [4, 5, 1], runs: 5 });
    redefine(conv, (x, original) => original(tf.reverse(x, 2)));
    const error = await mismatch(assertMatchesOperator(conv, { inputShape: [4, 5, 1], seed: 2 }));
    expect(error.message).toMatch(/^layer \S+ \(Conv2D\) does not match its explicit operator/);
    expect(error.message).toMatch(/operator: Conv2D, T 18×20 with \d+ stored entries/);
    expect(error.message).toMatch(/x = \[4, 5, 1\], 1 of 20 entries non-zero/);
  });

  test('Add of two inputs matches its operator; one that subtracts instead is caught, and the message shows x1 and x2', async () => {
    const add = tf.layers.add();
    await assertMatchesOperator(add, { inputShape: [[2, 3], [2, 3]] });
    add.call = (inputs) => (Array.isArray(inputs) ? tf.sub(inputs[0] as tf.Tensor, inputs[1] as tf.Tensor) : inputs);
    const error = await mismatch(assertMatchesOperator(add, { inputShape: [[2, 3], [2, 3]], seed: 4 }));
    expect(error.message).toMatch(/\n {2}x1 = \[2, 3\], (all 6 entries zero|\d of 6 entries non-zero: .*)\n {2}x2 = \[2, 3\], 1 of 6 entries non-zero: /);
    expect(error.message).toMatch(/operator: Add, T 6×12 with 12 stored entries/);
  });

  test('no tensor is left behind, passing or failing', async () => {
    const dense = tf.layers.dense({ kernelInitializer: glorot(), units: 3 });
    await assertMatchesOperator(dense, { inputShape: [4], runs: 2 });
    const before = tf.memory().numTensors;
    await assertMatchesOperator(dense, { inputShape: [4], runs: 5 });
    redefine(dense, (x, original) => tf.add(original(x), 1));
    await mismatch(assertMatchesOperator(dense, { inputShape: [4], runs: 5 }));
    expect(tf.memory().numTensors).toBe(before);
  });

  test('layers with no explicit operator are refused, saying why: ReLU and max pooling are not linear', async () => {
    for (const [layer, inputShape] of [[tf.layers.reLU(), [4]], [tf.layers.maxPooling2d({ poolSize: 2 }), [4, 4, 1]]] as const) {
      const call = assertMatchesOperator(layer, { inputShape });
      await expect(call).rejects.toThrow(LayerproofError);
      await expect(assertMatchesOperator(layer, { inputShape })).rejects.toThrow(
        new RegExp(`Error in assertMatchesOperator: layer \\S+ \\(${layer.getClassName()}\\) has no explicit operator to match \\((not linear|not supported): `),
      );
    }
  });
});

describe('assertMatchesOperator refuses bad calls with a LayerproofError naming the argument', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test('a layer that is not a tfjs layer', async () => {
    await expect(assertMatchesOperator(((x: tf.Tensor) => x) as never, { inputShape: [3] })).rejects.toThrow(/Error in assertMatchesOperator: layer must be a TensorFlow\.js layer/);
  });

  test('no inputShape, or a bad one', async () => {
    const dense = tf.layers.dense({ kernelInitializer: glorot(), units: 2 });
    await expect(assertMatchesOperator(dense, {} as never)).rejects.toThrow(/options\.inputShape must be the shape of one input/);
    await expect(assertMatchesOperator(dense, { inputShape: [[3], [0]] })).rejects.toThrow(/options\.inputShape\[1\] must be/);
    await expect(assertMatchesOperator(dense, { inputShape: [3], runs: -1 })).rejects.toThrow(/options\.runs must be a positive integer/);
  });

  test('an input shape the layer cannot take is named, without a tfjs stack trace', async () => {
    const dense = tf.layers.dense({ kernelInitializer: glorot(), units: 2 });
    await assertMatchesOperator(dense, { inputShape: [5], runs: 2 });
    await expect(assertMatchesOperator(dense, { inputShape: [7] })).rejects.toThrow(
      /Error in assertMatchesOperator: layer \S+ \(Dense\) cannot be applied to input shape \[7\] \(it threw: /,
    );
  });
});
