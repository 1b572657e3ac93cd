import { beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../src/cnn/backends/useTfjsBackend.js';
import { layersModelSites } from '../../src/models/layersModelSites.js';
import type { ModelSites } from '../../src/models/ModelSites.js';
import { verifyModelSites } from '../../src/models/verify/verifyModelSites.js';
import { tf } from '../../src/tfjs/tf.js';
import { randomizeWeights } from './support/randomizeWeights.js';

function sequentialNet(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [9, 8, 3], filters: 4, kernelSize: 3, padding: 'same', name: 'conv' }),
      tf.layers.batchNormalization({ name: 'bn' }),
      tf.layers.reLU({ name: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 6, name: 'fc1' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'fc2' }),
    ],
  });
}

/** Residual Add and a Concatenate: branches and merges. */
function functionalNet(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 2], name: 'image' });
  const a = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'branch_a' }).apply(input) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'residual' }).apply([input, a]) as tf.SymbolicTensor;
  const b = tf.layers.depthwiseConv2d({ kernelSize: 3, name: 'branch_b' }).apply(sum) as tf.SymbolicTensor;
  const c = tf.layers.averagePooling2d({ poolSize: 2, strides: 1, name: 'branch_c' }).apply(sum) as tf.SymbolicTensor;
  const c2 = tf.layers.cropping2D({ cropping: [[0, 1], [0, 1]], name: 'crop' }).apply(c) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ name: 'cat' }).apply([b, c2]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(cat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: pooled });
}

/** The same sites, with one site's operator given a wrong bias entry: the check must catch it. */
function tamper(model: ModelSites, name: string): ModelSites {
  return {
    ...model,
    sites: model.sites.map((s) => (s.name !== name ? s : {
      ...s,
      analyse: async (inputShapes, outputShape) => {
        const a = await s.analyse(inputShapes, outputShape);
        if (a.status !== 'affine') return a;
        const bias = Float64Array.from(a.operator.bias);
        bias[0] = (bias[0] ?? 0) + 0.05;
        return { status: 'affine', operator: { ...a.operator, bias, rowBlock: (i, j) => a.operator.rowBlock(i, j) } };
      },
    })),
  };
}

