import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { createRng } from '../../../src/core/rng.js';
import { parseActivation } from '../../../src/models/activation.js';
import { denseOperator } from '../../../src/models/layers/denseOperator.js';
import { layerOperator, readLayerWeights } from '../../../src/models/layers/layerOperator.js';
import { tf } from '../../../src/tfjs/tf.js';
import { checkAgainst, checkLayer, describeCheck, expectAffine, randomInput, release } from './coreLayerCheck.js';

type DenseArgs = Parameters<typeof tf.layers.dense>[0];
type TfActivation = NonNullable<DenseArgs['activation']>;

const ACTIVATIONS: readonly TfActivation[] = [
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'gelu_new', 'softmax',
];

/** Leading axes (any rank, the layer acts on the last one), the last axis, units, activation, bias. */
const denseCase = fc.record({
  leading: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
  inputs: fc.integer({ min: 1, max: 6 }),
  units: fc.integer({ min: 1, max: 6 }),
  activation: fc.constantFrom(...ACTIVATIONS),
  useBias: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 30 }),
  blockNnz: fc.integer({ min: 1, max: 64 }),
});

const name = (c: { leading: number[]; inputs: number; units: number; activation: string; useBias: boolean }): string =>
  `Dense x=[${[...c.leading, c.inputs].join(',')}] units=${c.units} ${c.activation}${c.useBias ? '' : ' no bias'}`;

describe.each(['cpu', 'wasm'] as const)('Dense on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([denseCase], { numRuns: 25 })('equals act(T·x + b) for any rank, units, activation and bias, checked in row blocks', async (c) => {
    const layer = tf.layers.dense({ units: c.units, activation: c.activation, useBias: c.useBias });
    const x = randomInput(createRng(c.seed + 1), [...c.leading, c.inputs]);
    const { check, operator } = await checkLayer(layer, [x], c.seed, c.blockNnz);
    expect(check.ok, `${name(c)}: ${describeCheck(check)}`).toBe(true);
    expect(operator.outputShape).toEqual([...c.leading, c.units]);
    expect(operator.nnz).toBe(operator.rows * c.inputs);
    expect(operator.activation).toBe(parseActivation('test', 'activation', c.activation));
    release(layer, [x]);
  });

  test.prop([denseCase.filter((c) => c.inputs >= 2 && c.units >= 2)], { numRuns: 15 })(
    'negative control: the operator of the kernel read transposed (as [units, in]) is rejected',
    async (c) => {
      const layer = tf.layers.dense({ units: c.units, activation: c.activation, useBias: c.useBias });
      const inputShape = [...c.leading, c.inputs];
      const x = randomInput(createRng(c.seed + 1), inputShape);
      const { actual } = await checkLayer(layer, [x], c.seed);
      const weights = await readLayerWeights(layer);
      const kernel = weights.find((w) => w.name === 'kernel');
      if (kernel === undefined) return expect.fail('the Dense layer has no kernel');
      const bias = weights.find((w) => w.name === 'bias');
      // The classic slip: W[i, o] read at o·in + i, as if the kernel were stored [units, in].
      const transposed = Float32Array.from({ length: c.inputs * c.units }, (_v, k) => kernel.data[(k % c.units) * c.inputs + Math.floor(k / c.units)] ?? NaN);
      const wrong = denseOperator({
        op: 'test', inputShape, kernel: { shape: kernel.shape, data: transposed },
        activation: parseActivation('test', 'activation', c.activation), ...(bias !== undefined && { bias: bias.data }),
      });
      const check = await checkAgainst(wrong, [x], actual);
      expect(check.ok, `${name(c)} with a transposed kernel passed: ${describeCheck(check)}`).toBe(false);
      release(layer, [x]);
    },
  );

});

// Once, on wasm (the faster backend for its 3136×64×128 product): the size is the point, not the backend.
describe('a large Dense on the wasm backend', () => {
  beforeAll(async () => {
    await useTfjsBackend('wasm');
  });

  test('Dense on a 56×56×64 input → 128 units: 25.7 M entries, never built whole, checked a row block at a time', async () => {
    const inputShape = [56, 56, 64];
    const layer = tf.layers.dense({ units: 128 });
    const x = randomInput(createRng(7), inputShape);
    const { check, operator } = await checkLayer(layer, [x], 7, 2 ** 20);
    expect(operator.nnz).toBe(56 * 56 * 128 * 64);
    expect(check.ok, describeCheck(check)).toBe(true);
    // A block holds only its rows: 128 rows of 64 entries.
    const block = operator.rowBlock(128 * 100, 128 * 101);
    expect([block.rows, block.cols, block.nnz]).toEqual([128, 56 * 56 * 64, 128 * 64]);
    expect(Array.from(block.colIndex.subarray(0, 64))).toEqual(Array.from({ length: 64 }, (_v, i) => 100 * 64 + i));
    release(layer, [x]);
  });
});

describe('Dense operators refuse what does not fit', () => {
  test('a kernel whose first axis is not the input\'s last axis is named', () => {
    expect(() => denseOperator({ op: 'layerOperator(d: Dense)', inputShape: [3, 5], kernel: { shape: [4, 2], data: new Float32Array(8) } }))
      .toThrow(/layerOperator\(d: Dense\): kernel\.shape must be \[5, units\]/);
  });

  test('a Dense layer without a declared input shape asks for one', async () => {
    const layer = tf.layers.dense({ units: 2 });
    await expect(layerOperator(layer)).rejects.toThrow(/give the input shape where the model leaves it open/);
    const built = tf.layers.dense({ units: 2, inputShape: [3] });
    const model = tf.sequential({ layers: [built] });
    const operator = expectAffine(await layerOperator(built));
    expect(operator.inputShapes).toEqual([[3]]);
    model.dispose();
  });
});
