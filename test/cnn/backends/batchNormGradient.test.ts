import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { batchNormGradient, compareArrays, describeComparison, float32Accumulation, tf, useTfjsBackend } from '../../../src/index.js';

interface BnCase {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

const caseArb: fc.Arbitrary<BnCase> = fc.record({
  n: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 5 }), w: fc.integer({ min: 1, max: 5 }), c: fc.integer({ min: 1, max: 4 }),
});

/**
 * Gradients of Σ u ⊙ BN(x) with batch statistics (as tf.layers computes them in training) with
 * respect to x, γ and β: once through tf.batchNorm (the FusedBatchNorm gradient under test) and
 * once through elementary ops (sub, mul, rsqrt, add), whose gradients tfjs-core provides.
 */
function gradients(k: BnCase, seed: number, fused: boolean): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomUniform([k.n, k.h, k.w, k.c], -2, 2, 'float32', seed);
    const gamma = tf.randomUniform([k.c], 0.5, 1.5, 'float32', seed + 1);
    const beta = tf.randomUniform([k.c], -1, 1, 'float32', seed + 2);
    const u = tf.randomUniform([k.n, k.h, k.w, k.c], -1, 1, 'float32', seed + 3);
    const eps = 1e-3;
    const f = (xv: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar => {
      const { mean, variance } = tf.moments(xv, [0, 1, 2]);
      const y = fused
        ? tf.batchNorm(xv, mean, variance, b, g, eps)
        : tf.add(tf.mul(tf.mul(tf.sub(xv, mean), tf.rsqrt(tf.add(variance, eps))), g), b);
      return tf.sum(tf.mul(u, y));
    };
    return tf.grads(f)([x, gamma, beta]).map((t) => t.dataSync() as Float32Array);
  });
}

describe.each(['cpu', 'wasm'] as const)('the broadcasting FusedBatchNorm gradient on %s', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend); // installs layerproof's gradients, this one included
  });

  test.prop([caseArb, fc.nat(10_000)], { numRuns: 25 })('equals the gradient through elementary ops (∂x, ∂γ, ∂β), batch statistics included', (k, seed) => {
    const fused = gradients(k, seed, true);
    const elementary = gradients(k, seed, false);
    const m = k.n * k.h * k.w;
    ['x', 'gamma', 'beta'].forEach((name, i) => {
      const cmp = compareArrays(fused[i] ?? new Float32Array(), elementary[i] ?? new Float32Array(), float32Accumulation(4 * m, 8 * m));
      expect(cmp.ok, `∂${name} x=[${k.n},${k.h},${k.w},${k.c}]: ${describeComparison(cmp)}`).toBe(true);
    });
  });

  test('negative control: a variance partial off by a factor of 2 is caught (x=[2,3,3,2])', () => {
    const right = tf.getGradient('FusedBatchNorm');
    const good = batchNormGradient(undefined);
    tf.registerGradient({
      ...good,
      gradFunc: (dy, saved, attrs) => {
        const g = good.gradFunc(dy, saved, attrs);
        return { ...g, variance: () => tf.mul(2, (g.variance as () => tf.Tensor)()) };
      },
    });
    try {
      const k = { n: 2, h: 3, w: 3, c: 2 };
      const cmp = compareArrays(gradients(k, 7, true)[0] ?? new Float32Array(), gradients(k, 7, false)[0] ?? new Float32Array(), float32Accumulation(72, 144));
      expect(cmp.ok).toBe(false);
    } finally {
      tf.registerGradient(right);
    }
  });
});
