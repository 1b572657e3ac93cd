import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { tolerances } from '../../src/core/tolerance.js';
import { assertEquivariant } from '../../src/symmetry/assertEquivariant.js';
import { assertInvariant } from '../../src/symmetry/assertInvariant.js';
import { borderBand } from '../../src/symmetry/borderBand.js';
import { channelPermutation } from '../../src/symmetry/channelPermutation.js';
import { cyclicTranslation } from '../../src/symmetry/cyclicTranslation.js';
import { EquivariancePropertyError } from '../../src/symmetry/EquivariancePropertyError.js';
import { flip } from '../../src/symmetry/flip.js';
import { nodePermutation } from '../../src/symmetry/nodePermutation.js';
import { rotation90 } from '../../src/symmetry/rotation90.js';
import { stridedTranslation } from '../../src/symmetry/stridedTranslation.js';
import type { SymmetryCheckResult } from '../../src/symmetry/symmetryCheck.js';
import { zeroTranslation } from '../../src/symmetry/zeroTranslation.js';
import { tf } from '../../src/tfjs/tf.js';
import { circularConv, randomWeights, symmetrize } from './support/symmetricModels.js';

/** The EquivariancePropertyError a check rejects with (any other outcome fails the test). */
async function failure(check: Promise<unknown>): Promise<EquivariancePropertyError> {
  try {
    await check;
  } catch (error) {
    if (error instanceof EquivariancePropertyError) return error;
    throw error;
  }
  throw new Error('expected the property to fail, but it held');
}

const nonZero = (r: SymmetryCheckResult): number => r.counterexample?.input.data.filter((v) => v !== 0).length ?? -1;
const kernel = (shape: [number, number, number, number], seed: number, data?: Float32Array): tf.Tensor4D => tf.tensor4d(data ?? randomWeights(shape, seed), shape);
const sameConv = (k: tf.Tensor4D) => (x: tf.Tensor): tf.Tensor => tf.conv2d(x as tf.Tensor4D, k, 1, 'same');

describe.each(['cpu', 'wasm'] as const)('assertEquivariant on TensorFlow.js maps (float32), %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test('a circular convolution commutes with all 36 cyclic shifts of a 6×6 image; the result reports the error per kind', async () => {
    const result = await assertEquivariant(circularConv(kernel([3, 3, 2, 3], 1)), { action: cyclicTranslation(), inputShape: [6, 6, 2], runs: 5 });
    expect(result.elements).toBe('all');
    expect(result.comparisons).toBe(36 * result.inputs);
    expect(result.byKind.map((k) => k.kind)).toEqual(['cyclic translation', 'identity']);
    expect(result.tolerance).toBe(tolerances.equivarianceFloat32);
    expect(result.worstRatio).toBeLessThanOrEqual(1);
  });

  test('a stride-2 circular convolution: input shift 2t ↦ output shift t holds (stridedTranslation); claimed for shifts by 1, it is caught on a shift of size 1', async () => {
    const conv = circularConv(kernel([3, 3, 1, 2], 2), 2);
    const strided = stridedTranslation({ stride: 2 });
    const held = await assertEquivariant(conv, { ...strided, inputShape: [6, 6, 1], runs: 5 });
    expect(held.outputAction).toMatch(/of the output by the input's shift \/ \(2, 2\)/);
    expect(held.comparisons).toBe(9 * held.inputs);
    const error = await failure(assertEquivariant(conv, { action: cyclicTranslation(), inputShape: [6, 6, 1], seed: 3 }));
    const element = error.result.counterexample?.element as readonly number[];
    expect(Math.abs(element[0] ?? 0) + Math.abs(element[1] ?? 0)).toBe(1);
    expect(nonZero(error.result)).toBe(1);
    expect(error.result.counterexample?.input.shape).toEqual([1, 6, 6, 1]);
  });
});

