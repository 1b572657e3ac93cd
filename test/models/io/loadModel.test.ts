import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { loadModel } from '../../../src/models/io/loadModel.js';
import { tf } from '../../../src/tfjs/tf.js';
import {
  concatBytes, fromFloat16Bits, predictValues, savedArtifacts, saveModel, seededInput, seededValues, tempFolder, toFloat16Bits, writeModel,
} from './modelFiles.js';

const folder = tempFolder();
afterAll(() => { folder.remove(); });

/** conv (same) → BN → ReLU → max pool → dense: weights of every kind a CNN has. */
function sequentialCnn(seed: number): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: 'same', name: 'conv' }),
      tf.layers.batchNormalization({ name: 'bn' }),
      tf.layers.reLU({ name: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 4, name: 'dense' }),
    ],
  });
  model.setWeights(model.weights.map((w, i) => {
    const values = seededValues(w.shape.reduce((a: number, b) => a * (b ?? 1), 1), seed + i);
    // A variance must be positive.
    return tf.tensor(w.name.includes('variance') ? values.map((v) => 0.5 + Math.abs(v)) : values, w.shape as number[]);
  }));
  return model;
}

/** Two branches from one input, added, then global pooling: a functional model with open height and width. */
function functionalCnn(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [null, null, 2], name: 'image' });
  const a = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'a' }).apply(input) as tf.SymbolicTensor;
  const b = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'b' }).apply(input) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'sum' }).apply([a, b]) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(sum) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, name: 'out' }).apply(pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  model.setWeights(model.weights.map((w, i) => tf.tensor(seededValues(w.shape.reduce((p: number, d) => p * (d ?? 1), 1), seed + 10 * i), w.shape as number[])));
  return model;
}

async function expectSamePredictions(original: tf.LayersModel, loaded: tf.LayersModel | tf.GraphModel, shape: readonly number[], seed: number): Promise<void> {
  const x = seededInput(shape, seed);
  try {
    expect(await predictValues(loaded, x)).toEqual(await predictValues(original, x));
  } finally {
    x.dispose();
  }
}

describe.each(['cpu', 'wasm'] as const)('loadModel on %s: models saved as TensorFlow.js saves them', (backend) => {
  beforeAll(() => useTfjsBackend(backend));

  test.prop([fc.integer({ min: 1, max: 1000 })], { numRuns: 3 })('a sequential CNN saved to a folder loads back and predicts exactly the same', async (seed) => {
    const original = sequentialCnn(seed);
    const dir = join(folder.path, `${backend}-seq-${seed}`);
    await saveModel(original, dir);
    const loaded = await loadModel(dir);
    try {
      expect(loaded.format).toBe('layers-model');
      expect(loaded.modelJsonPath).toBe(join(dir, 'model.json'));
      expect(loaded.generatedBy).toMatch(/^TensorFlow\.js tfjs-layers v/);
      expect(loaded.convertedBy).toBeUndefined();
      expect(loaded.inputShapes).toEqual([[6, 6, 2]]);
      expect(loaded.inputShape).toEqual([6, 6, 2]);
      await expectSamePredictions(original, loaded.model, [3, 6, 6, 2], seed);
    } finally {
      loaded.dispose();
      original.dispose();
    }
  });

  test('a functional model with weights in 3 shards loads from its model.json path and predicts exactly the same', async () => {
    const original = functionalCnn(7);
    const path = await saveModel(original, join(folder.path, `${backend}-fun`), 3);
    const loaded = await loadModel(path, { inputShape: [5, 7, 2] });
    try {
      expect(loaded.inputShapes).toEqual([[null, null, 2]]);
      expect(loaded.inputShape).toEqual([5, 7, 2]);
      await expectSamePredictions(original, loaded.model, [2, 5, 7, 2], 3);
    } finally {
      loaded.dispose();
      original.dispose();
    }
  });

  test('a model holding a nested functional model (called as a layer, node index 1) loads and predicts exactly the same', async () => {
    const inner = functionalCnn(3);
    const input = tf.input({ shape: [4, 4, 2] });
    const features = inner.apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 1, name: 'head' }).apply(features) as tf.SymbolicTensor;
    const original = tf.model({ inputs: input, outputs: out });
    const loaded = await loadModel(await saveModel(original, join(folder.path, `${backend}-nested`)));
    try {
      await expectSamePredictions(original, loaded.model, [2, 4, 4, 2], 8);
    } finally {
      loaded.dispose();
      original.dispose();
    }
  });

  test('negative control: one weight byte changed in a shard changes the prediction', async () => {
    const original = sequentialCnn(5);
    const dir = join(folder.path, `${backend}-flip`);
    await saveModel(original, dir);
    const shard = join(dir, 'group1-shard1of1.bin');
    const bytes = readFileSync(shard);
    // Byte 3 is the sign-and-exponent byte of the first conv kernel value.
    bytes[3] = (bytes[3] ?? 0) ^ 0x01;
    writeFileSync(shard, bytes);
    const loaded = await loadModel(dir);
    const x = seededInput([1, 6, 6, 2], 5);
    try {
      expect(await predictValues(loaded.model, x)).not.toEqual(await predictValues(original, x));
    } finally {
      x.dispose();
      loaded.dispose();
      original.dispose();
    }
  });
});

