import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { createRng } from '../../../src/core/rng.js';
import { copyOperator } from '../../../src/models/layers/copyOperator.js';
import { CORE_LAYERS } from '../../../src/models/layers/coreLayers.js';
import { layerOperator } from '../../../src/models/layers/layerOperator.js';
import { tf } from '../../../src/tfjs/tf.js';
import { checkAgainst, checkLayer, contextOf, describeCheck, expectAffine, layerOutput, randomInput, release } from './coreLayerCheck.js';

const seed = fc.integer({ min: 0, max: 2 ** 30 });
const dims = (min: number, max: number, minLength: number, maxLength: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min, max }), { minLength, maxLength });
/** A permutation of 0…n−1. */
const permutation = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n })
    .map((keys) => [...keys.keys()].sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b));

/** Reshape targets: the input's axes shuffled, optionally two merged, optionally one left as −1. */
const reshapeCase = dims(1, 4, 1, 3).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    order: permutation(shape.length),
    merge: fc.boolean(),
    unknown: fc.nat(),
    useUnknown: fc.boolean(),
    seed,
  }).map((c) => {
    let target = c.order.map((i) => shape[i] ?? 1);
    if (c.merge && target.length >= 2) target = [(target[0] ?? 1) * (target[1] ?? 1), ...target.slice(2)];
    if (c.useUnknown) target[c.unknown % target.length] = -1;
    return { shape, target, seed: c.seed };
  }));

const permuteCase = (minDim: number, minRank: number) =>
  dims(minDim, 4, minRank, 4).chain((shape) => fc.record({ shape: fc.constant(shape), perm: permutation(shape.length), seed }));

