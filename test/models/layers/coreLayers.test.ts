import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { createRng } from '../../../src/core/rng.js';
import { ACTIVATIONS } from '../../../src/models/activation.js';
import { CORE_LAYERS } from '../../../src/models/layers/coreLayers.js';
import { knownLayerClasses, layerOperator } from '../../../src/models/layers/layerOperator.js';
import { activationWitness } from '../../../src/models/layers/nonlinearLayers.js';
import { rowwiseOperator } from '../../../src/models/layers/rowwiseOperator.js';
import { tf } from '../../../src/tfjs/tf.js';
import { checkAgainst, checkLayer, describeCheck, expectAffine, randomInput, release } from './coreLayerCheck.js';

type TfActivation = Parameters<typeof tf.layers.activation>[0]['activation'];

const seed = fc.integer({ min: 0, max: 2 ** 30 });
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });

/** The layers that are the identity at inference, each with a config and the rank its input needs (without the batch). */
const IDENTITY_LAYERS: readonly { name: string; make: () => tf.layers.Layer; rank?: number }[] = [
  { name: 'Dropout', make: () => tf.layers.dropout({ rate: 0.5 }) },
  { name: 'SpatialDropout1D', make: () => tf.layers.spatialDropout1d({ rate: 0.3 }), rank: 2 },
  { name: 'GaussianNoise', make: () => tf.layers.gaussianNoise({ stddev: 0.7 }) },
  { name: 'GaussianDropout', make: () => tf.layers.gaussianDropout({ rate: 0.4 }) },
  { name: 'AlphaDropout', make: () => tf.layers.alphaDropout({ rate: 0.4 }) },
  { name: 'Activation', make: () => tf.layers.activation({ activation: 'linear' }) },
];

describe.each(['cpu', 'wasm'] as const)('identity and rescaling layers on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([fc.constantFrom(...IDENTITY_LAYERS), shapeArb, seed], { numRuns: 20 })(
    'Dropout, SpatialDropout1D, GaussianNoise, GaussianDropout, AlphaDropout and Activation(linear) are the identity at inference',
    async (kind, shape, s) => {
      const inputShape = kind.rank === undefined ? shape : [...shape, 1, 1].slice(0, kind.rank);
      const layer = kind.make();
      const x = randomInput(createRng(s), inputShape);
      const { check, operator } = await checkLayer(layer, [x], s);
      expect(layer.getClassName()).toBe(kind.name);
      expect(check.ok, `${kind.name} x=[${inputShape.join(',')}]: ${describeCheck(check)}`).toBe(true);
      expect(operator.nnz).toBe(operator.rows);
      release(layer, [x]);
    },
  );

  test.prop([shapeArb, seed], { numRuns: 10 })('negative control: the identity is rejected against a Dropout called while training', async (shape, s) => {
    const layer = tf.layers.dropout({ rate: 0.5, seed: 1 });
    const x = randomInput(createRng(s), [...shape, 8]);
    const operator = expectAffine(await layerOperator(layer, [...shape, 8]));
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    expect((await checkAgainst(operator, [x], await y.data() as Float32Array)).ok).toBe(false);
    tf.dispose([x, y]);
  });

  /** Scale and offset: scalars, or one value per channel of the last axis (Keras allows both). */
  const rescalingCase = shapeArb.chain((shape) => {
    const last = shape[shape.length - 1] ?? 1;
    const value = (min: number, max: number) => fc.oneof(
      fc.double({ min, max, noNaN: true }),
      fc.array(fc.double({ min, max, noNaN: true }), { minLength: last, maxLength: last }),
    );
    return fc.record({ shape: fc.constant(shape), scale: value(-4, 4), offset: value(-2, 2), seed });
  });
  const at = (v: number | number[], i: number): number => (typeof v === 'number' ? v : v[i % v.length] ?? NaN);

  test.prop([rescalingCase], { numRuns: 20 })('Rescaling is the diagonal scale·x + offset, scalar or per channel', async (c) => {
    const layer = tf.layers.rescaling({ scale: c.scale as number, offset: c.offset as number });
    const x = randomInput(createRng(c.seed), c.shape);
    const { check, operator } = await checkLayer(layer, [x], c.seed);
    expect(check.ok, `Rescaling scale=${JSON.stringify(c.scale)} offset=${JSON.stringify(c.offset)}: ${describeCheck(check)}`).toBe(true);
    expect(operator.bias.every((b, i) => b === at(c.offset, i))).toBe(true);
    release(layer, [x]);
  });

  test.prop([rescalingCase.filter((c) => Math.abs(at(c.offset, 0)) > 1e-3)], { numRuns: 10 })('negative control: Rescaling with its offset forgotten is rejected', async (c) => {
    const layer = tf.layers.rescaling({ scale: c.scale as number, offset: c.offset as number });
    const x = randomInput(createRng(c.seed), c.shape);
    const { actual } = await checkLayer(layer, [x], c.seed);
    const noOffset = rowwiseOperator({
      kind: 'Rescaling without offset', inputShapes: [c.shape], outputShape: c.shape, entriesPerRow: 1,
      fillRow: (row, colIndex, values, k) => {
        colIndex[k] = row;
        values[k] = at(c.scale, row);
      },
    });
    expect((await checkAgainst(noOffset, [x], actual)).ok).toBe(false);
    release(layer, [x]);
  });

  test('LeakyReLU with alpha = 1 is the identity, and checked as such', async () => {
    const layer = tf.layers.leakyReLU({ alpha: 1 });
    const x = randomInput(createRng(5), [3, 4]);
    const { check } = await checkLayer(layer, [x], 5);
    expect(check.ok, describeCheck(check)).toBe(true);
    release(layer, [x]);
  });
});