describe.each(['cpu', 'wasm'] as const)('verifyModelSites on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test('sequential conv→BN→ReLU→maxpool→flatten→dense→dense(softmax): every linear layer and chain checked', async () => {
    const model = sequentialNet();
    randomizeWeights(model, 7);
    const x = tf.randomUniform([3, 9, 8, 3], 0, 1, 'float32', 3);
    const report = await verifyModelSites(layersModelSites(model), [x]);
    expect(report.layers.map((l) => `${l.name}:${l.kind}:${l.status}`)).toEqual([
      'conv:Conv2D:checked', 'bn:BatchNormalization:checked', 'relu:ReLU:not linear', 'pool:MaxPooling2D:not linear',
      'flat:Flatten:checked', 'fc1:Dense:checked', 'fc2:Dense:checked',
    ]);
    expect(report.chains.map((c) => `${c.layers.join('+')}:${c.status}`)).toEqual(['conv+bn:checked', 'flat+fc1+fc2:checked']);
    expect(report.ok).toBe(true);
    const conv = report.layers[0];
    expect([conv?.rows, conv?.cols, conv?.nnz]).toEqual([9 * 8 * 4, 9 * 8 * 3, conv?.nnz]);
    expect(conv?.inputShape).toEqual([9, 8, 3]);
    expect(conv?.maxAbsError).toBeLessThanOrEqual(conv?.tolerance?.atol ?? 0);
    x.dispose();
    model.dispose();
  });

  test('negative control: a wrong bias entry in one layer fails that layer and its chain', async () => {
    const model = sequentialNet();
    randomizeWeights(model, 8);
    const x = tf.randomUniform([2, 9, 8, 3], 0, 1, 'float32', 4);
    const report = await verifyModelSites(tamper(layersModelSites(model), 'bn'), [x]);
    expect(report.ok).toBe(false);
    expect(report.layers.find((l) => l.name === 'bn')?.status).toBe('failed');
    expect(report.layers.find((l) => l.name === 'conv')?.status).toBe('checked');
    expect(report.chains.find((c) => c.layers.includes('bn'))?.status).toBe('failed');
    x.dispose();
    model.dispose();
  });

  test('functional model with a residual Add, a Concatenate of two branches and several chunks of inputs', async () => {
    const model = functionalNet();
    randomizeWeights(model, 9);
    const x = tf.randomUniform([5, 6, 6, 2], -1, 1, 'float32', 5);
    const report = await verifyModelSites(layersModelSites(model), [x], { chunkSize: 2 });
    expect(report.samples).toBe(5);
    expect(report.layers.map((l) => `${l.name}:${l.status}`)).toEqual([
      'branch_a:checked', 'residual:checked', 'branch_c:checked', 'branch_b:checked', 'crop:checked', 'cat:checked', 'gap:checked',
    ]);
    expect(report.layers.find((l) => l.name === 'residual')?.inputShapes).toEqual([[6, 6, 2], [6, 6, 2]]);
    expect(report.chains.map((c) => `${c.layers.join('+')}:${c.status}`)).toEqual(['branch_c+crop:checked']);
    expect(report.ok).toBe(true);
    x.dispose();
    model.dispose();
  });

  test('a model used as a layer: its own layers are checked on the values that reach it', async () => {
    const inner = tf.sequential({ name: 'base', layers: [tf.layers.dense({ inputShape: [4], units: 3, name: 'inner_fc' }), tf.layers.reLU({ name: 'inner_relu' })] });
    const outer = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 4, name: 'outer_fc' }), inner, tf.layers.dense({ units: 2, name: 'head' })] });
    randomizeWeights(outer, 10);
    const x = tf.randomUniform([2, 5], -1, 1, 'float32', 6);
    const report = await verifyModelSites(layersModelSites(outer), [x]);
    expect(report.layers.map((l) => `${l.name}:${l.status}`)).toEqual([
      'outer_fc:checked', 'base:not supported', 'base/inner_fc:checked', 'base/inner_relu:not linear', 'head:checked',
    ]);
    x.dispose();
    outer.dispose();
  });

  test('bad input: the wrong number of input tensors, or none in a batch', async () => {
    const model = sequentialNet();
    const sites = layersModelSites(model);
    await expect(verifyModelSites(sites, [])).rejects.toThrow(/inputs.length must be 1, one batch tensor per model input/);
    const empty = tf.zeros([0, 9, 8, 3]);
    await expect(verifyModelSites(sites, [empty])).rejects.toThrow(/the same positive number of samples/);
    empty.dispose();
    model.dispose();
  });
});

describe('verifyModelSites: which chains are composed', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test('a bottleneck of two 1×1 convolutions (128→4→128 on 32×32) is not multiplied out, the BN after it is', async () => {
    // The product would cost 32·32·128 rows × 4 × 128 ≈ 6.7·10⁷ multiply-adds against 10⁶ entries in its factors.
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [32, 32, 128], filters: 4, kernelSize: 1, name: 'squeeze' }),
        tf.layers.conv2d({ filters: 128, kernelSize: 1, name: 'expand' }),
        tf.layers.batchNormalization({ name: 'bn' }),
      ],
    });
    randomizeWeights(model, 11);
    const x = tf.randomUniform([1, 32, 32, 128], 0, 1, 'float32', 7);
    const report = await verifyModelSites(layersModelSites(model), [x]);
    expect(report.layers.map((l) => l.status)).toEqual(['checked', 'checked', 'checked']);
    expect(report.chains.map((c) => `${c.layers.join('+')}:${c.status}`)).toEqual(['expand+bn:checked']);
    x.dispose();
    model.dispose();
  });
});
