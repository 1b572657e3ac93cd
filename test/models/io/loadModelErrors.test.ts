import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { loadModel } from '../../../src/models/io/loadModel.js';
import { tf } from '../../../src/tfjs/tf.js';
import { float32Bytes, savedArtifacts, saveModel, tempFolder, writeModel, type Json } from './modelFiles.js';

const folder = tempFolder();
afterAll(() => { folder.remove(); });
beforeAll(() => useTfjsBackend('cpu'));

/** Loading fails with a LayerproofError (no tfjs stack trace) whose message holds every part. */
async function expectRefusal(path: string, parts: readonly (string | RegExp)[], options: { inputShape?: number[] } = {}): Promise<string> {
  let caught: unknown;
  try {
    const loaded = await loadModel(path, options);
    loaded.dispose();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LayerproofError);
  const message = (caught as Error).message;
  if (process.env.SHOW_MESSAGES !== undefined) process.stdout.write(`${message}\n\n`);
  expect(message).toMatch(/^Error in loadModel: /);
  expect(message).not.toMatch(/\n\s+at /);
  for (const part of parts) expect(message).toMatch(typeof part === 'string' ? new RegExp(part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : part);
  return message;
}

/** conv (3 filters, 3×3 on 2 channels) → flatten → dense 2, saved to its own folder. */
async function savedCnn(name: string): Promise<{ dir: string; json: Json; bytes: Uint8Array; specs: tf.io.WeightsManifestEntry[] }> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [4, 4, 2], filters: 3, kernelSize: 3, name: 'conv' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 2, name: 'dense' }),
    ],
  });
  const saved = await savedArtifacts(model);
  model.dispose();
  return { dir: join(folder.path, name), ...saved };
}

/** Writes the CNN with its manifest's weights edited and the given shard bytes. */
function writeEdited(dir: string, json: Json, weights: readonly object[], bytes: Uint8Array): string {
  return writeModel(dir, { ...json, weightsManifest: [{ paths: ['w.bin'], weights }] }, { 'w.bin': bytes });
}

describe('loadModel refuses bad model.json files with messages naming the file', () => {
  test('a path that does not exist', async () => {
    await expectRefusal(join(folder.path, 'nowhere'), ['nowhere does not exist', 'model.json']);
  });

  test('a folder without model.json lists the .json files it does hold', async () => {
    const dir = join(folder.path, 'nojson');
    mkdirSync(dir);
    writeFileSync(join(dir, 'weights_manifest.json'), '[]');
    await expectRefusal(dir, ['holds no model.json', 'weights_manifest.json']);
  });

  test('an empty model.json', async () => {
    const path = join(folder.path, 'empty.json');
    writeFileSync(path, '  \n');
    await expectRefusal(path, [path, 'is empty']);
  });

  test('a truncated model.json says it is truncated, with its size', async () => {
    const { dir, json } = await savedCnn('truncated');
    const path = writeModel(dir, json);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, Math.floor(text.length / 2)));
    await expectRefusal(path, [path, 'is truncated', `after ${Math.floor(text.length / 2)} bytes`]);
  });

  test('negative control: a model.json with a wrong character is not called truncated', async () => {
    const path = join(folder.path, 'badjson.json');
    writeFileSync(path, '{"modelTopology": {"node": [1,, 2]}, "weightsManifest": []}');
    const message = await expectRefusal(path, [path, 'is not valid JSON']);
    expect(message).not.toMatch(/truncated/);
  });

  test('a JSON array instead of an object', async () => {
    const path = join(folder.path, 'array.json');
    writeFileSync(path, '[1, 2]');
    await expectRefusal(path, [path, 'a JSON array']);
  });

  test('a topology that is neither a layers model nor a graph model names its keys', async () => {
    const path = writeModel(join(folder.path, 'neither'), { modelTopology: { layers: [] }, weightsManifest: [] });
    await expectRefusal(path, [path, 'neither a layers model nor a graph model', 'keys layers']);
    const none = writeModel(join(folder.path, 'notopology'), { weightsManifest: [] });
    await expectRefusal(none, [none, 'no modelTopology', 'top-level keys: weightsManifest']);
  });

  test('a format field that contradicts the topology', async () => {
    const path = writeModel(join(folder.path, 'contradicts'), { format: 'graph-model', modelTopology: { class_name: 'Sequential', config: { layers: [] } } });
    await expectRefusal(path, [path, "says format 'graph-model'", 'Keras config']);
  });
});

