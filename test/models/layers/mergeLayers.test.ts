import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { createRng } from '../../../src/core/rng.js';
import { elementwiseSumOperator } from '../../../src/models/layers/elementwiseSumOperator.js';
import { layerOperator } from '../../../src/models/layers/layerOperator.js';
import { tf } from '../../../src/tfjs/tf.js';
import { checkAgainst, checkLayer, describeCheck, expectAffine, layerOutput, randomInput, release } from './coreLayerCheck.js';

const seed = fc.integer({ min: 0, max: 2 ** 30 });

/** Broadcast of shapes aligned at the last axis (NumPy rules), for the test layer below. */
function broadcast(a: readonly (number | null)[], b: readonly (number | null)[]): (number | null)[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_v, i) => {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    return x === 1 ? y : x;
  });
}

/** Keras's Subtract, which tfjs-layers lacks: a user's custom class of that name. */
class Subtract extends tf.layers.Layer {
  static readonly className = 'Subtract';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [a, b] = inputs as tf.Tensor[];
    if (a === undefined || b === undefined) throw new Error('Subtract takes two inputs');
    // As Keras's merge layers: a lower-rank input gains axes right after the batch.
    const lift = (t: tf.Tensor, rank: number): tf.Tensor => (t.rank < rank ? lift(tf.expandDims(t, 1), rank) : t);
    const rank = Math.max(a.rank, b.rank);
    return tf.tidy(() => tf.sub(lift(a, rank), lift(b, rank)));
  }
  override computeOutputShape(shapes: tf.Shape | tf.Shape[]): tf.Shape {
    const [a = [], b = []] = shapes as tf.Shape[];
    return [null, ...broadcast(a.slice(1), b.slice(1))];
  }
}
tf.serialization.registerClass(Subtract);

/**
 * k inputs that broadcast to `shape`: each keeps a suffix of its axes (lower ranks are aligned at
 * the last axis) with some axes set to 1; the first keeps the full shape.
 */
const broadcastCase = (minInputs: number, maxInputs: number) =>
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      inputs: fc.array(fc.record({ drop: fc.nat(shape.length), ones: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }) }), { minLength: minInputs, maxLength: maxInputs }),
      seed,
    }).map((c) => ({
      ...c,
      shapes: c.inputs.map((input, j) =>
        j === 0 ? shape : shape.map((d, i) => (input.ones[i] === true ? 1 : d)).slice(Math.min(input.drop, shape.length - 1))),
    })));

/**
 * Concatenation of k inputs of one rank that differ only along `axis` (tfjs counting: batch = 0;
 * −1 for the last: tfjs-layers runs every negative axis as −1, see the test of that below).
 */
const concatCase = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    lengths: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
    axisPick: fc.nat(),
    negative: fc.boolean(),
    seed,
  }).map((c) => {
    const index = c.negative ? shape.length - 1 : c.axisPick % shape.length;
    return { ...c, axis: c.negative ? -1 : index + 1, shapes: c.lengths.map((n) => shape.map((d, i) => (i === index ? n : d))) };
  }));

const show = (shapes: readonly (readonly number[])[]): string => shapes.map((s) => `[${s.join(',')}]`).join(' ');

