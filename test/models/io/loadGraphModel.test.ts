import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { loadModel } from '../../../src/models/io/loadModel.js';
import { tf } from '../../../src/tfjs/tf.js';
import { concatBytes, float32Bytes, predictValues, seededInput, seededValues, tempFolder, writeModel, type Json } from './modelFiles.js';

// A graph model as tensorflowjs_converter writes a SavedModel: Placeholder → Conv2D → BiasAdd → Relu.

const folder = tempFolder();
afterAll(() => { folder.remove(); });

const base64 = (text: string): string => Buffer.from(text).toString('base64');
const dims = (shape: readonly number[]): Json => ({ dim: shape.map((d) => ({ size: String(d) })) });
const ints = (values: readonly number[]): Json => ({ list: { i: values.map(String) } });
const FLOAT = { type: 'DT_FLOAT' };

const KERNEL_SHAPE = [3, 3, 2, 4];

function graphModelJson(padding: 'VALID' | 'SAME', withFormat: boolean, inputShape: readonly number[] = [-1, 6, 6, 2]): Json {
  const constant = (name: string, shape: readonly number[]): Json => ({
    name, op: 'Const', attr: { dtype: FLOAT, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(shape) } } },
  });
  return {
    ...(withFormat && { format: 'graph-model' }),
    generatedBy: '2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.17.0',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: dims(inputShape) } } },
        constant('conv/kernel', KERNEL_SHAPE),
        constant('conv/bias', [4]),
        {
          name: 'conv/Conv2D', op: 'Conv2D', input: ['x', 'conv/kernel'],
          attr: { T: FLOAT, strides: ints([1, 1, 1, 1]), dilations: ints([1, 1, 1, 1]), padding: { s: base64(padding) }, data_format: { s: base64('NHWC') }, use_cudnn_on_gpu: { b: true }, explicit_paddings: { list: {} } },
        },
        { name: 'conv/BiasAdd', op: 'BiasAdd', input: ['conv/Conv2D', 'conv/bias'], attr: { T: FLOAT, data_format: { s: base64('NHWC') } } },
        { name: 'conv/Relu', op: 'Relu', input: ['conv/BiasAdd'], attr: { T: FLOAT } },
        { name: 'Identity', op: 'Identity', input: ['conv/Relu'], attr: { T: FLOAT } },
      ],
      library: {},
      versions: { producer: 1482 },
    },
    weightsManifest: [{
      paths: ['group1-shard1of1.bin'],
      weights: [{ name: 'conv/kernel', shape: KERNEL_SHAPE, dtype: 'float32' }, { name: 'conv/bias', shape: [4], dtype: 'float32' }],
    }],
  };
}

const kernel = seededValues(3 * 3 * 2 * 4, 31);
const bias = seededValues(4, 32);
const shard = { 'group1-shard1of1.bin': concatBytes([float32Bytes(kernel), float32Bytes(bias)]) };

async function reference(x: tf.Tensor, padding: 'valid' | 'same'): Promise<Float32Array> {
  const y = tf.tidy(() => tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, tf.tensor4d(kernel, KERNEL_SHAPE as [number, number, number, number]), 1, padding), tf.tensor1d(bias))));
  try {
    return Float32Array.from(await y.data());
  } finally {
    y.dispose();
  }
}

describe.each(['cpu', 'wasm'] as const)('loadModel on %s: graph models', (backend) => {
  beforeAll(() => useTfjsBackend(backend));

  test.each([true, false])('Placeholder → Conv2D → BiasAdd → Relu (format field %s) loads and computes relu(conv2d(x, W) + b)', async (withFormat) => {
    const path = writeModel(join(folder.path, `${backend}-graph-${withFormat}`), graphModelJson('VALID', withFormat), shard);
    const loaded = await loadModel(path);
    const x = seededInput([2, 6, 6, 2], 41);
    try {
      expect(loaded.format).toBe('graph-model');
      expect(loaded.convertedBy).toBe('TensorFlow.js Converter v4.17.0');
      expect(loaded.inputShapes).toEqual([[6, 6, 2]]);
      expect(loaded.inputShape).toEqual([6, 6, 2]);
      expect(Array.isArray(loaded.topology.node)).toBe(true);
      expect(await predictValues(loaded.model, x)).toEqual(await reference(x, 'valid'));
    } finally {
      x.dispose();
      loaded.dispose();
    }
  });

  test('negative control: the same graph with SAME padding does not compute the VALID convolution', async () => {
    const path = writeModel(join(folder.path, `${backend}-graph-same`), graphModelJson('SAME', true), shard);
    const loaded = await loadModel(path);
    const x = seededInput([1, 6, 6, 2], 42);
    try {
      const valid = await reference(x, 'valid');
      const got = await predictValues(loaded.model, x);
      expect(got.length).not.toBe(valid.length);
      expect(got).toEqual(await reference(x, 'same'));
    } finally {
      x.dispose();
      loaded.dispose();
    }
  });

  test('an input of open height and width is reported as null and takes the given inputShape', async () => {
    const path = writeModel(join(folder.path, `${backend}-graph-open`), graphModelJson('VALID', true, [-1, -1, -1, 2]), shard);
    const loaded = await loadModel(path, { inputShape: [5, 4, 2] });
    try {
      expect(loaded.inputShapes).toEqual([[null, null, 2]]);
      expect(loaded.inputShape).toEqual([5, 4, 2]);
    } finally {
      loaded.dispose();
    }
  });
});
