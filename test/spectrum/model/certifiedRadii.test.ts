import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { approxEqual, tolerances } from '../../../src/core/tolerance.js';
import { certifiedRadii, type ImageRadius } from '../../../src/spectrum/model/certifiedRadii.js';
import { logitsFunction, type ModelLogits } from '../../../src/spectrum/model/logitsFunction.js';
import { modelLipschitz } from '../../../src/spectrum/model/modelLipschitz.js';
import { tf } from '../../../src/tfjs/tf.js';
import { randomizeWeights } from '../../models/support/randomizeWeights.js';
import { uniformData } from '../../support/arbitraries.js';
import { denseNorms } from './support/denseNorms.js';

interface Tiny {
  readonly model: tf.LayersModel;
  readonly logits: ModelLogits;
  readonly lipschitz: number;
}

async function tiny(layers: tf.layers.Layer[], seed: number, scale = 1): Promise<Tiny> {
  const model = tf.sequential({ layers });
  randomizeWeights(model, seed);
  model.setWeights(model.getWeights().map((w) => w.mul(scale)));
  const report = await modelLipschitz(model, { norms: denseNorms });
  if (report.bound === undefined) throw new Error('the tiny models have a bound');
  return { model, logits: await logitsFunction(model, report.logits, report.inputShape), lipschitz: report.bound };
}

const INPUT = 6;

/** argmax of the logits at x + t·d for each t, one image. */
async function predictions(f: ModelLogits, x: Float32Array, d: Float32Array, steps: readonly number[]): Promise<number[]> {
  const batch = tf.tensor2d(Float32Array.from(steps.flatMap((t) => Array.from(x, (v, i) => v + t * (d[i] ?? 0)))), [steps.length, x.length]);
  const z = f.apply(batch);
  const top = z.argMax(1);
  const out = Array.from(await top.data());
  tf.dispose([batch, z, top]);
  return out;
}

/** ∇ₓ(z_a − z_b) at x, as a unit vector (the steepest way down the margin is its negative). */
async function marginDirection(f: ModelLogits, x: Float32Array, r: ImageRadius): Promise<Float32Array> {
  const xt = tf.tensor2d(x, [1, x.length]);
  const g = tf.grad((v: tf.Tensor) => {
    const z = f.apply(v);
    return tf.sub(z.slice([0, r.predicted], [1, 1]), z.slice([0, r.runnerUp], [1, 1])).sum();
  })(xt);
  const data = Float32Array.from(await g.data());
  tf.dispose([xt, g]);
  const norm = Math.hypot(...data);
  return data.map((v) => -v / norm);
}

