import { beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../src/cnn/backends/useTfjsBackend.js';
import { modelOperators } from '../../src/models/modelOperators.js';
import { checkOperator } from '../../src/models/verify/checkOperator.js';
import { tf } from '../../src/tfjs/tf.js';
import { randomizeWeights } from './support/randomizeWeights.js';

describe('modelOperators', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test('a sequential model with a nested model: every call with its operator, at the shapes the model produces', async () => {
    const inner = tf.sequential({ name: 'base', layers: [tf.layers.dense({ inputShape: [36], units: 3, name: 'inner_fc' })] });
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [5, 4, 2], filters: 3, kernelSize: 2, name: 'conv' }),
        tf.layers.reLU({ name: 'relu' }),
        tf.layers.flatten({ name: 'flat' }),
        inner,
      ],
    });
    randomizeWeights(model, 3);
    const entries = await modelOperators(model);
    expect(entries.map((e) => `${e.name}:${e.analysis.status}`)).toEqual(['conv:affine', 'relu:not linear', 'flat:affine', 'base:not supported', 'base/inner_fc:affine']);
    expect(entries[0]?.outputShape).toEqual([4, 3, 3]);
    // The operator is the layer's: checked against it on a random input.
    const conv = entries[0]?.analysis;
    if (conv?.status !== 'affine') throw new Error('conv has an operator');
    const x = tf.randomUniform([1, 5, 4, 2], -1, 1, 'float32', 1);
    const layer = model.getLayer('conv');
    const y = layer.apply(x) as tf.Tensor;
    expect(checkOperator(conv.operator, [x.dataSync()], y.dataSync(), 1).ok).toBe(true);
    // Negative control: the output of another layer does not match this operator.
    const relu = model.getLayer('relu').apply(y.sub(1)) as tf.Tensor;
    expect(checkOperator(conv.operator, [x.dataSync()], relu.dataSync(), 1).ok).toBe(false);
    tf.dispose([x, y, relu]);
    model.dispose();
  });

  test('bad input: an open input size without inputShape, and a graph model without its topology', async () => {
    const input = tf.input({ shape: [null, null, 3] });
    const out = tf.layers.conv2d({ filters: 1, kernelSize: 1 }).apply(input) as tf.SymbolicTensor;
    const open = tf.model({ inputs: input, outputs: out });
    await expect(modelOperators(open)).rejects.toThrow(/options.inputShape must be positive integers: the model leaves its input size open/);
    expect((await modelOperators(open, { inputShape: [3, 3, 3] })).map((e) => e.outputShape)).toEqual([[3, 3, 1]]);
    open.dispose();
    const graph = Object.create(tf.GraphModel.prototype) as tf.GraphModel;
    await expect(modelOperators(graph)).rejects.toThrow(/options.topology must be the model.json's modelTopology/);
  });
});