describe('assertEquivariant and assertInvariant, cpu backend', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test("a zero-padded ('same') convolution claimed equivariant to cyclic shifts fails at the border, on one input pixel", async () => {
    const error = await failure(assertEquivariant(sameConv(kernel([3, 3, 1, 1], 3)), { action: cyclicTranslation(), inputShape: [5, 5, 1], seed: 1 }));
    expect(nonZero(error.result)).toBe(1);
    expect(error.message).toMatch(/^Not equivariant: f\(g·x\) = g·f\(x\) fails for f \(a function on tf.Tensor\) under cyclic translation \(shrunk by fast-check in \d+ steps; replay with \{ seed: 1, path: "[\d:]+" \}\)\.\n {2}g = cyclic shift by \(/);
  });

  test('tf.layers.conv2d with a bias and same padding commutes with zero-fill shifts off its border band, and not on it', async () => {
    const layer = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }), biasInitializer: tf.initializers.constant({ value: 0.5 }) });
    const border = { kernelSize: 3, padding: 'same' as const };
    const held = await assertEquivariant(layer, { action: zeroTranslation({ border, maxShift: 2 }), inputShape: [6, 6, 1], runs: 5 });
    expect(held.comparisons).toBe(25 * held.inputs);
    const error = await failure(assertEquivariant(layer, { action: zeroTranslation({ maxShift: 2 }), inputShape: [6, 6, 1], seed: 2 }));
    const c = error.result.counterexample;
    const [, h, w] = (await import('../../src/models/testing/describeEntries.js')).multiIndex(c?.comparison.worstIndex ?? 0, c?.expected.shape);
    const band = borderBand({ inputSize: [6, 6], layers: border, shift: c?.element as [number, number] });
    expect(band.rows.includes(h ?? -1) || band.columns.includes(w ?? -1)).toBe(true);
  });

  test("a stride-2 'same' convolution: zero-fill input shifts by 2t ↦ output shifts by t off the band of its geometry; without the band it fails", async () => {
    const conv = (x: tf.Tensor): tf.Tensor => tf.conv2d(x as tf.Tensor4D, kernel([3, 3, 1, 1], 16), 2, 'same');
    const border = { kernelSize: 3, strides: 2, padding: 'same' as const, bias: false };
    const held = await assertEquivariant(conv, { ...stridedTranslation({ stride: 2, mode: 'zero', border }), inputShape: [6, 6, 1], runs: 5 });
    expect(held.comparisons).toBe(25 * held.inputs);
    const error = await failure(assertEquivariant(conv, { ...stridedTranslation({ stride: 2, mode: 'zero' }), inputShape: [6, 6, 1], seed: 5 }));
    expect(nonZero(error.result)).toBe(1);
  });

  test('flips: a conv with a left–right symmetric kernel commutes with the horizontal flip; a flip applied to the input but not to a generic kernel fails', async () => {
    const generic = randomWeights([3, 3, 1, 2], 5);
    const mirrored = symmetrize(generic, 3, 2, [(i, j) => [i, j], (i, j) => [i, 2 - j]]);
    await assertEquivariant(sameConv(kernel([3, 3, 1, 2], 0, mirrored)), { action: flip('horizontal'), inputShape: [4, 4, 1] });
    const error = await failure(assertEquivariant(sameConv(kernel([3, 3, 1, 2], 0, generic)), { action: flip('horizontal'), inputShape: [4, 4, 1], seed: 6 }));
    expect(error.result.counterexample?.element).toBe('horizontal');
    expect(nonZero(error.result)).toBe(1);
    expect(error.message).toMatch(/g = horizontal flip \(columns reversed: w ↦ W − 1 − w\)/);
  });

  test('rotations: a conv with a kernel invariant under quarter turns commutes with rotation90; a generic kernel fails', async () => {
    const generic = randomWeights([3, 3, 1, 1], 7);
    const c4 = symmetrize(generic, 3, 1, [(i, j) => [i, j], (i, j) => [j, 2 - i], (i, j) => [2 - i, 2 - j], (i, j) => [2 - j, i]]);
    const held = await assertEquivariant(sameConv(kernel([3, 3, 1, 1], 0, c4)), { action: rotation90(), inputShape: [5, 5, 1] });
    expect(held.byKind.map((k) => k.kind)).toEqual(['identity', 'rotation by 180°', 'rotation by 270°', 'rotation by 90°']);
    const error = await failure(assertEquivariant(sameConv(kernel([3, 3, 1, 1], 0, generic)), { action: rotation90(), inputShape: [5, 5, 1], seed: 8 }));
    expect(error.result.counterexample?.elementText).toMatch(/^rotation by (90|180|270)° counterclockwise$/);
    expect(nonZero(error.result)).toBe(1);
  });

  test('channel permutations: one depthwise kernel for every channel commutes with all 3! of them; a convolution mixing channels does not', async () => {
    const shared = randomWeights([3, 3, 1, 1], 9);
    const depthwise = tf.tensor4d(Float32Array.from({ length: 27 }, (_v, i) => shared[Math.floor(i / 3)] ?? 0), [3, 3, 3, 1]);
    const held = await assertEquivariant((x: tf.Tensor) => tf.relu(tf.depthwiseConv2d(x as tf.Tensor4D, depthwise, 1, 'same')), { action: channelPermutation(), inputShape: [4, 4, 3], runs: 5 });
    expect(held.comparisons).toBe(6 * held.inputs);
    const error = await failure(assertEquivariant(sameConv(kernel([3, 3, 3, 3], 10)), { action: channelPermutation(), inputShape: [4, 4, 3], seed: 3 }));
    expect(error.result.counterexample?.elementText).toMatch(/^channel permutation p = \[/);
    expect(nonZero(error.result)).toBe(1);
  });

  test('invariance: circular conv → ReLU → global average pooling is invariant to cyclic shifts; a model that reads one fixed pixel is not', async () => {
    const k = kernel([3, 3, 2, 4], 11);
    const pooled = (x: tf.Tensor): tf.Tensor => tf.mean(tf.relu(circularConv(k)(x)), [1, 2]);
    const held = await assertInvariant(pooled, { action: cyclicTranslation(), inputShape: [6, 6, 2], runs: 5 });
    expect(held.property).toBe('invariance');
    const pixel = (x: tf.Tensor): tf.Tensor => x.slice([0, 2, 3, 0], [-1, 1, 1, -1]).reshape([-1, 2]);
    const error = await failure(assertInvariant(pixel, { action: cyclicTranslation(), inputShape: [6, 6, 2], seed: 12 }));
    expect(nonZero(error.result)).toBe(1);
    expect(error.message).toMatch(/^Not invariant: f\(g·x\) = f\(x\) fails/);
    expect(error.message).toMatch(/\n {2}at output \[0, \d\] of \[1, 2\]: f\(g·x\) = -?[\d.]+, f\(x\) = -?[\d.]+\n/);
  });

  test('the message names the element, the shrunk input, the worst output position, both values, the tolerance and the errors per kind; seed and path replay it', async () => {
    const conv = sameConv(kernel([3, 3, 1, 1], 13));
    const error = await failure(assertEquivariant(conv, { action: cyclicTranslation(), inputShape: [4, 4, 1], seed: 21 }));
    const lines = error.message.split('\n');
    expect(lines[1]).toMatch(/^ {2}g = cyclic shift by \(−?\d, −?\d\) \(rows, columns\)$/);
    expect(lines[2]).toMatch(/^ {2}x = \[1, 4, 4, 1\], 1 of 16 entries non-zero: \[0, \d, \d, 0\] = -?[\d.]+$/);
    expect(lines[3]).toMatch(/^ {2}at output \[0, \d, \d, 0\] of \[1, 4, 4, 1\]: f\(g·x\) = -?[\d.]+, g·f\(x\) = -?[\d.]+ \(f\(x\) = -?[\d.]+ there\)$/);
    expect(lines[4]).toMatch(/^ {2}\|difference\| = [\d.e-]+ \(tolerance equivariance float32: atol 1\.0e-3, rtol 1\.0e-3; [\d.e+]+× the allowed error\)$/);
    expect(lines[5]).toMatch(/^ {2}largest error per kind: cyclic translation [\d.e+-]+ \(\d+ compared\); identity 0\.0e\+0 \(\d+ compared\)$/);
    const replay = await failure(assertEquivariant(conv, { action: cyclicTranslation(), inputShape: [4, 4, 1], seed: 21, path: error.result.path ?? '' }));
    expect(replay.result.counterexample?.input).toEqual(error.result.counterexample?.input);
    expect(replay.result.counterexample?.element).toEqual(error.result.counterexample?.element);
  });

  test('elements: a group of at most 256 is listed (16×16 shifts), a larger one sampled 20 per input (escnn), a number samples that many', async () => {
    const identity = (x: tf.Tensor): tf.Tensor => x.mul(2);
    expect((await assertEquivariant(identity, { action: cyclicTranslation(), inputShape: [16, 16, 1], runs: 1, batch: 1 })).comparisons).toBe(256);
    const sampled = await assertEquivariant(identity, { action: cyclicTranslation(), inputShape: [17, 17, 1], runs: 2, batch: 1 });
    expect([sampled.elements, sampled.comparisons]).toEqual([20, 40]);
    expect((await assertEquivariant(identity, { action: cyclicTranslation(), inputShape: [6, 6, 1], runs: 3, elements: 4 })).comparisons).toBe(12);
  });

  test('bad calls are LayerproofErrors naming the argument; a map that throws is reported on the shrunk input with seed and path', async () => {
    const conv = sameConv(kernel([3, 3, 1, 1], 14));
    await expect(assertEquivariant(conv, { action: rotation90(), inputShape: [4, 5, 1] })).rejects.toThrow(/Error in assertEquivariant: options.inputShape must be a square image/);
    await expect(assertEquivariant(conv, { action: {} as never, inputShape: [4, 4, 1] })).rejects.toThrow(/options.action must be a group action such as cyclicTranslation\(\)/);
    await expect(assertEquivariant(conv, { action: channelPermutation(), inputShape: [2, 2, 9], elements: 'all' })).rejects.toThrow(/options.elements must be a number of elements to sample: channel permutation has 362,880 elements/);
    await expect(assertEquivariant(conv, { action: flip(), inputShape: [4, 4, 1], batch: [3, 1] })).rejects.toThrow(/options.batch must be a number of inputs per case/);
    await expect(assertInvariant(conv, { action: flip(), inputShape: [4, 4, 1], outputAction: flip() } as never)).rejects.toThrow(/options.outputAction must be absent/);
    await expect(assertEquivariant((x: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, kernel([3, 3, 2, 1], 1), 1, 'same'), { action: flip(), inputShape: [4, 4, 1], input: 'tensor' }))
      .rejects.toThrow(/Error in assertEquivariant: f \(a function on tf.Tensor\) cannot be applied to input shape \[4, 4, 1\]/);
    const fragile = (x: Float64Array): number[] => {
      if (x.some((v) => v > 1)) throw new Error('too bright');
      return Array.from(x);
    };
    await expect(assertEquivariant(fragile, { action: flip(), inputShape: [3, 3, 1], seed: 2 }))
      .rejects.toThrow(/on a generated input \(seed 2, path "[\d:]*"\), f \(a function on Float64Array\) failed: it threw: too bright.*x = \[1, 3, 3, 1\], 1 of 9 entries non-zero/);
  });
});