function unit(seed: number): Float32Array {
  const v = uniformData(INPUT, seed);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

describe.each(['cpu', 'wasm'] as const)('certifiedRadii on %s', (backend) => {
  let linear: Tiny;
  let relu: Tiny;
  beforeAll(async () => {
    await useTfjsBackend(backend);
    linear = await tiny([tf.layers.dense({ inputShape: [INPUT], units: 4, name: 'logits' })], 1);
    relu = await tiny([tf.layers.dense({ inputShape: [INPUT], units: 8, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' })], 2, 1.5);
  });
  afterAll(() => {
    for (const t of [linear, relu]) {
      t.logits.dispose();
      t.model.dispose();
    }
  });

  test.prop([fc.integer({ min: 1, max: 2 ** 30 })], { numRuns: 10 })('formula: radius = (top − runner-up)/(√2·L) on the logits, gradient norm ≤ √2·L', async (seed) => {
    const images = tf.tensor2d(uniformData(5 * INPUT, seed), [5, INPUT]);
    const result = await certifiedRadii(relu.logits.apply, images, relu.lipschitz);
    const z = relu.logits.apply(images);
    const rows = (await z.array());
    tf.dispose([images, z]);
    for (const r of result.images) {
      const row = rows[r.index] ?? [];
      const sorted = [...row].sort((a, b) => b - a);
      expect(row[r.predicted]).toBe(sorted[0]);
      expect(row[r.runnerUp]).toBe(sorted[1]);
      expect(approxEqual(r.radius, ((sorted[0] ?? 0) - (sorted[1] ?? 0)) / (Math.SQRT2 * relu.lipschitz), tolerances.float64)).toBe(true);
      expect(r.gradientNorm ?? Infinity).toBeLessThanOrEqual(Math.SQRT2 * relu.lipschitz * (1 + tolerances.float32.rtol));
    }
    expect(result.shares.map((s) => s.radius)).toEqual([0.01, 0.1, 0.5]);
    for (const s of result.shares) expect(s.certified).toBe(result.images.filter((r) => r.radius >= s.radius).length);
  });

  test.prop([fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 2 ** 30 })], { numRuns: 10 })('no perturbation inside the certified radius changes the prediction: down the margin\'s gradient and in random directions (dense relu → dense)', async (seed, direction) => {
    const x = uniformData(INPUT, seed);
    const images = tf.tensor2d(x, [1, INPUT]);
    const result = await certifiedRadii(relu.logits.apply, images, relu.lipschitz);
    images.dispose();
    const r = result.images[0];
    if (r === undefined) throw new Error('one image');
    const steps = [0.25, 0.5, 0.75, 0.999].map((t) => t * r.radius);
    for (const d of [await marginDirection(relu.logits, x, r), unit(direction), unit(direction + 1)]) {
      expect(await predictions(relu.logits, x, d, steps)).toEqual(steps.map(() => r.predicted));
    }
  });

  test.prop([fc.integer({ min: 1, max: 2 ** 30 })], { numRuns: 10 })('a linear model: the gradient attack stays put inside the radius', async (seed) => {
    const x = uniformData(INPUT, seed);
    const images = tf.tensor2d(x, [1, INPUT]);
    const [r] = (await certifiedRadii(linear.logits.apply, images, linear.lipschitz)).images;
    images.dispose();
    if (r === undefined) throw new Error('one image');
    expect(await predictions(linear.logits, x, await marginDirection(linear.logits, x, r), [0.999 * r.radius])).toEqual([r.predicted]);
  });

  test('negative control: a claimed radius past the first-order one (margin/‖∇‖, the true distance for a linear model) is broken by the same attack', async () => {
    const result = await fc.check(fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), async (seed) => {
      const x = uniformData(INPUT, seed);
      const images = tf.tensor2d(x, [1, INPUT]);
      const [r] = (await certifiedRadii(linear.logits.apply, images, linear.lipschitz)).images;
      images.dispose();
      if (r?.firstOrderRadius === undefined) throw new Error('one image with its gradient');
      const [after] = await predictions(linear.logits, x, await marginDirection(linear.logits, x, r), [1.05 * r.firstOrderRadius]);
      return after === r.predicted;
    }), { numRuns: 10 });
    expect(result.failed).toBe(true);
  });

  test('negative control: a Lipschitz bound that forgets the first layer is exceeded by the network\'s own gradients', async () => {
    const outOnly = (await denseNorms.layer(relu.model.getLayer('out'), [8]))?.upper ?? NaN;
    const images = tf.tensor2d(uniformData(20 * INPUT, 9), [20, INPUT]);
    const result = await certifiedRadii(relu.logits.apply, images, outOnly);
    images.dispose();
    expect(result.images.some((r) => (r.gradientNorm ?? 0) > Math.SQRT2 * outOnly)).toBe(true);
  });
});

describe('certifiedRadii: plain statements and bad input', () => {
  let t: Tiny;
  let images: tf.Tensor2D;
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    t = await tiny([tf.layers.dense({ inputShape: [INPUT], units: 3, name: 'logits' })], 4);
    images = tf.tensor2d(uniformData(4 * INPUT, 5), [4, INPUT]);
  });
  afterAll(() => {
    tf.dispose(images);
    t.logits.dispose();
    t.model.dispose();
  });

  test('a huge bound gives tiny radii, and the summary says so with the gap to the local gradient norms', async () => {
    const result = await certifiedRadii(t.logits.apply, images, 1e6);
    expect(result.shares.every((s) => s.certified === 0)).toBe(true);
    expect(result.summary).toMatch(/^The certified radii are tiny: the median is .* below the smallest radius asked \(0\.01\)/);
    expect(result.summary).toMatch(/√2·L = 1\.41e\+6 per unit of input; the network's own local gradient norm of the margin is .* \(median\), .*× less/);
    expect(result.medianLooseness).toBeGreaterThan(1000);
  });

  test('radii asked for are reported in order, with the share of images certified at each', async () => {
    const result = await certifiedRadii(t.logits.apply, images, 1e-3, { radii: [1, 10] });
    expect(result.shares.map((s) => [s.radius, s.share])).toEqual([[1, 1], [10, 1]].map(([r]) => [r, result.images.filter((i) => i.radius >= (r ?? 0)).length / 4]));
    expect(result.summary).toMatch(/^Median certified radius/);
  });

  test('bad input: a bound that is 0 or infinite, radii that are not positive, one class only', async () => {
    await expect(certifiedRadii(t.logits.apply, images, 0)).rejects.toThrow(/lipschitz must be a finite positive Lipschitz bound/);
    await expect(certifiedRadii(t.logits.apply, images, Infinity)).rejects.toThrow(LayerproofError);
    await expect(certifiedRadii(t.logits.apply, images, 1, { radii: [0.1, -1] })).rejects.toThrow(/options\.radii must be a non-empty list of positive radii/);
    const one = (x: tf.Tensor): tf.Tensor2D => tf.tidy(() => x.sum<tf.Tensor2D>(1, true));
    await expect(certifiedRadii(one, images, 1)).rejects.toThrow(/at least 2 classes per input/);
  });
});
