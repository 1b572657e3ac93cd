import { beforeAll, describe, expect, test } from 'vitest';
import {
  compareArrays, createModel, createOptimizer, createRng, describeComparison, selectBackend, tf, type LayerSpec, type ModelSpec,
} from '../../../src/index.js';
import { describeWith } from '../../support/withComponent.js';

/** Every layer kind the trainer builds, with strides, 'same' padding (stride > kernel too) and dilations. */
const ALL_KINDS: ModelSpec = {
  inputShape: [12, 12, 2],
  layers: [
    { kind: 'conv2d', filters: 3, kernel: 3, padding: 'same', activation: 'relu' },
    { kind: 'conv2d', filters: 3, kernel: 3, dilations: 2, padding: 'same' },
    { kind: 'conv2d', filters: 4, kernel: 3, dilations: 2, activation: 'relu' },
    { kind: 'batchNorm' },
    { kind: 'depthwiseConv2d', kernel: 2, depthMultiplier: 2, strides: 3, padding: 'same' },
    { kind: 'relu' },
    { kind: 'maxPool', poolSize: 2, strides: 1, padding: 'same' },
    { kind: 'avgPool', poolSize: 2, strides: 1 },
    { kind: 'sumPool', poolSize: 2, padding: 'same' },
    { kind: 'conv2d', filters: 4, kernel: 1, strides: 2, padding: 'same' },
    { kind: 'flatten' },
    { kind: 'dropout', rate: 0.25 },
    { kind: 'dense', units: 6, activation: 'relu' },
    { kind: 'dense', units: 3 },
  ],
};

/** The exercise's LeNet at a small input, for cross-backend loss comparison (no dropout). */
const SMALL_LENET: ModelSpec = {
  inputShape: [16, 16, 3],
  layers: [
    { kind: 'conv2d', filters: 4, kernel: 5, activation: 'relu' },
    { kind: 'maxPool', poolSize: 2 },
    { kind: 'conv2d', filters: 6, kernel: 3, strides: 2, padding: 'same', activation: 'relu' },
    { kind: 'avgPool', poolSize: 2, padding: 'same' },
    { kind: 'flatten' },
    { kind: 'dense', units: 12, activation: 'relu' },
    { kind: 'dense', units: 3 },
  ] satisfies LayerSpec[],
};

function seeded(n: number, seed: number, scale: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => (rng() * 2 - 1) * scale);
}

/** Losses of `steps` SGD steps from seeded weights on a seeded batch, on the active backend. */
async function losses(spec: ModelSpec, steps: number, classes: number, optimizer: () => tf.Optimizer = () => tf.train.sgd(0.05)): Promise<number[]> {
  const model = createModel(spec);
  const weights = model.getWeights().map((w, i) => tf.tensor(seeded(w.size, 100 + i, 0.4), w.shape));
  model.setWeights(weights);
  tf.dispose(weights);
  model.compile({ optimizer: optimizer(), loss: tf.losses.softmaxCrossEntropy });
  const [h, w, c] = spec.inputShape;
  const batch = 6;
  const x = tf.tensor4d(seeded(batch * h * w * c, 7, 1), [batch, h, w, c]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from({ length: batch }, (_v, i) => i % classes), 'int32'), classes);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await model.trainOnBatch(x, y)) as number);
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

/** Training losses on different float32 backends agree to this (the same sums in other orders, over 4 steps). */
const LOSS_TOLERANCE = { name: 'float32 training', atol: 1e-4, rtol: 1e-4, why: 'four SGD steps of float32 arithmetic summed in backend-specific orders' };

const backends = ['cpu', 'wasm'] as const;
let cpuLosses: number[] | undefined;

/** The cpu backend's losses (computed once), leaving `backend` active. */
async function cpuReference(backend: 'cpu' | 'wasm' | 'webgpu'): Promise<number[]> {
  if (cpuLosses === undefined) {
    await selectBackend({ backend: 'cpu' });
    cpuLosses = await losses(SMALL_LENET, 4, 3);
  }
  await selectBackend({ backend });
  return cpuLosses;
}