describe('assertEquivariant on plain functions (float64)', () => {
  /** Circular convolution of a [n, n, 1] image with a 3×3 kernel, in float64; `wrap: false` pads with zeros instead. */
  const conv64 = (k: Float32Array, n: number, wrap: boolean) => (x: Float64Array): Float64Array => {
    const y = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let u = 0; u < 3; u++) {
          for (let v = 0; v < 3; v++) {
            const a = i + u - 1;
            const b = j + v - 1;
            const inside = a >= 0 && a < n && b >= 0 && b < n;
            if (wrap || inside) s += (k[u * 3 + v] ?? 0) * (x[((a + n) % n) * n + ((b + n) % n)] ?? 0);
          }
        }
        y[i * n + j] = Math.tanh(s);
      }
    }
    return y;
  };
  const k = randomWeights([3, 3, 1, 1], 15);

  test('a float64 circular convolution commutes with every cyclic shift, held to e3nn’s 1e-9', async () => {
    const result = await assertEquivariant(conv64(k, 5, true), { action: cyclicTranslation(), inputShape: [5, 5, 1] });
    expect(result.map).toBe('f (a function on Float64Array)');
    expect(result.tolerance).toBe(tolerances.equivarianceFloat64);
    expect(result.maxDifference).toBeLessThan(1e-12);
  });

  test('negative control: the same convolution with zero padding is caught at the border', async () => {
    const error = await failure(assertEquivariant(conv64(k, 5, false), { action: cyclicTranslation(), inputShape: [5, 5, 1], seed: 4 }));
    expect(nonZero(error.result)).toBe(1);
    expect(error.message).toContain('tolerance equivariance float64: atol 1.0e-9');
  });

  test.prop([fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 3 })], { numRuns: 5 })(
    'nodePermutation: a row-wise map on [n, d] node features is equivariant; adding the row index is not',
    async (n, d) => {
      const rowWise = (x: Float64Array): number[] => Array.from(x, (v, i) => Math.tanh(v * ((i % d) + 1)));
      await assertEquivariant(rowWise, { action: nodePermutation(), inputShape: [n, d], runs: 5 });
      const indexed = (x: Float64Array): number[] => Array.from(x, (v, i) => v + Math.floor(i / d));
      const error = await failure(assertEquivariant(indexed, { action: nodePermutation(), inputShape: [n, d], seed: n }));
      expect(error.result.counterexample?.elementText).toMatch(/^relabelling p = \[/);
    },
  );

  test('a plain function must say its output shape when an output action needs it, and the shape must fit', async () => {
    await expect(assertEquivariant((x: Float64Array) => Array.from(x).slice(1), { action: flip(), inputShape: [2, 2, 1] }))
      .rejects.toThrow(LayerproofError);
    await expect(assertEquivariant((x: Float64Array) => Array.from(x), { action: flip(), inputShape: [2, 2, 1], outputShape: [3, 1, 1] }))
      .rejects.toThrow(/options.outputShape must be a shape of 4 entries/);
  });
});
