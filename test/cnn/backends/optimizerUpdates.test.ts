import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  adamMoment, compareArrays, createRng, describeComparison, float32Regrouping, FusedMomentum, ScheduledAdam, selectBackend, tf,
  tolerances, type Comparison,
} from '../../../src/index.js';
import { describeWith } from '../../support/withComponent.js';

/** A scalar, a bias, a dense kernel and a conv kernel: every rank the trainer's layers have. */
const SHAPES: readonly number[][] = [[], [7], [5, 3], [3, 3, 2, 4]];
const STEPS = 5;

let runId = 0;

function seeded(n: number, seed: number, scale: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => (rng() * 2 - 1) * scale);
}

interface Trajectory {
  /** Every variable's values after the last step, concatenated. */
  readonly values: Float32Array;
  /** The largest parameter change of one step (the scale of the update's arithmetic). */
  readonly largestStep: number;
  /** The optimizer's saved state (moments, momenta) after the last step, concatenated. */
  readonly state: Float32Array;
  /** Kernels dispatched by the last `applyGradients` (webgpu only; 0 elsewhere). */
  readonly dispatches: number;
}

function concat(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Seeded variables and gradients (gradients of mixed sign and scale), `STEPS` updates. */
async function trajectory(makeOptimizer: () => tf.Optimizer): Promise<Trajectory> {
  runId++;
  const variables = SHAPES.map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return tf.variable(tf.tensor(seeded(size, 10 + i, 1), shape), true, `optimizerUpdates_${String(runId)}_${String(i)}`);
  });
  const optimizer = makeOptimizer();
  const backend = tf.backend() as unknown as { runWebGPUProgram?: (...args: unknown[]) => unknown };
  const stockRun = backend.runWebGPUProgram;
  let dispatches = 0;
  let largestStep = 0;
  try {
    for (let step = 0; step < STEPS; step++) {
      const before = await Promise.all(variables.map((v) => v.data<'float32'>()));
      const gradients: tf.NamedTensorMap = {};
      variables.forEach((v, i) => {
        gradients[v.name] = tf.tensor(seeded(v.size, 1000 * step + i, 10 ** ((step % 3) - 1)), v.shape);
      });
      dispatches = 0;
      if (stockRun !== undefined) {
        backend.runWebGPUProgram = (...args: unknown[]) => {
          dispatches++;
          return stockRun.apply(backend, args);
        };
      }
      optimizer.applyGradients(gradients);
      if (stockRun !== undefined) backend.runWebGPUProgram = stockRun;
      tf.dispose(Object.values(gradients));
      const afterStep = await Promise.all(variables.map((v) => v.data<'float32'>()));
      afterStep.forEach((after, i) => {
        const previous = before[i] ?? new Float32Array(0);
        for (let k = 0; k < after.length; k++) largestStep = Math.max(largestStep, Math.abs((after[k] ?? 0) - (previous[k] ?? 0)));
      });
    }
    const values = concat(await Promise.all(variables.map((v) => v.data<'float32'>())));
    const saved = await optimizer.getWeights();
    const state = concat(await Promise.all(saved.map(async (w) => Float32Array.from(await w.tensor.data()))));
    return { values, largestStep, state, dispatches };
  } finally {
    if (stockRun !== undefined) backend.runWebGPUProgram = stockRun;
    optimizer.dispose();
    tf.dispose(variables);
  }
}

const LR = 0.01;
const CASES = [
  { name: 'Adam', layerproof: () => new ScheduledAdam(LR, 0.9, 0.999), stock: () => tf.train.adam(LR, 0.9, 0.999), operations: 8 },
  { name: 'Nesterov momentum', layerproof: () => new FusedMomentum(LR, 0.9, true), stock: () => tf.train.momentum(LR, 0.9, true), operations: 5 },
  { name: 'momentum', layerproof: () => new FusedMomentum(LR, 0.9, false), stock: () => tf.train.momentum(LR, 0.9, false), operations: 3 },
] as const;

function explain(c: Comparison, what: string): string {
  return `${what}: ${describeComparison(c)}`;
}

describe.each(['cpu', 'wasm'] as const)('layerproof optimizers on %s follow TensorFlow.js bit for bit', (backend) => {
  beforeAll(async () => {
    await selectBackend({ backend });
  });

  test.each(CASES)('$name: five updates of a scalar, a bias, a dense and a conv kernel, and the saved state', async (c) => {
    const ours = await trajectory(c.layerproof);
    const theirs = await trajectory(c.stock);
    const values = compareArrays(ours.values, theirs.values, tolerances.exact);
    expect(values.ok, explain(values, 'variables')).toBe(true);
    const state = compareArrays(ours.state, theirs.state, tolerances.exact);
    expect(state.ok, explain(state, 'optimizer state')).toBe(true);
  });
});

describeWith('vulkan', 'fused optimizer kernels on webgpu (software adapter in CI)', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'webgpu' });
  });
  afterAll(async () => {
    await selectBackend({ backend: 'cpu' });
  });

  test.each(CASES)('$name: equal to TensorFlow.js\'s op-by-op update within float32 regrouping, in fewer dispatches', async (c) => {
    const ours = await trajectory(c.layerproof);
    const theirs = await trajectory(c.stock);
    const tol = float32Regrouping(c.operations * STEPS, theirs.largestStep);
    const values = compareArrays(ours.values, theirs.values, tol);
    expect(values.ok, explain(values, 'variables')).toBe(true);
    const state = compareArrays(ours.state, theirs.state, float32Regrouping(3 * STEPS, 10));
    expect(state.ok, explain(state, 'optimizer state')).toBe(true);
    // Adam: three dispatches per variable (tfjs's webgpu backend computes the four scalar
    // bias-correction ops on the CPU); momentum: two per variable.
    const expected = (c.name === 'Adam' ? 3 : 2) * SHAPES.length;
    expect(ours.dispatches).toBe(expected);
    expect(theirs.dispatches).toBeGreaterThan(expected);
  });

  test('negative control: a second moment that forgets to square the gradient is caught by that comparison', async () => {
    const previous = tf.tensor(seeded(12, 3, 1).map(Math.abs), [12]);
    const gradient = tf.tensor(seeded(12, 4, 2), [12]);
    const stock = tf.tidy(() => tf.add(tf.mul(previous, 0.999), tf.mul(tf.square(gradient), 1 - 0.999)));
    const right = adamMoment(previous, gradient, 0.999, true);
    const wrong = adamMoment(previous, gradient, 0.999, false);
    const tol = float32Regrouping(4, 4);
    const [r, w, e] = await Promise.all([right.data(), wrong.data(), stock.data()]);
    expect(compareArrays(r, e, tol).ok).toBe(true);
    expect(compareArrays(w, e, tol).ok).toBe(false);
    tf.dispose([previous, gradient, stock, right, wrong]);
  });
});