describe('loadModel: model.json variants', () => {
  beforeAll(() => useTfjsBackend('cpu'));

  test('a model.json without format is read as a layers model from its Keras topology', async () => {
    const original = sequentialCnn(11);
    const { json, bytes, specs } = await savedArtifacts(original);
    delete json.format;
    const path = writeModel(join(folder.path, 'noformat'), { ...json, weightsManifest: [{ paths: ['w.bin'], weights: specs }] }, { 'w.bin': bytes });
    const loaded = await loadModel(path);
    try {
      expect(loaded.format).toBe('layers-model');
      await expectSamePredictions(original, loaded.model, [1, 6, 6, 2], 11);
    } finally {
      loaded.dispose();
      original.dispose();
    }
  });

  test('weights in two groups, each with its own shards, load in manifest order', async () => {
    const original = sequentialCnn(12);
    const { json, bytes, specs } = await savedArtifacts(original);
    // conv kernel + bias (3·3·2·3 + 3 floats) in group 1, the rest in group 2.
    const split = (3 * 3 * 2 * 3 + 3) * 4;
    const manifest = [
      { paths: ['g1.bin'], weights: specs.slice(0, 2) },
      { paths: ['g2a.bin', 'g2b.bin'], weights: specs.slice(2) },
    ];
    const rest = bytes.slice(split);
    const path = writeModel(join(folder.path, 'groups'), { ...json, weightsManifest: manifest }, {
      'g1.bin': bytes.slice(0, split), 'g2a.bin': rest.slice(0, 10), 'g2b.bin': rest.slice(10),
    });
    const loaded = await loadModel(path);
    try {
      await expectSamePredictions(original, loaded.model, [1, 6, 6, 2], 12);
    } finally {
      loaded.dispose();
      original.dispose();
    }
  });
});

/** Quantizes values to `bits` as tensorflowjs_converter does: q = round((w − min)/scale), scale = (max − min)/(2^bits − 1). */
function quantize(values: Float32Array, bits: 8 | 16): { q: number[]; scale: number; min: number } {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const scale = (max - min) / (2 ** bits - 1);
  return { q: Array.from(values, (v) => Math.round((v - min) / scale)), scale, min };
}