describe('loadModel refuses weights that do not match their manifest', () => {
  test('a missing shard names the shard, its group and the weights it holds', async () => {
    const { dir } = await savedCnn('missing');
    const original = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, name: 'dense' })] });
    const path = await saveModel(original, dir, 2);
    original.dispose();
    rmSync(join(dir, 'group1-shard2of2.bin'));
    await expectRefusal(path, [join(dir, 'group1-shard2of2.bin'), 'does not exist', 'weight group 1', 'dense/kernel, dense/bias']);
  });

  test('a short shard: expected and actual bytes, and the weights past its end', async () => {
    const { dir, json, bytes, specs } = await savedCnn('short');
    const path = writeEdited(dir, json, specs, bytes.slice(0, bytes.byteLength - 12));
    // conv 3·3·2·3 + 3, dense 12·2 + 2 floats = 83 floats = 332 bytes.
    await expectRefusal(path, [path, 'need 332 bytes but its shards hold 320', '12 bytes are missing', 'dense/bias [2] float32 (bytes 324–332)', 'w.bin (320 bytes)']);
  });

  test('a long shard: how many bytes too many', async () => {
    const { dir, json, bytes, specs } = await savedCnn('long');
    const path = writeEdited(dir, json, specs, new Uint8Array([...bytes, 0, 0, 0, 0]));
    await expectRefusal(path, [path, 'need 332 bytes but its shards hold 336, 4 bytes too many', 'conv/kernel [3,3,2,3] float32']);
  });

  test("a weight whose bytes disagree with its shape × dtype size (the shard holds a different shape's values)", async () => {
    const { dir, json } = await savedCnn('onesize');
    const path = writeModel(dir, { ...json, weightsManifest: [{ paths: ['k.bin'], weights: [{ name: 'conv/kernel', shape: [3, 3, 2, 3], dtype: 'float32' }] }] }, { 'k.bin': float32Bytes(new Float32Array(3 * 3 * 1 * 3)) });
    await expectRefusal(path, [path, 'conv/kernel [3,3,2,3] float32 needs 54 values × 4 bytes = 216 bytes, but its shards hold 108 bytes']);
  });

  test('a uint8-quantized weight is counted at one byte a value: float32 bytes under it are too many', async () => {
    const { dir, json } = await savedCnn('quantsize');
    const weights = [{ name: 'conv/kernel', shape: [3, 3, 2, 3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.01, min: -1 } }];
    const path = writeModel(dir, { ...json, weightsManifest: [{ paths: ['k.bin'], weights }] }, { 'k.bin': float32Bytes(new Float32Array(54)) });
    await expectRefusal(path, [path, 'float32 stored as uint8 needs 54 values × 1 bytes = 54 bytes, but its shards hold 216 bytes']);
  });

  test('a quantization that tfjs cannot decode', async () => {
    const { dir, json } = await savedCnn('quantbad');
    const weights = [{ name: 'conv/kernel', shape: [3, 3, 2, 3], dtype: 'float32', quantization: { dtype: 'int4', scale: 0.01, min: -1 } }];
    const path = writeModel(dir, { ...json, weightsManifest: [{ paths: ['k.bin'], weights }] }, { 'k.bin': new Uint8Array(54) });
    await expectRefusal(path, [`${path}: weight 'conv/kernel' quantization`, "'uint8' | 'uint16' | 'float16'", 'int4']);
  });

  test("a weight whose shape disagrees with its layer's: the layer, the weight and both shapes", async () => {
    const { dir, json, bytes, specs } = await savedCnn('wrongshape');
    // Same number of values (54), so the bytes fit, but the kernel is for 1 input channel and 6 filters.
    const edited = specs.map((s) => (s.name === 'conv/kernel' ? { ...s, shape: [3, 3, 1, 6] } : s));
    const path = writeEdited(dir, json, edited, bytes);
    await expectRefusal(path, [path, "layer 'conv' (Conv2D)", "weight 'conv/kernel' has shape [3, 3, 1, 6] in the weights manifest", 'needs [3, 3, 2, 3]']);
  });

  test('a weight that belongs to no layer', async () => {
    const { dir, json, bytes, specs } = await savedCnn('strayweight');
    const edited = specs.map((s) => (s.name === 'dense/bias' ? { ...s, name: 'head/bias' } : s));
    const path = writeEdited(dir, json, edited, bytes);
    await expectRefusal(path, [path, 'head/bias [2] float32', 'belongs to no layer', 'dense/bias']);
  });
});

