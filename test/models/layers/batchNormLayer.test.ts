import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { createRng } from '../../../src/core/rng.js';
import { batchNormOperator } from '../../../src/models/layers/batchNormOperator.js';
import { layerOperator, readLayerWeights } from '../../../src/models/layers/layerOperator.js';
import { rowwiseOperator } from '../../../src/models/layers/rowwiseOperator.js';
import { tf } from '../../../src/tfjs/tf.js';
import { checkAgainst, checkLayer, describeCheck, layerOutput, randomInput, release, SAMPLES } from './coreLayerCheck.js';

/**
 * Input shape (rank 1–3 without the batch: tfjs's batchNorm stops at rank 4 with it), the axis as
 * tfjs counts it (batch = 0; negative from the end), center, scale, ε.
 */
const bnCase = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    axisPick: fc.nat(),
    negative: fc.boolean(),
    center: fc.boolean(),
    scale: fc.boolean(),
    epsilon: fc.constantFrom(1e-3, 1e-5, 0.1),
    seed: fc.integer({ min: 0, max: 2 ** 30 }),
    blockNnz: fc.integer({ min: 1, max: 16 }),
  })
  .map((c) => {
    const rank = c.shape.length;
    const index = c.axisPick % rank;
    const channels = c.shape[index] ?? 1;
    const inner = c.shape.slice(index + 1).reduce((a, b) => a * b, 1);
    // tfjs's cpu and wasm batchNorm kernels cycle the per-channel vectors along the flat index, as
    // if the axis were the last (tensorflow/tfjs#1106): right only when nothing follows the axis.
    return { ...c, axis: c.negative ? index - rank : index + 1, index, channels, inner, kernelIgnoresAxis: channels > 1 && inner > 1 };
  });

type BnCase = typeof bnCase extends fc.Arbitrary<infer T> ? T : never;

const name = (c: BnCase): string =>
  `BatchNormalization x=[${c.shape.join(',')}] axis=${c.axis} center=${c.center} scale=${c.scale} ε=${c.epsilon}`;

/** (x − μ)·γ/√(σ² + ε) + β with the parameters reshaped to broadcast along the axis: Keras's definition in element-wise tf ops. */
async function reference(layer: tf.layers.Layer, x: tf.Tensor, c: BnCase): Promise<Float32Array> {
  const w = new Map((await readLayerWeights(layer)).map((v) => [v.name, v.data]));
  const shape = [1, ...c.shape.map((d, i) => (i === c.index ? d : 1))];
  const param = (key: string, fallback: number): tf.Tensor => tf.tensor(w.get(key) ?? new Float32Array(c.channels).fill(fallback), shape);
  const y = tf.tidy(() => tf.add(tf.mul(tf.div(tf.sub(x, param('moving_mean', 0)), tf.sqrt(tf.add(param('moving_variance', 1), c.epsilon))), param('gamma', 1)), param('beta', 0)));
  const data = await y.data() as Float32Array;
  y.dispose();
  return data;
}

describe.each(['cpu', 'wasm'] as const)('BatchNormalization on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([bnCase], { numRuns: 30 })(
    'is the diagonal γ/√(σ²+ε)·x + β − μγ/√(σ²+ε) along any axis, with or without β and γ; the layer agrees unless its kernel ignores the axis (tfjs#1106)',
    async (c) => {
      const layer = tf.layers.batchNormalization({ axis: c.axis, center: c.center, scale: c.scale, epsilon: c.epsilon });
      const x = randomInput(createRng(c.seed + 1), c.shape);
      const { check, operator } = await checkLayer(layer, [x], c.seed, c.blockNnz);
      const size = x.size / SAMPLES;
      expect([operator.rows, operator.cols, operator.nnz]).toEqual([size, size, size]);
      const byDefinition = await checkAgainst(operator, [x], await reference(layer, x, c), c.blockNnz);
      expect(byDefinition.ok, `${name(c)} against the element-wise definition: ${describeCheck(byDefinition)}`).toBe(true);
      expect(check.ok, `${name(c)} against the layer (kernel ignores the axis: ${c.kernelIgnoresAxis}): ${describeCheck(check)}`).toBe(!c.kernelIgnoresAxis);
      release(layer, [x]);
    },
  );

  test('tensorflow/tfjs#1106 reproduced: BatchNormalization(axis=1) on x=[3, 2] normalises by the wrong channel, and the check says so', async () => {
    const c = { shape: [3, 2], axis: 1, index: 0, channels: 3, inner: 2, epsilon: 1e-3 } as BnCase;
    const layer = tf.layers.batchNormalization({ axis: 1 });
    const x = randomInput(createRng(11), c.shape);
    const { check, operator } = await checkLayer(layer, [x], 11);
    expect(check.ok).toBe(false);
    expect((await checkAgainst(operator, [x], await reference(layer, x, c))).ok).toBe(true);
    release(layer, [x]);
  });

  test.prop([bnCase], { numRuns: 15 })('negative control: the BN with the variance\'s square root forgotten (γ/(σ²+ε)) is rejected', async (c) => {
    const layer = tf.layers.batchNormalization({ axis: c.axis, center: c.center, scale: c.scale, epsilon: c.epsilon });
    const x = randomInput(createRng(c.seed + 1), c.shape);
    await checkLayer(layer, [x], c.seed);
    const w = new Map((await readLayerWeights(layer)).map((v) => [v.name, v.data]));
    const at = (key: string, ch: number, fallback: number): number => w.get(key)?.[ch] ?? fallback;
    const channel = (i: number): number => Math.floor(i / c.inner) % c.channels;
    const scale = (ch: number): number => at('gamma', ch, 1) / (at('moving_variance', ch, 1) + c.epsilon);
    const size = x.size / SAMPLES;
    const wrong = rowwiseOperator({
      kind: 'BatchNormalization without √', inputShapes: [c.shape], outputShape: c.shape, entriesPerRow: 1,
      bias: Float64Array.from({ length: size }, (_v, i) => at('beta', channel(i), 0) - at('moving_mean', channel(i), 0) * scale(channel(i))),
      fillRow: (row, colIndex, values, k) => {
        colIndex[k] = row;
        values[k] = scale(channel(row));
      },
    });
    const check = await checkAgainst(wrong, [x], await reference(layer, x, c));
    expect(check.ok, `${name(c)} without the square root passed: ${describeCheck(check)}`).toBe(false);
    release(layer, [x]);
  });
});

describe('BatchNormalization refuses what has no operator', () => {
  test('axis 0 is the batch: named, with the valid range', async () => {
    const layer = tf.layers.batchNormalization({ axis: 0 });
    await layerOutput(layer, [tf.zeros([2, 3])]);
    await expect(layerOperator(layer, [3])).rejects.toThrow(/config\.axis must be an axis of the input other than the batch: an integer in \[1, 1\]/);
    layer.dispose();
  });

  test('a moving variance with σ² + ε ≤ 0 is named instead of giving NaN', () => {
    expect(() => batchNormOperator({ op: 'bn', inputShape: [2], axis: 0, movingMean: [0, 0], movingVariance: [1, -1], epsilon: 0 }))
      .toThrow(/movingVariance\[1\] \+ epsilon must be positive/);
  });
});
