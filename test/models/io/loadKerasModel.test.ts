import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { loadModel } from '../../../src/models/io/loadModel.js';
import { tf } from '../../../src/tfjs/tf.js';
import { concatBytes, float32Bytes, predictValues, seededInput, seededValues, tempFolder, writeModel, type Json } from './modelFiles.js';

// model.json files as tensorflowjs_converter writes Keras 2.15 and Keras 3 models, written by hand.

const folder = tempFolder();
afterAll(() => { folder.remove(); });

const initializer = (className: string, config: Json = {}): Json => ({ module: 'keras.initializers', class_name: className, config, registered_name: null });
const policy = (name: string): Json => ({ module: 'keras.mixed_precision', class_name: 'Policy', config: { name }, registered_name: null });
const keras3Policy = (name: string): Json => ({ module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null });

function conv2dConfig(name: string, filters: number, kernel: number, padding: string, dtype: unknown, activation = 'linear'): Json {
  return {
    name, trainable: true, dtype, filters, kernel_size: [kernel, kernel], strides: [1, 1], padding, data_format: 'channels_last',
    dilation_rate: [1, 1], groups: 1, activation, use_bias: true,
    kernel_initializer: initializer('GlorotUniform', { seed: null }), bias_initializer: initializer('Zeros'),
    kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 }, registered_name: null },
    bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
  };
}

function denseConfig(name: string, units: number, dtype: unknown, activation: string): Json {
  return {
    name, trainable: true, dtype, units, activation, use_bias: true,
    kernel_initializer: initializer('GlorotUniform', { seed: null }), bias_initializer: initializer('Zeros'),
    kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
  };
}

interface Weight { readonly name: string; readonly shape: number[]; readonly values: Float32Array }

function weight(name: string, shape: number[], seed: number, positive = false): Weight {
  const values = seededValues(shape.reduce((a, b) => a * b, 1), seed);
  return { name, shape, values: positive ? values.map((v) => 0.5 + Math.abs(v)) : values };
}

function writeKerasModel(dir: string, modelTopology: Json, weights: readonly Weight[], generatedBy: string): string {
  return writeModel(join(folder.path, dir), {
    format: 'layers-model', generatedBy, convertedBy: 'TensorFlow.js Converter v4.17.0', modelTopology,
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weights.map(({ name, shape }) => ({ name, shape, dtype: 'float32' })) }],
  }, { 'group1-shard1of1.bin': concatBytes(weights.map((w) => float32Bytes(w.values))) });
}

/** The same network built with the tfjs API, holding the same weights (in model.weights order). */
function withWeights(model: tf.LayersModel, weights: readonly Weight[]): tf.LayersModel {
  const byName = new Map(weights.map((w) => [w.name, w]));
  model.setWeights(model.weights.map((v) => {
    const w = byName.get(v.originalName);
    if (w === undefined) throw new Error(`no test weight for ${v.originalName}`);
    return tf.tensor(w.values, w.shape);
  }));
  return model;
}

async function expectSame(reference: tf.LayersModel, loaded: tf.LayersModel | tf.GraphModel, shape: number[]): Promise<void> {
  const x = seededInput(shape, 99);
  try {
    expect(await predictValues(loaded, x)).toEqual(await predictValues(reference, x));
  } finally {
    x.dispose();
  }
}

// Sequential: conv (ReLU, L2 regularizer) → BN (Policy dtype, axis [3]) → max pool → flatten → dense softmax.
const sequentialWeights = [
  weight('conv2d/kernel', [3, 3, 1, 2], 1), weight('conv2d/bias', [2], 2),
  weight('batch_normalization/gamma', [2], 3), weight('batch_normalization/beta', [2], 4),
  weight('batch_normalization/moving_mean', [2], 5), weight('batch_normalization/moving_variance', [2], 6, true),
  weight('dense/kernel', [18, 3], 7), weight('dense/bias', [3], 8),
];

