import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { layerOperator } from '../../../src/models/layers/layerOperator.js';
import { verifyModel, type VerifyModelOptions } from '../../../src/models/verify/verifyModel.js';
import { modelLipschitz } from '../../../src/spectrum/model/modelLipschitz.js';
import { tf } from '../../../src/tfjs/tf.js';
import { saveModel, tempFolder } from '../../models/io/modelFiles.js';
import { randomizeWeights } from '../../models/support/randomizeWeights.js';
import { denseNorm } from './support/denseNorms.js';

const folder = tempFolder();
// src/models cannot import src/spectrum: the engine is injected, as the CLI does.
const normsOf: NonNullable<VerifyModelOptions['normsOf']> = (model, inputShape) => modelLipschitz(model, { inputShape });
let path = '';
const exact = new Map<string, number>();
let strideOne = NaN;

describe('verify-model reports each layer\'s certified norm and the model\'s Lipschitz bound', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 3, activation: 'softmax', name: 'logits' }),
      ],
    });
    randomizeWeights(model, 4);
    for (const [name, shape] of [['conv', [5, 5, 2]], ['flat', [3, 3, 3]], ['logits', [27]]] as const) {
      const a = await layerOperator(model.getLayer(name), shape);
      if (a.status === 'affine') exact.set(name, denseNorm(a.operator).upper);
    }
    // The same kernel at stride 1: the norm a bound that ignores the stride would be about.
    const unstrided = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3, strides: 1, padding: 'same', name: 'conv1' })] });
    unstrided.setWeights(model.getLayer('conv').getWeights());
    const a = await layerOperator(unstrided.getLayer('conv1'), [5, 5, 2]);
    if (a.status === 'affine') strideOne = denseNorm(a.operator).upper;
    unstrided.dispose();
    path = await saveModel(model, join(folder.path, 'model'));
    model.dispose();
  });
  afterAll(() => {
    folder.remove();
  });

  test('every affine layer gets an interval that holds its exact norm (dense SVD); the bound is the product', async () => {
    const result = await verifyModel(path, { random: 2, backend: 'cpu', normsOf });
    expect(result.ok).toBe(true);
    for (const l of result.layers) {
      const sigma = exact.get(l.name) ?? NaN;
      expect(l.norm?.lower ?? NaN, l.name).toBeLessThanOrEqual(sigma * (1 + 1e-12));
      expect(l.norm?.upper ?? NaN, l.name).toBeGreaterThanOrEqual(sigma * (1 - 1e-12));
    }
    const product = result.layers.reduce((a, l) => a * (l.norm?.upper ?? NaN), 1);
    expect(result.lipschitz?.bound).toBeCloseTo(product, 10);
    expect(result.lipschitz?.note).toMatch(/softmax fused into logits is left out/);
  });

  test('negative control: the same kernel\'s norm at stride 1 (the stride ignored) lies above the stride-2 interval; norms: false, or no normsOf, gives none', async () => {
    const conv = (await verifyModel(path, { random: 1, backend: 'cpu', normsOf })).layers.find((l) => l.name === 'conv');
    expect(strideOne).toBeGreaterThan(conv?.norm?.upper ?? Infinity);
    const result = await verifyModel(path, { random: 2, backend: 'cpu', normsOf, norms: false });
    expect(result.ok).toBe(true);
    expect(result.layers.every((l) => l.norm === undefined)).toBe(true);
    expect(result.lipschitz).toBeUndefined();
    const uninjected = await verifyModel(path, { random: 1, backend: 'cpu' });
    expect(uninjected.layers.every((l) => l.norm === undefined) && uninjected.lipschitz === undefined).toBe(true);
  });
});