describe.each(['cpu', 'wasm'] as const)('merge layers on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([fc.constantFrom('add', 'average'), broadcastCase(2, 4)], { numRuns: 20 })(
    'Add and Average are T = [c·B₁, …, c·B_k] over inputs that broadcast, one column block per input',
    async (kind, c) => {
      const layer = kind === 'add' ? tf.layers.add() : tf.layers.average();
      const rng = createRng(c.seed);
      const xs = c.shapes.map((s) => randomInput(rng, s));
      const { check, operator } = await checkLayer(layer, xs, c.seed);
      expect(check.ok, `${kind} ${show(c.shapes)}: ${describeCheck(check)}`).toBe(true);
      expect(operator.outputShape).toEqual(c.shape);
      expect(operator.cols).toBe(xs.reduce((a, x) => a + x.size / 2, 0));
      release(layer, xs);
    },
  );

  test.prop([broadcastCase(2, 2)], { numRuns: 15 })('Subtract (a custom class of that name) is [B₁, −B₂]', async (c) => {
    const layer = new Subtract({});
    const rng = createRng(c.seed);
    const xs = c.shapes.map((s) => randomInput(rng, s));
    const { check } = await checkLayer(layer, xs, c.seed);
    expect(check.ok, `Subtract ${show(c.shapes)}: ${describeCheck(check)}`).toBe(true);
    release(layer, xs);
  });

  test.prop([broadcastCase(2, 4)], { numRuns: 10 })('negative control: Add checked as Average (coefficients 1/k instead of 1) is rejected', async (c) => {
    const layer = tf.layers.add();
    const rng = createRng(c.seed);
    const xs = c.shapes.map((s) => randomInput(rng, s));
    const { actual } = await checkLayer(layer, xs, c.seed);
    const wrong = elementwiseSumOperator({ op: 'test', kind: 'Average', inputShapes: c.shapes, outputShape: c.shape, coefficients: c.shapes.map(() => 1 / c.shapes.length) });
    expect((await checkAgainst(wrong, xs, actual)).ok).toBe(false);
    release(layer, xs);
  });

  test.prop([concatCase], { numRuns: 20 })('Concatenate along any axis copies each input into its slab', async (c) => {
    const layer = tf.layers.concatenate({ axis: c.axis });
    const rng = createRng(c.seed);
    const xs = c.shapes.map((s) => randomInput(rng, s));
    const { check, operator } = await checkLayer(layer, xs, c.seed, 7);
    expect(check.ok, `Concatenate axis=${c.axis} ${show(c.shapes)}: ${describeCheck(check)}`).toBe(true);
    expect(operator.nnz).toBe(operator.rows);
    release(layer, xs);
  });

  test('tfjs-layers runs Concatenate({axis: −2}) along the last axis (K.concatenate maps every negative axis to −1) while it reports the shape of axis −2: the check says so', async () => {
    const layer = tf.layers.concatenate({ axis: -2 });
    const rng = createRng(3);
    const xs = [randomInput(rng, [2, 3]), randomInput(rng, [2, 3])];
    const y = layer.apply(xs) as tf.Tensor;
    expect(y.shape).toEqual([2, 2, 6]);
    expect(layer.computeOutputShape([[null, 2, 3], [null, 2, 3]])).toEqual([null, 4, 3]);
    const operator = expectAffine(await layerOperator(layer, [[2, 3], [2, 3]]));
    expect(operator.outputShape).toEqual([4, 3]);
    expect((await checkAgainst(operator, xs, await y.data() as Float32Array)).ok).toBe(false);
    const along1 = tf.layers.concatenate({ axis: 1 });
    const y1 = along1.apply(xs) as tf.Tensor;
    const positive = expectAffine(await layerOperator(along1, [[2, 3], [2, 3]]));
    expect((await checkAgainst(positive, xs, await y1.data() as Float32Array)).ok).toBe(true);
    tf.dispose([...xs, y, y1]);
  });

  test.prop([fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 2, maxLength: 3 }), fc.nat(), fc.integer({ min: 1, max: 2 }), seed], { numRuns: 10 })(
    'negative control: the operator of a Concatenate on another axis is rejected',
    async (shape, pick, shift, s) => {
      const axis = (pick % shape.length) + 1;
      const wrongAxis = ((axis - 1 + shift) % shape.length) + 1;
      if (wrongAxis === axis) return;
      const layer = tf.layers.concatenate({ axis });
      const rng = createRng(s);
      const xs = [randomInput(rng, shape), randomInput(rng, shape)];
      const { actual } = await checkLayer(layer, xs, s);
      const wrong = expectAffine(await layerOperator(tf.layers.concatenate({ axis: wrongAxis }), [shape, shape]));
      const check = await checkAgainst(wrong, xs, actual);
      expect(check.ok, `Concatenate axis=${axis} checked as axis=${wrongAxis} on ${show([shape, shape])} passed`).toBe(false);
      release(layer, xs);
    },
  );
});

describe('merge layers refuse what does not fit', () => {
  test('Concatenate along the batch axis is named', async () => {
    const layer = tf.layers.concatenate({ axis: 0 });
    await expect(layerOperator(layer, [[2], [2]])).rejects.toThrow(/config\.axis must be an axis of the input other than the batch/);
  });

  test('Subtract of three inputs is named', async () => {
    const layer = new Subtract({});
    await layerOutput(layer, [tf.zeros([1, 2]), tf.zeros([1, 2])]);
    await expect(layerOperator(layer, [[2], [2], [2]])).rejects.toThrow(/exactly 2 input shapes/);
    layer.dispose();
  });
});