describe('LeNet trains to the same losses on every backend', () => {
  test.each(backends)('%s: four SGD steps give the cpu backend\'s losses within 1e-4', async (backend) => {
    const expected = await cpuReference(backend);
    const actual = await losses(SMALL_LENET, 4, 3);
    const cmp = compareArrays(actual, expected, LOSS_TOLERANCE);
    expect(cmp.ok, `${backend} ${actual.join(', ')}: ${describeComparison(cmp)}`).toBe(true);
    expect((actual[3] ?? Infinity) < (actual[0] ?? -Infinity), 'the loss decreases').toBe(true);
  });

  test('negative control: a filter gradient that is 2% off moves the losses outside that tolerance', async () => {
    const expected = await cpuReference('wasm');
    const current = tf.getGradient('Conv2D');
    tf.registerGradient({
      ...current,
      gradFunc: (dy, saved, attrs) => {
        const grads = current.gradFunc(dy, saved, attrs);
        const filter = grads.filter;
        return filter === undefined ? grads : { ...grads, filter: () => tf.mul(filter(), 1.02) };
      },
    });
    try {
      const actual = await losses(SMALL_LENET, 4, 3);
      expect(compareArrays(actual, expected, LOSS_TOLERANCE).ok).toBe(false);
    } finally {
      tf.registerGradient(current);
    }
  });
});

describe.each(backends)('every layer kind trains on the %s backend', (backend) => {
  beforeAll(async () => {
    await selectBackend({ backend });
  });

  test('conv2d (same, dilated linear and relu), batchNorm, depthwise (stride 3 > kernel 2, same), max/avg/sum pooling, dropout, dense: finite losses that decrease', async () => {
    // Thirty steps of the trainer's Adam on one batch: the last five (dropout makes single steps noisy) average below the first.
    const actual = await losses(ALL_KINDS, 30, 3, () => createOptimizer('adam', 0.01).optimizer);
    expect(actual.every(Number.isFinite), actual.join(', ')).toBe(true);
    const lastFive = actual.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(lastFive < (actual[0] ?? -Infinity), actual.join(', ')).toBe(true);
  });
});

describeWith('vulkan', 'training on the webgpu backend (Dawn, software adapter in CI)', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'webgpu' });
  });

  test("LeNet: four SGD steps give the cpu backend's losses within 1e-4", async () => {
    const expected = await cpuReference('webgpu');
    const actual = await losses(SMALL_LENET, 4, 3);
    const cmp = compareArrays(actual, expected, LOSS_TOLERANCE);
    expect(cmp.ok, `webgpu ${actual.join(', ')}: ${describeComparison(cmp)}`).toBe(true);
  });

  test.each(['adam', 'sgd'] as const)("LeNet: four steps of the trainer's %s (fused updates on webgpu) give the cpu backend's losses within 1e-4", async (name) => {
    const optimizer = () => createOptimizer(name, 0.01).optimizer;
    await selectBackend({ backend: 'cpu' });
    const expected = await losses(SMALL_LENET, 4, 3, optimizer);
    await selectBackend({ backend: 'webgpu' });
    const actual = await losses(SMALL_LENET, 4, 3, optimizer);
    const cmp = compareArrays(actual, expected, LOSS_TOLERANCE);
    expect(cmp.ok, `webgpu ${actual.join(', ')}: ${describeComparison(cmp)}`).toBe(true);
    expect((actual[3] ?? Infinity) < (actual[0] ?? -Infinity), 'the loss decreases').toBe(true);
  });

  test('every layer kind: finite losses that decrease', async () => {
    // Thirty steps of the trainer's Adam on one batch: the last five (dropout makes single steps noisy) average below the first.
    const actual = await losses(ALL_KINDS, 30, 3, () => createOptimizer('adam', 0.01).optimizer);
    expect(actual.every(Number.isFinite), actual.join(', ')).toBe(true);
    const lastFive = actual.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(lastFive < (actual[0] ?? -Infinity), actual.join(', ')).toBe(true);
  });
});