describe.each(['cpu', 'wasm'] as const)('loadModel on %s: quantized weights', (backend) => {
  beforeAll(() => useTfjsBackend(backend));

  /** The dense model's weights written uint8 (kernel) and float16 (bias), or uint16 (kernel) and float16 (bias). */
  async function quantizedModel(name: string, kernelBits: 8 | 16, shiftMin = 0): Promise<{ original: tf.LayersModel; path: string; dequantized: Float32Array; scale: number }> {
    const original = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 3, name: 'dense' })] });
    const kernel = seededValues(15, 21);
    const bias = seededValues(3, 22);
    original.setWeights([tf.tensor2d(kernel, [5, 3]), tf.tensor1d(bias)]);
    const { json } = await savedArtifacts(original);
    const { q, scale, min } = quantize(kernel, kernelBits);
    const stored = kernelBits === 8 ? new Uint8Array(q) : new Uint16Array(q);
    const halves = new Uint16Array(Array.from(bias, toFloat16Bits));
    const weights = [
      { name: 'dense/kernel', shape: [5, 3], dtype: 'float32', quantization: { dtype: kernelBits === 8 ? 'uint8' : 'uint16', scale, min: min + shiftMin * scale } },
      { name: 'dense/bias', shape: [3], dtype: 'float32', quantization: { dtype: 'float16' } },
    ];
    const bytes = concatBytes([new Uint8Array(stored.buffer), new Uint8Array(halves.buffer)]);
    const path = writeModel(join(folder.path, `${backend}-${name}`), { ...json, weightsManifest: [{ paths: ['q.bin'], weights }] }, { 'q.bin': bytes });
    // As tfjs dequantizes: q·scale + min in float64, stored as float32.
    const dequantized = Float32Array.from(q, (v) => v * scale + min + shiftMin * scale);
    return { original, path, dequantized, scale };
  }

  test.each([8, 16] as const)('uint%i kernel and float16 bias: the weights are q·scale + min and the half values, within half a step of the originals', async (bits) => {
    const { original, path, dequantized, scale } = await quantizedModel(`q${bits}`, bits);
    const loaded = await loadModel(path);
    try {
      if (loaded.format !== 'layers-model') throw new Error('expected a layers model');
      const [kernel, bias] = await Promise.all(loaded.model.getWeights().map(async (t) => Float32Array.from(await t.data())));
      const [k0, b0] = await Promise.all(original.getWeights().map(async (t) => Float32Array.from(await t.data())));
      expect(kernel).toEqual(dequantized);
      expect(Array.from(kernel ?? [], (v, i) => Math.abs(v - (k0?.[i] ?? NaN)) <= scale / 2 + 1e-7).every(Boolean)).toBe(true);
      expect(bias).toEqual(Float32Array.from(b0 ?? [], (v) => fromFloat16Bits(toFloat16Bits(v))));
      // Half precision keeps 11 significant bits.
      expect(Array.from(bias ?? [], (v, i) => Math.abs(v - (b0?.[i] ?? NaN)) <= 2 ** -11 * Math.abs(b0?.[i] ?? 0)).every(Boolean)).toBe(true);
      // And the model predicts what a model holding those exact weights predicts.
      const reference = tf.sequential({ layers: [tf.layers.dense({ inputShape: [5], units: 3 })] });
      reference.setWeights(loaded.model.getWeights());
      await expectSamePredictions(reference, loaded.model, [4, 5], bits);
      reference.dispose();
    } finally {
      loaded.dispose();
      original.dispose();
    }
  });

  test('negative control: a min shifted by one step puts the weights a whole step from the originals', async () => {
    const { original, path, scale } = await quantizedModel('q8shift', 8, 1);
    const loaded = await loadModel(path);
    try {
      if (loaded.format !== 'layers-model') throw new Error('expected a layers model');
      const kernel = await loaded.model.getWeights()[0]?.data();
      const k0 = await original.getWeights()[0]?.data();
      expect(Array.from(kernel ?? [], (v, i) => Math.abs(v - (k0?.[i] ?? NaN)) <= scale / 2 + 1e-7).every(Boolean)).toBe(false);
    } finally {
      loaded.dispose();
      original.dispose();
    }
  });
});
