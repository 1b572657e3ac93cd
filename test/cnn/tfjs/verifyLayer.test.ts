import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRng, LayerproofError, tf, toOperator, toTfjs, useTfjsBackend, verifyLayer, type LayerSpec } from '../../../src/index.js';
import { describeWith } from '../../support/withComponent.js';

const cases: { spec: LayerSpec; inputShape: number[] }[] = [
  { spec: { kind: 'conv2d', filters: 6, kernel: 5 }, inputShape: [12, 12, 3] },
  { spec: { kind: 'conv2d', filters: 4, kernel: 3, strides: 2, padding: 'same', activation: 'relu' }, inputShape: [9, 7, 2] },
  { spec: { kind: 'conv2d', filters: 3, kernel: [2, 3], dilations: 2, useBias: false }, inputShape: [8, 8, 2] },
  { spec: { kind: 'conv2d', filters: 2, kernel: 1, strides: 2, padding: 'same' }, inputShape: [2, 1, 3] },
  { spec: { kind: 'depthwiseConv2d', kernel: 3, depthMultiplier: 2, padding: 'same' }, inputShape: [7, 7, 3] },
  { spec: { kind: 'avgPool', poolSize: 3, strides: 2, padding: 'same' }, inputShape: [7, 6, 2] },
  { spec: { kind: 'sumPool', poolSize: 2 }, inputShape: [6, 6, 3] },
  { spec: { kind: 'sumPool', poolSize: 3, strides: 2, padding: 'same' }, inputShape: [5, 4, 1] },
  { spec: { kind: 'flatten' }, inputShape: [3, 4, 2] },
  { spec: { kind: 'dense', units: 7, activation: 'relu' }, inputShape: [24] },
  { spec: { kind: 'dense', units: 10, activation: 'softmax' }, inputShape: [16] },
  { spec: { kind: 'batchNorm' }, inputShape: [4, 4, 3] },
  { spec: { kind: 'dropout', rate: 0.5 }, inputShape: [4, 4, 3] },
];

function describeSpec(spec: LayerSpec, inputShape: number[]): string {
  const { kind, ...rest } = spec;
  return `${kind} ${JSON.stringify(rest)} x=[${inputShape.join(',')}]`;
}

/** Non-trivial weights (batch-norm statistics included) so every entry of the operator matters. */
function randomizeWeights(layer: tf.layers.Layer, seed: number): void {
  const rng = createRng(seed);
  layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(Float32Array.from({ length: w.size }, () => (i === 3 ? 0.5 + rng() : rng() * 2 - 1)), w.shape)));
}

function verifyLayerCases(backend: 'cpu' | 'wasm' | 'webgpu'): void {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.each(cases.map((c, i) => ({ ...c, i, name: describeSpec(c.spec, c.inputShape) })))('$name', async ({ spec, inputShape, i }) => {
    const layer = toTfjs(spec);
    layer.build([null, ...inputShape]);
    randomizeWeights(layer, i);
    const x = tf.randomUniform([3, ...inputShape], -1, 1, 'float32', i);
    const result = await verifyLayer({ spec, inputShape, layer }, x);
    expect(result.ok, `max error ${result.maxAbsError} vs ${result.tolerance.name} atol ${result.tolerance.atol}`).toBe(true);
    expect(result.images).toBe(3);
    x.dispose();
    tf.dispose(layer.getWeights());
  });

  test('negative control: a layer whose weights changed after the operator was read is caught', async () => {
    const spec: LayerSpec = { kind: 'conv2d', filters: 2, kernel: 3 };
    const inputShape = [6, 6, 2];
    const layer = toTfjs(spec);
    layer.build([null, ...inputShape]);
    randomizeWeights(layer, 99);
    const x = tf.randomUniform([2, ...inputShape], -1, 1, 'float32', 5);
    // verifyLayer reads the weights itself; so compare by hand with the operator of *other* weights.
    const stale = toOperator(spec, { kernel: { shape: [3, 3, 2, 2], data: new Float32Array(36).fill(0.1) } }, inputShape);
    const y = await (layer.apply(x) as tf.Tensor).data();
    const expected = stale.matrix.multiply((await x.data()).subarray(0, 72));
    const differs = expected.some((v, k) => Math.abs(v - (y[k] as number)) > 1e-3);
    expect(differs).toBe(true);
    expect((await verifyLayer({ spec, inputShape, layer }, x)).ok).toBe(true);
  });
}

describe.each(['cpu', 'wasm'] as const)('verifyLayer on the %s backend: the TensorFlow.js layer equals act(T·x + b)', (backend) => {
  verifyLayerCases(backend);
});

// tfjs's webgpu backend cannot read tensors synchronously in Node: verifyLayer reads asynchronously.
describeWith('vulkan', 'verifyLayer on the webgpu backend (software adapter in CI): the TensorFlow.js layer equals act(T·x + b)', () => {
  verifyLayerCases('webgpu');
  afterAll(async () => {
    await useTfjsBackend('cpu');
  });
});

describe('toTfjs and toOperator refuse what they cannot build', () => {
  test('TensorFlow.js layers cannot take explicit padding or strides with dilations', () => {
    expect(() => toTfjs({ kind: 'conv2d', filters: 1, kernel: 3, padding: [[1, 1], [1, 1]] })).toThrow(/explicit padding is supported by conv2dMatrix and tf\.conv2d, not by tf\.layers/);
    expect(() => toTfjs({ kind: 'conv2d', filters: 1, kernel: 3, strides: 2, dilations: 2 })).toThrow(/does not support strides 2×2 together with dilations 2×2/);
    expect(() => toTfjs({ kind: 'depthwiseConv2d', kernel: 3, dilations: 2 })).toThrow(/depthwiseConv2d layer ignores dilations/);
  });

  test('ReLU and max pooling have no matrix', () => {
    expect(() => toOperator({ kind: 'relu' }, {}, [4])).toThrow(LayerproofError);
    expect(() => toOperator({ kind: 'maxPool', poolSize: 2 }, {}, [4, 4, 1])).toThrow(/max pooling is not a linear map/);
  });

  test('a dense kernel of the wrong shape is named', () => {
    expect(() => toOperator({ kind: 'dense', units: 3 }, { kernel: { shape: [4, 2], data: new Float32Array(8) } }, [4]))
      .toThrow(/weights\.kernel\.shape must be \[4, 3\] \(inputs × units\)/);
  });
});