/** The Sequential as Keras 2.15 writes it (model_config wrapper, Policy, batch_input_shape), or as Keras 3 does (DTypePolicy, batch_shape). */
function kerasSequential(version: 2 | 3): Json {
  const dtype = version === 2 ? policy : keras3Policy;
  const inputConfig = version === 2
    ? { batch_input_shape: [null, 6, 6, 1], dtype: 'float32', sparse: false, ragged: false, name: 'conv2d_input' }
    : { batch_shape: [null, 6, 6, 1], dtype: 'float32', sparse: false, name: 'input_layer' };
  const modelConfig = {
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: {
      name: 'sequential', trainable: true, dtype: dtype('float32'),
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: inputConfig, registered_name: null },
        { module: 'keras.layers', class_name: 'Conv2D', config: conv2dConfig('conv2d', 2, 3, 'same', 'float32', 'relu'), registered_name: null, build_config: { input_shape: [null, 6, 6, 1] } },
        {
          module: 'keras.layers', class_name: 'BatchNormalization', registered_name: null,
          config: {
            name: 'batch_normalization', trainable: true, dtype: dtype('float32'), axis: version === 2 ? [3] : -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true,
            beta_initializer: initializer('Zeros'), gamma_initializer: initializer('Ones'), moving_mean_initializer: initializer('Zeros'), moving_variance_initializer: initializer('Ones'),
            beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null,
          },
        },
        { module: 'keras.layers', class_name: 'MaxPooling2D', config: { name: 'max_pooling2d', trainable: true, dtype: dtype('float32'), pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last' }, registered_name: null },
        { module: 'keras.layers', class_name: 'Flatten', config: { name: 'flatten', trainable: true, dtype: dtype('float32'), data_format: 'channels_last' }, registered_name: null },
        { module: 'keras.layers', class_name: 'Dense', config: denseConfig('dense', 3, dtype('mixed_float16'), 'softmax'), registered_name: null },
      ],
    },
  };
  if (version === 3) return modelConfig;
  return {
    keras_version: '2.15.0', backend: 'tensorflow', model_config: modelConfig,
    // Keras writes the training config too; it names a Keras-only optimizer, which must not matter.
    training_config: { loss: 'sparse_categorical_crossentropy', metrics: null, optimizer_config: { class_name: 'Custom>Adam', config: { learning_rate: 0.001 } } },
  };
}

function tfjsSequential(): tf.LayersModel {
  return withWeights(tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2d' }),
      tf.layers.batchNormalization({ axis: 3, epsilon: 0.001, name: 'batch_normalization' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'dense' }),
    ],
  }), sequentialWeights);
}

// Functional: input → conv a (1×1) and conv b (3×3 same) → add → global average pool → dense.
const functionalWeights = [
  weight('conv_a/kernel', [1, 1, 2, 3], 11), weight('conv_a/bias', [3], 12),
  weight('conv_b/kernel', [3, 3, 2, 3], 13), weight('conv_b/bias', [3], 14),
  weight('out/kernel', [3, 2], 15), weight('out/bias', [2], 16),
];

function tfjsFunctional(): tf.LayersModel {
  const input = tf.input({ shape: [5, 5, 2] });
  const a = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'conv_a' }).apply(input) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv_b' }).apply(input) as tf.SymbolicTensor;
  const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({}).apply(sum) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, name: 'out' }).apply(pooled) as tf.SymbolicTensor;
  return withWeights(tf.model({ inputs: input, outputs: out }), functionalWeights);
}

function keras2Functional(): Json {
  const call = (...from: string[]): unknown[] => [from.map((name) => [name, 0, 0, {}])];
  return {
    keras_version: '2.15.0', backend: 'tensorflow',
    model_config: {
      class_name: 'Functional',
      config: {
        name: 'model',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 5, 2], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' }, name: 'input_1', inbound_nodes: [] },
          { class_name: 'Conv2D', config: conv2dConfig('conv_a', 3, 1, 'valid', policy('float32')), name: 'conv_a', inbound_nodes: call('input_1') },
          { class_name: 'Conv2D', config: conv2dConfig('conv_b', 3, 3, 'same', policy('float32')), name: 'conv_b', inbound_nodes: call('input_1') },
          { class_name: 'Add', config: { name: 'add', trainable: true, dtype: policy('float32') }, name: 'add', inbound_nodes: call('conv_a', 'conv_b') },
          { class_name: 'GlobalAveragePooling2D', config: { name: 'gap', trainable: true, dtype: policy('float32'), data_format: 'channels_last', keepdims: false }, name: 'gap', inbound_nodes: call('add') },
          { class_name: 'Dense', config: denseConfig('out', 2, policy('float32'), 'linear'), name: 'out', inbound_nodes: call('gap') },
        ],
        input_layers: [['input_1', 0, 0]],
        output_layers: [['out', 0, 0]],
      },
    },
  };
}

/** The same functional model as Keras 3 writes it: module/registered_name keys, batch_shape, DTypePolicy, {args, kwargs} calls, flat input/output lists. */
function keras3Functional(): Json {
  const tensor = (from: string, shape: (number | null)[]): Json => ({ class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [from, 0, 0] } });
  const layer = (className: string, config: Json, args: unknown[]): Json => ({
    module: 'keras.layers', class_name: className, config, registered_name: null,
    build_config: { input_shape: [null, 5, 5, 2] }, name: config.name, inbound_nodes: args.length === 0 ? [] : [{ args, kwargs: {} }],
  });
  return {
    module: 'keras.src.models.functional', class_name: 'Functional', registered_name: 'Functional',
    config: {
      name: 'functional', trainable: true,
      layers: [
        layer('InputLayer', { batch_shape: [null, 5, 5, 2], dtype: 'float32', sparse: false, name: 'input_layer' }, []),
        layer('Conv2D', conv2dConfig('conv_a', 3, 1, 'valid', keras3Policy('float32')), [tensor('input_layer', [null, 5, 5, 2])]),
        layer('Conv2D', conv2dConfig('conv_b', 3, 3, 'same', keras3Policy('float32')), [tensor('input_layer', [null, 5, 5, 2])]),
        layer('Add', { name: 'add', trainable: true, dtype: keras3Policy('float32') }, [[tensor('conv_a', [null, 5, 5, 3]), tensor('conv_b', [null, 5, 5, 3])]]),
        layer('GlobalAveragePooling2D', { name: 'gap', trainable: true, dtype: keras3Policy('float32'), data_format: 'channels_last', keepdims: false }, [tensor('add', [null, 5, 5, 3])]),
        layer('Dense', denseConfig('out', 2, keras3Policy('float32'), 'linear'), [tensor('gap', [null, 3])]),
      ],
      input_layers: ['input_layer', 0, 0],
      output_layers: ['out', 0, 0],
    },
  };
}

