import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { convGeometry, type ConvGeometry } from '../../../src/linear/convGeometry.js';
import { maxPoolLipschitz } from '../../../src/spectrum/model/maxPoolLipschitz.js';
import { tf } from '../../../src/tfjs/tf.js';

interface PoolCase {
  readonly h: number;
  readonly w: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly padding: 'valid' | 'same';
}

const poolArb: fc.Arbitrary<PoolCase> = fc.record({
  h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }),
  kh: fc.integer({ min: 1, max: 4 }), kw: fc.integer({ min: 1, max: 4 }),
  sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
  padding: fc.constantFrom('valid' as const, 'same' as const),
}).filter((c) => c.padding === 'same' || (c.kh <= c.h && c.kw <= c.w));

const describePool = (c: PoolCase): string => `x=[1,${c.h},${c.w},1] pool=${c.kh}x${c.kw} s=${c.sh}x${c.sw} p=${c.padding}`;

function geometry(c: PoolCase): ConvGeometry {
  return convGeometry({ inputShape: [c.h, c.w, 1], kernelSize: [c.kh, c.kw], strides: [c.sh, c.sw], padding: c.padding, windowName: 'window' });
}

/**
 * max over cells of ‖maxPool(spike at the cell) − maxPool(0)‖², as TensorFlow.js pools: the number
 * of windows that contain the cell, which is what the rule claims the worst case to be.
 */
async function worstSpike(c: PoolCase): Promise<number> {
  const n = c.h * c.w;
  const spikes = tf.tidy(() => tf.oneHot(tf.range(0, n, 1, 'int32'), n).reshape([n, c.h, c.w, 1]).toFloat());
  const pooled = tf.maxPool(spikes as tf.Tensor4D, [c.kh, c.kw], [c.sh, c.sw], c.padding);
  const perCell = tf.sum(tf.square(pooled.reshape([n, -1])), 1);
  const values = await perCell.data();
  tf.dispose([spikes, pooled, perCell]);
  return Math.max(...Array.from(values));
}

describe.each(['cpu', 'wasm'] as const)('maxPoolLipschitz on %s', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([poolArb], { numRuns: 40 })('windows per cell equals the worst spike\'s squared change through tf.maxPool, and L = its root', async (c) => {
    const rule = maxPoolLipschitz(geometry(c));
    expect(rule.windowsPerCell, describePool(c)).toBe(await worstSpike(c));
    expect(rule.factor).toBe(Math.sqrt(rule.windowsPerCell));
    expect(rule.rule).toMatch(rule.windowsPerCell === 1 ? /without overlap is 1-Lipschitz/ : /overlapping max pooling/);
  });

  test('negative control: the non-overlapping rule (L = 1 whatever the stride) disagrees with tf.maxPool once windows overlap', async () => {
    const result = await fc.check(fc.asyncProperty(poolArb, async (c) => (await worstSpike(c)) === 1), { numRuns: 40 });
    expect(result.failed).toBe(true);
  });
});