/** Every nonlinear class, as tfjs builds it, with the input shapes it is analysed on. */
const NONLINEAR: readonly { name: string; make: () => tf.layers.Layer; shapes: number[][] }[] = [
  { name: 'ReLU', make: () => tf.layers.reLU(), shapes: [[4]] },
  { name: 'LeakyReLU', make: () => tf.layers.leakyReLU({ alpha: 0.2 }), shapes: [[4]] },
  { name: 'PReLU', make: () => tf.layers.prelu(), shapes: [[4]] },
  { name: 'ELU', make: () => tf.layers.elu(), shapes: [[4]] },
  { name: 'ThresholdedReLU', make: () => tf.layers.thresholdedReLU(), shapes: [[4]] },
  { name: 'Softmax', make: () => tf.layers.softmax(), shapes: [[4]] },
  { name: 'LayerNormalization', make: () => tf.layers.layerNormalization(), shapes: [[4]] },
  { name: 'Multiply', make: () => tf.layers.multiply(), shapes: [[4], [4]] },
  { name: 'Maximum', make: () => tf.layers.maximum(), shapes: [[4], [4]] },
  { name: 'Minimum', make: () => tf.layers.minimum(), shapes: [[4], [4]] },
  { name: 'Dot', make: () => tf.layers.dot({ axes: 1 }), shapes: [[4], [4]] },
  { name: 'Embedding', make: () => tf.layers.embedding({ inputDim: 10, outputDim: 3 }), shapes: [[5]] },
  { name: 'Masking', make: () => tf.layers.masking({ maskValue: 0 }), shapes: [[3, 4]] },
];

describe('layers without an affine operator', () => {
  test.each(NONLINEAR.map((c) => ({ ...c, label: c.name })))('$label is reported not linear, with its reason', async ({ name, make, shapes }) => {
    const layer = make();
    expect(layer.getClassName()).toBe(name);
    const analysis = await layerOperator(layer, shapes.length === 1 ? shapes[0] : shapes);
    expect(analysis.status).toBe('not linear');
    if (analysis.status !== 'not linear') return;
    expect(analysis.reason).toMatch(new RegExp(`^${name} is not linear: \\S.{10,}`));
  });

  // logSoftmax is a tfjs activation its typings leave out, and one layerproof does not evaluate.
  test.each(['relu', 'sigmoid', 'tanh', 'softmax', 'gelu', 'logSoftmax'] as TfActivation[])("Activation '%s' is reported not linear, with its reason", async (activation) => {
    const analysis = await layerOperator(tf.layers.activation({ activation }), [4]);
    expect(analysis.status).toBe('not linear');
    if (analysis.status === 'not linear') expect(analysis.reason).toMatch(new RegExp(`^Activation '${activation}' is not linear: \\S.{10,}`));
  });

  test('every nonlinear activation has a numeric witness f(a) + f(b) ≠ 2·f((a + b)/2) that holds', () => {
    for (const a of ACTIVATIONS) {
      if (a === 'linear' || a === 'softmax') continue;
      const reason = activationWitness(a);
      expect(reason, a).toMatch(/ ≠ /);
      // The witness's own numbers differ: "… = u ≠ 2·f(m) = v".
      const [, u, v] = /= (\S+) ≠ .* = (\S+), while/.exec(reason) ?? [];
      expect(u, reason).toBeDefined();
      expect(u === v, reason).toBe(false);
    }
  });

  test.each<{ label: string; make: () => tf.layers.Layer; shape: number[] }>([
    { label: 'LSTM', make: () => tf.layers.lstm({ units: 2 }), shape: [3, 4] },
    { label: 'SimpleRNN', make: () => tf.layers.simpleRNN({ units: 2 }), shape: [3, 4] },
    { label: 'GRU', make: () => tf.layers.gru({ units: 2 }), shape: [3, 4] },
  ])('an unknown class ($label) is not supported, named', async ({ label, make, shape }) => {
    const analysis = await layerOperator(make(), shape);
    expect(analysis).toEqual({ status: 'not supported', reason: `not supported: ${label}` });
  });

  test('every class of this part is registered, each once', () => {
    const mine = [
      'Dense', 'BatchNormalization', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Rescaling', 'Add', 'Subtract', 'Average', 'Concatenate',
      'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Activation',
      ...NONLINEAR.map((c) => c.name),
    ];
    expect(Object.keys(CORE_LAYERS).sort()).toEqual([...new Set(mine)].sort());
    const known = knownLayerClasses();
    for (const name of mine) expect(known.filter((k) => k === name), name).toHaveLength(1);
  });
});