describe.each(['cpu', 'wasm'] as const)('loadModel on %s: hand-written Keras model.json files', (backend) => {
  beforeAll(() => useTfjsBackend(backend));

  test.each([
    [2, 'snake_case, Policy dtypes, BN axis [3], an L2 regularizer, a training config'],
    [3, 'DTypePolicy dtypes, batch_shape, no model_config wrapper'],
  ] as const)('a Keras %i Sequential (%s) loads and predicts as the same tfjs model', async (version, _what) => {
    const path = writeKerasModel(`${backend}-k${version}seq`, kerasSequential(version), sequentialWeights, 'keras v2.15.0');
    const loaded = await loadModel(path);
    const reference = tfjsSequential();
    try {
      expect(loaded.format).toBe('layers-model');
      expect(loaded.generatedBy).toBe('keras v2.15.0');
      expect(loaded.convertedBy).toBe('TensorFlow.js Converter v4.17.0');
      expect(loaded.inputShapes).toEqual([[6, 6, 1]]);
      if (loaded.format !== 'layers-model') throw new Error('expected a layers model');
      expect(loaded.model.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Conv2D', 'BatchNormalization', 'MaxPooling2D', 'Flatten', 'Dense']);
      await expectSame(reference, loaded.model, [3, 6, 6, 1]);
    } finally {
      loaded.dispose();
      reference.dispose();
    }
  });

  test.each([
    ['Keras 2 Functional (class_name Functional, [layer, node, tensor, kwargs] calls)', keras2Functional],
    ['Keras 3 Functional (batch_shape, DTypePolicy, {args, kwargs} calls, flat input_layers)', keras3Functional],
  ])('a %s loads and predicts as the same tfjs model', async (_name, topology) => {
    const path = writeKerasModel(`${backend}-${_name.slice(0, 7).replace(' ', '')}`, topology(), functionalWeights, 'keras v3.3.3');
    const loaded = await loadModel(path);
    const reference = tfjsFunctional();
    try {
      expect(loaded.inputShapes).toEqual([[5, 5, 2]]);
      if (loaded.format !== 'layers-model') throw new Error('expected a layers model');
      expect(loaded.model.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Conv2D', 'Conv2D', 'Add', 'GlobalAveragePooling2D', 'Dense']);
      await expectSame(reference, loaded.model, [2, 5, 5, 2]);
    } finally {
      loaded.dispose();
      reference.dispose();
    }
  });

  test('an early Keras 2 Sequential whose config is the bare list of its layers loads and predicts the same', async () => {
    const topology = kerasSequential(2);
    const modelConfig = topology.model_config as Json;
    const legacy = { ...topology, model_config: { class_name: 'Sequential', config: (modelConfig.config as Json).layers } };
    const loaded = await loadModel(writeKerasModel(`${backend}-legacy`, legacy, sequentialWeights, 'keras v2.1.6'));
    const reference = tfjsSequential();
    try {
      await expectSame(reference, loaded.model, [2, 6, 6, 1]);
    } finally {
      loaded.dispose();
      reference.dispose();
    }
  });

  test('negative control: tfjs alone cannot build the Keras 3 topology that loadModel reads', async () => {
    await expect(tf.loadLayersModel({ load: () => Promise.resolve({ modelTopology: keras3Functional() }) })).rejects.toThrow();
  });

  test('negative control: the Keras 2 Sequential with its conv bias negated predicts differently', async () => {
    const swapped = sequentialWeights.map((w) => (w.name === 'conv2d/bias' ? { ...w, values: w.values.map((v) => -v) } : w));
    const path = writeKerasModel(`${backend}-k2neg`, kerasSequential(2), swapped, 'keras v2.15.0');
    const loaded = await loadModel(path);
    const reference = tfjsSequential();
    const x = seededInput([3, 6, 6, 1], 99);
    try {
      expect(await predictValues(loaded.model, x)).not.toEqual(await predictValues(reference, x));
    } finally {
      x.dispose();
      loaded.dispose();
      reference.dispose();
    }
  });
});