describe.each(['cpu', 'wasm'] as const)('shape layers on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([dims(1, 4, 2, 4), fc.constantFrom('channelsLast', 'channelsFirst'), seed], { numRuns: 20 })(
    'Flatten copies in NHWC row-major order (channelsFirst: channels moved last first)',
    async (shape, dataFormat, s) => {
      const layer = tf.layers.flatten({ dataFormat });
      const x = randomInput(createRng(s), shape);
      const { check, operator } = await checkLayer(layer, [x], s);
      expect(check.ok, `Flatten x=[${shape.join(',')}] ${dataFormat}: ${describeCheck(check)}`).toBe(true);
      expect(operator.outputShape).toEqual([x.size / 2]);
      release(layer, [x]);
    },
  );

  test.prop([dims(2, 4, 2, 4), seed], { numRuns: 10 })('negative control: the channelsFirst operator is rejected for a channelsLast Flatten', async (shape, s) => {
    const layer = tf.layers.flatten({ dataFormat: 'channelsLast' });
    const x = randomInput(createRng(s), shape);
    const { actual } = await checkLayer(layer, [x], s);
    const other = tf.layers.flatten({ dataFormat: 'channelsFirst' });
    const wrong = expectAffine(await layerOperator(other, shape));
    expect((await checkAgainst(wrong, [x], actual)).ok).toBe(false);
    release(layer, [x]);
  });

  test.prop([reshapeCase.filter((c) => !c.target.includes(-1))], { numRuns: 15 })('Reshape is the identity on vec(x)', async (c) => {
    const layer = tf.layers.reshape({ targetShape: c.target });
    const x = randomInput(createRng(c.seed), c.shape);
    const { check, operator } = await checkLayer(layer, [x], c.seed);
    expect(check.ok, `Reshape x=[${c.shape.join(',')}] → [${c.target.join(',')}]: ${describeCheck(check)}`).toBe(true);
    expect(operator.outputShape).toEqual(c.target);
    release(layer, [x]);
  });

  // layerOperator infers output shapes with a null batch, and tfjs's Reshape then leaves its −1
  // unresolved; the builder is given the shape the layer really produced.
  test.prop([reshapeCase.filter((c) => c.target.includes(-1))], { numRuns: 15 })('Reshape with a −1 in targetShape is the identity on vec(x), the −1 resolved', async (c) => {
    const layer = tf.layers.reshape({ targetShape: [...c.target] });
    const x = randomInput(createRng(c.seed), c.shape);
    const y = layer.apply(x) as tf.Tensor;
    const actual = await y.data() as Float32Array;
    const reshape = CORE_LAYERS.Reshape;
    if (reshape === undefined) return expect.fail('CORE_LAYERS has no Reshape');
    const operator = expectAffine(reshape(await contextOf(layer, [c.shape], y.shape.slice(1))));
    const check = await checkAgainst(operator, [x], actual);
    expect(check.ok, `Reshape x=[${c.shape.join(',')}] → [${c.target.join(',')}]: ${describeCheck(check)}`).toBe(true);
    expect(operator.outputShape).toEqual(y.shape.slice(1));
    tf.dispose([x, y]);
  });

  test.prop([dims(2, 4, 2, 2), seed], { numRuns: 10 })('negative control: a transpose is rejected for a Reshape [a, b] → [b, a]', async (shape, s) => {
    const [a = 1, b = 1] = shape;
    const layer = tf.layers.reshape({ targetShape: [b, a] });
    const x = randomInput(createRng(s), shape);
    const { actual } = await checkLayer(layer, [x], s);
    const transpose = expectAffine(await layerOperator(tf.layers.permute({ dims: [2, 1] }), shape));
    expect((await checkAgainst(transpose, [x], actual)).ok).toBe(false);
    release(layer, [x]);
  });

  test.prop([permuteCase(1, 1)], { numRuns: 20 })('Permute moves axis dims[i] − 1 to axis i (dims 1-based)', async (c) => {
    const dimsConfig = c.perm.map((p) => p + 1);
    const layer = tf.layers.permute({ dims: dimsConfig });
    const x = randomInput(createRng(c.seed), c.shape);
    const { check, operator } = await checkLayer(layer, [x], c.seed);
    expect(check.ok, `Permute x=[${c.shape.join(',')}] dims=[${dimsConfig.join(',')}]: ${describeCheck(check)}`).toBe(true);
    expect(operator.outputShape).toEqual(c.perm.map((p) => c.shape[p]));
    release(layer, [x]);
  });

  test.prop([permuteCase(2, 2)], { numRuns: 10 })('negative control: the Permute with dims off by one (rotated) is rejected', async (c) => {
    const dimsConfig = c.perm.map((p) => p + 1);
    const layer = tf.layers.permute({ dims: dimsConfig });
    const x = randomInput(createRng(c.seed), c.shape);
    const { actual } = await checkLayer(layer, [x], c.seed);
    const rotated = [...dimsConfig.slice(1), dimsConfig[0] ?? 1];
    const wrong = expectAffine(await layerOperator(tf.layers.permute({ dims: rotated }), c.shape));
    const check = await checkAgainst(wrong, [x], actual);
    expect(check.ok, `Permute dims=[${dimsConfig.join(',')}] checked with [${rotated.join(',')}] passed`).toBe(false);
    release(layer, [x]);
  });

  test.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), seed], { numRuns: 15 })(
    'RepeatVector [features] → [n, features] repeats the whole vector',
    async (features, n, s) => {
      const layer = tf.layers.repeatVector({ n });
      const x = randomInput(createRng(s), [features]);
      const { check, operator } = await checkLayer(layer, [x], s);
      expect(check.ok, `RepeatVector features=${features} n=${n}: ${describeCheck(check)}`).toBe(true);
      expect(operator.outputShape).toEqual([n, features]);
      release(layer, [x]);
    },
  );

  test.prop([fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 5 }), seed], { numRuns: 10 })(
    'negative control: repeating each element n times (np.repeat instead of np.tile) is rejected',
    async (features, n, s) => {
      const layer = tf.layers.repeatVector({ n });
      const x = randomInput(createRng(s), [features]);
      const { actual } = await checkLayer(layer, [x], s);
      const wrong = copyOperator({ kind: 'repeat', inputShapes: [[features]], outputShape: [n, features], source: (row) => Math.floor(row / n) });
      expect((await checkAgainst(wrong, [x], actual)).ok).toBe(false);
      release(layer, [x]);
    },
  );
});

describe('shape layers refuse what does not fit', () => {
  test('RepeatVector on an input of rank 2 (without the batch) is named', async () => {
    const layer = tf.layers.repeatVector({ n: 2 });
    await layerOutput(layer, [tf.zeros([1, 3])]);
    await expect(layerOperator(layer, [3, 4])).rejects.toThrow(/RepeatVector|rank/);
    layer.dispose();
  });
});