/** A functional model.json whose layers are given; each layer takes the previous one's output. */
function functionalWith(layers: readonly [name: string, className: string, config: Json][]): Json {
  const entries = [
    { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 4, 4, 2], dtype: 'float32', name: 'in' }, inbound_nodes: [] },
    ...layers.map(([name, className, config], i) => ({
      class_name: className, name, config: { name, ...config }, inbound_nodes: [[[i === 0 ? 'in' : layers[i - 1]?.[0], 0, 0, {}]]],
    })),
  ];
  return {
    format: 'layers-model',
    modelTopology: {
      keras_version: '2.15.0',
      model_config: { class_name: 'Functional', config: { name: 'f', layers: entries, input_layers: [['in', 0, 0]], output_layers: [[layers[layers.length - 1]?.[0], 0, 0]] } },
    },
  };
}

describe('loadModel refuses topologies tfjs cannot build, naming the layers', () => {
  test('layer classes tfjs does not know are all listed, with the advice to convert without custom layers', async () => {
    const path = writeModel(join(folder.path, 'custom'), functionalWith([
      ['tf.math.multiply', 'TFOpLambda', { function: 'math.multiply' }],
      ['block', 'MyResidualBlock', {}],
      ['flat', 'Flatten', {}],
    ]));
    await expectRefusal(path, [path, "'tf.math.multiply' (TFOpLambda)", "'block' (MyResidualBlock)", 'needs converting without custom layers', 'tfjs_graph_model', 'Keras layers that do the same']);
  });

  test('negative control: the same model with only built-in layers loads', async () => {
    const path = writeModel(join(folder.path, 'builtin'), functionalWith([['flat', 'Flatten', {}], ['dense', 'Dense', { units: 2 }]]));
    const loaded = await loadModel(path);
    expect(loaded.inputShapes).toEqual([[4, 4, 2]]);
    loaded.dispose();
  });

  test('a call from a layer that does not exist', async () => {
    const json = functionalWith([['flat', 'Flatten', {}]]);
    const config = ((json.modelTopology as Json).model_config as Json).config as Json;
    ((config.layers as Json[])[1] as Json).inbound_nodes = [[['nowhere', 0, 0, {}]]];
    const path = writeModel(join(folder.path, 'dangling'), json);
    await expectRefusal(path, [path, "layer 'flat' (Flatten) takes its input from 'nowhere'"]);
  });

  test('a cycle of calls is refused at once (tfjs would retry it forever)', async () => {
    const json = functionalWith([['a', 'Activation', { activation: 'relu' }], ['b', 'Activation', { activation: 'relu' }]]);
    const config = ((json.modelTopology as Json).model_config as Json).config as Json;
    ((config.layers as Json[])[1] as Json).inbound_nodes = [[['b', 0, 0, {}]]];
    const path = writeModel(join(folder.path, 'cycle'), json);
    await expectRefusal(path, [path, "'a', 'b'", 'can never be made']);
  });

  test('a grouped convolution, which tfjs would compute wrong', async () => {
    const path = writeModel(join(folder.path, 'groups'), functionalWith([['conv', 'Conv2D', { filters: 4, kernel_size: [1, 1], groups: 2 }]]));
    await expectRefusal(path, [path, "layer 'conv' (Conv2D) is a grouped convolution (groups = 2)"]);
  });
});

describe('loadModel refuses an inputShape the model cannot take', () => {
  test('wrong rank, wrong channels, a fixed size changed', async () => {
    const { dir, json, bytes, specs } = await savedCnn('shape');
    const path = writeEdited(dir, json, specs, bytes);
    await expectRefusal(path, ['options.inputShape must be of rank 3', "the input 'conv_input'", path, '[4, 4, 2] without the batch', 'but got [4,4]'], { inputShape: [4, 4] });
    await expectRefusal(path, ['(the model takes 2 channels)', 'but got [4,4,3]'], { inputShape: [4, 4, 3] });
    await expectRefusal(path, ['[4, 4, 2]', 'but got [5,4,2]'], { inputShape: [5, 4, 2] });
    await expectRefusal(path, ['options.inputShape must be a non-empty array of positive integers'], { inputShape: [4, 0, 2] });
  });

  test('a model of two inputs takes no single inputShape', async () => {
    const a = tf.input({ shape: [3], name: 'a' });
    const b = tf.input({ shape: [2], name: 'b' });
    const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [a, b], outputs: tf.layers.dense({ units: 1 }).apply(joined) as tf.SymbolicTensor });
    const path = await saveModel(model, join(folder.path, 'twoinputs'));
    model.dispose();
    await expectRefusal(path, ['options.inputShape must be left out', 'has 2 inputs (a, b)'], { inputShape: [3] });
  });

  test('negative control: the declared shape itself is accepted', async () => {
    const { dir, json, bytes, specs } = await savedCnn('shapeok');
    const loaded = await loadModel(writeEdited(dir, json, specs, bytes), { inputShape: [4, 4, 2] });
    expect(loaded.inputShape).toEqual([4, 4, 2]);
    loaded.dispose();
  });
});
