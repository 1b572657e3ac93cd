import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../src/cnn/backends/useTfjsBackend.js';
import { renderChart } from '../../src/cnn/train/renderChart.js';
import { ringShift } from '../../src/symmetry/ringShift.js';
import { shiftConsistency } from '../../src/symmetry/shiftConsistency.js';
import { tf } from '../../src/tfjs/tf.js';
import { circularConv, randomWeights } from './support/symmetricModels.js';

/** 24 seeded 8×8×2 images in [−1, 1]. */
function images(count = 24): { data: Float32Array; shape: number[] } {
  return { data: randomWeights([count, 8, 8, 2], 31), shape: [count, 8, 8, 2] };
}

describe('ringShift', () => {
  test.prop([fc.integer({ min: 1, max: 6 })])('the 8s draws of the ring are the 8s shifts with max(|a|, |b|) = s, each once', (s) => {
    const drawn = Array.from({ length: 8 * s }, (_v, k) => ringShift(() => (k + 0.5) / (8 * s), s));
    expect(drawn.every(([a, b]) => Math.max(Math.abs(a), Math.abs(b)) === s)).toBe(true);
    expect(new Set(drawn.map((g) => g.join())).size).toBe(8 * s);
  });

  test('negative control: the ring check catches a walk that repeats its corners (one side one pixel too long)', () => {
    const s = 2;
    const long = (k: number): readonly number[] => (k < 2 * s ? [-s, k - s + 1] : ringShift(() => (k + 0.5) / (8 * s), s));
    const drawn = Array.from({ length: 8 * s }, (_v, k) => long(k));
    expect(new Set(drawn.map((g) => g.join())).size).toBeLessThan(8 * s);
  });
});

describe('shiftConsistency (Zhang 2019), cpu backend', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  /** Circular convolution → ReLU → global average pooling → dense: a classifier built only of shift-equivariant parts. */
  const k = tf.tensor4d(randomWeights([3, 3, 2, 6], 32), [3, 3, 2, 6]);
  const dense = tf.tensor2d(randomWeights([6, 4], 33), [6, 4]);
  const circular = (x: tf.Tensor): tf.Tensor => tf.matMul(tf.mean<tf.Tensor2D>(tf.relu(circularConv(k)(x)), [1, 2]), dense);
  /** Reads one fixed pixel: its class changes when the pixel under it does. */
  const onePixel = (x: tf.Tensor): tf.Tensor => x.slice([0, 3, 4, 0], [-1, 1, 1, -1]).reshape([-1, 2]);

  test('a model of circular convolutions and global average pooling is 100% consistent under circular shifts of 1 to 4 pixels', async () => {
    const result = await shiftConsistency(circular, images(), { seed: 1 });
    expect(result.images).toBe(24);
    const circularRows = result.shifts.filter((r) => r.mode === 'circular');
    expect(circularRows.map((r) => r.size)).toEqual([1, 2, 3, 4]);
    expect(circularRows.every((r) => r.consistency === 1 && r.agree === 24 && r.total === 24)).toBe(true);
    expect(result.shifts.filter((r) => r.mode === 'zero')).toHaveLength(4);
    expect(result.flips.map((r) => r.flip)).toEqual(['horizontal', 'vertical']);
  });

  test('negative control: a model that reads one fixed pixel changes its class under shifts', async () => {
    const result = await shiftConsistency(onePixel, images(), { shifts: [1, 2], modes: ['circular'], flips: false, seed: 1 });
    expect(result.shifts.map((r) => r.mode)).toEqual(['circular', 'circular']);
    expect(result.flips).toEqual([]);
    expect(Math.max(...result.shifts.map((r) => r.consistency))).toBeLessThan(1);
  });

  test('the chart shows consistency per shift size, one line per mode and the flips, and renders to SVG', async () => {
    const result = await shiftConsistency(circular, images(8), { shifts: [1, 2], seed: 2 });
    const chart = await renderChart(result.chart);
    expect(chart.svg).toContain('Shift consistency (Zhang 2019)');
    expect(chart.svg).toContain('shift, zero fill');
    expect(chart.svg).toContain('horizontal flip');
  });

  test('the same seed draws the same shifts; images may be a tf.Tensor', async () => {
    const { data, shape } = images(8);
    const a = await shiftConsistency(onePixel, { data, shape }, { seed: 5, flips: false });
    const b = await shiftConsistency(onePixel, tf.tensor4d(data, shape as [number, number, number, number]), { seed: 5, flips: false });
    expect(b.shifts).toEqual(a.shifts);
  });

  test('bad calls are LayerproofErrors naming the argument', async () => {
    await expect(shiftConsistency(circular, { data: new Float32Array(8), shape: [2, 2, 2] })).rejects.toThrow(/images.shape must be \[N, height, width, channels\]/);
    await expect(shiftConsistency(circular, images(2), { shifts: [8] })).rejects.toThrow(/options.shifts must be shift sizes below the image's 8×8/);
    await expect(shiftConsistency(circular, images(2), { shifts: [0] })).rejects.toThrow(/options.shifts\[0\] must be a positive integer/);
    await expect(shiftConsistency(circular, images(2), { modes: ['reflect' as 'zero'] })).rejects.toThrow(/options.modes must be a non-empty array of 'circular' and 'zero'/);
  });
});
