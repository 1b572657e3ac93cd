import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { compareArrays, describeComparison, float32Accumulation, tf, tolerances, useTfjsBackend } from '../../../src/index.js';
import { cpuKernel, valuesOf } from './reference.js';

/** A pooling case: input [b, h, w, c], window, strides, padding. */
const poolArb = fc.record({
  b: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }), c: fc.integer({ min: 1, max: 3 }),
  k: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  s: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
  pad: fc.constantFrom('valid' as const, 'same' as const),
}).filter((p) => p.pad === 'same' || (p.h >= p.k[0] && p.w >= p.k[1]));

/** Small integers: windows with tied maxima are common, so the tie rule is exercised. */
function ints(n: number, seed: number): Float32Array {
  let state = seed | 1;
  return Float32Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return (state % 4) - 1;
  });
}

describe('wasm MaxPoolGrad (layerproof, JavaScript on the wasm heap)', () => {
  beforeAll(async () => {
    await useTfjsBackend('wasm');
  });

  test.prop([poolArb, fc.nat()], { numRuns: 60 })('equals the cpu backend\'s MaxPoolGrad exactly, ties to the first maximum', async (p, seed) => {
    const x = ints(p.b * p.h * p.w * p.c, seed);
    const outShape = tf.backend_util.computePool2DInfo([p.b, p.h, p.w, p.c], p.k, p.s, 1, p.pad).outShape;
    const dy = ints(outShape.reduce((a, v) => a * v, 1), seed + 1);
    const attrs = { filterSize: p.k, strides: p.s, pad: p.pad };
    const y = tf.tidy(() => tf.maxPool(tf.tensor4d(x, [p.b, p.h, p.w, p.c]), p.k, p.s, p.pad));
    const yValues = (await y.data()) as Float32Array;
    y.dispose();
    const expected = cpuKernel('MaxPoolGrad', {
      dy: { values: dy, shape: outShape }, input: { values: x, shape: [p.b, p.h, p.w, p.c] }, output: { values: yValues, shape: outShape },
    }, attrs);
    const actual = await valuesOf(() => tf.engine().runKernel<tf.Tensor>('MaxPoolGrad', {
      dy: tf.tensor4d(dy, outShape), input: tf.tensor4d(x, [p.b, p.h, p.w, p.c]), output: tf.tensor4d(yValues, outShape),
    }, attrs));
    const cmp = compareArrays(actual, expected, tolerances.exact);
    expect(cmp.ok, `${JSON.stringify(p)}: ${describeComparison(cmp)}`).toBe(true);
  });

  test.prop([poolArb.filter((p) => p.k[0] * p.k[1] > 1), fc.nat()], { numRuns: 60 })(
    'negative control: sending each window\'s gradient to its last maximum instead is caught on tied inputs',
    async (p, seed) => {
      const x = ints(p.b * p.h * p.w * p.c, seed);
      const outShape = tf.backend_util.computePool2DInfo([p.b, p.h, p.w, p.c], p.k, p.s, 1, p.pad).outShape;
      const dy = Float32Array.from({ length: outShape.reduce((a, v) => a * v, 1) }, (_v, i) => i + 1);
      const attrs = { filterSize: p.k, strides: p.s, pad: p.pad };
      const actual = await valuesOf(() => tf.engine().runKernel<tf.Tensor>('MaxPoolGrad', {
        dy: tf.tensor4d(dy, outShape), input: tf.tensor4d(x, [p.b, p.h, p.w, p.c]), output: tf.zeros(outShape),
      }, attrs));
      // Last-maximum rule, computed directly: differs where a window has a tie.
      const info = tf.backend_util.computePool2DInfo([p.b, p.h, p.w, p.c], p.k, p.s, 1, p.pad);
      const lastRule = new Float32Array(x.length);
      let tied = false;
      for (let b = 0; b < p.b; b++) for (let oh = 0; oh < info.outHeight; oh++) for (let ow = 0; ow < info.outWidth; ow++) for (let c = 0; c < p.c; c++) {
        let best = -Infinity;
        let at = -1;
        let count = 0;
        for (let i = 0; i < p.k[0]; i++) for (let j = 0; j < p.k[1]; j++) {
          const ih = oh * p.s[0] - info.padInfo.top + i;
          const iw = ow * p.s[1] - info.padInfo.left + j;
          if (ih < 0 || ih >= p.h || iw < 0 || iw >= p.w) continue;
          const idx = ((b * p.h + ih) * p.w + iw) * p.c + c;
          const v = x[idx] as number;
          if (v > best) [best, at, count] = [v, idx, 1];
          else if (v === best) [at, count] = [idx, count + 1];
        }
        if (count > 1) tied = true;
        if (at >= 0) lastRule[at] = (lastRule[at] as number) + (dy[((b * info.outHeight + oh) * info.outWidth + ow) * p.c + c] as number);
      }
      fc.pre(tied);
      expect(compareArrays(actual, lastRule, tolerances.exact).ok, JSON.stringify(p)).toBe(false);
    },
  );
});

describe('wasm BatchMatMul with transposed operands (layerproof: transposes first)', () => {
  beforeAll(async () => {
    await useTfjsBackend('wasm');
  });

  const dims = fc.record({
    batch: fc.integer({ min: 1, max: 3 }), m: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 9 }),
    ta: fc.boolean(), tb: fc.boolean(),
  });

  test.prop([dims, fc.nat()], { numRuns: 60 })('equals the cpu backend\'s BatchMatMul for every transpose combination', async (d, seed) => {
    const rng = ints(d.batch * d.m * d.k + d.batch * d.k * d.n, seed);
    const aShape: [number, number, number] = d.ta ? [d.batch, d.k, d.m] : [d.batch, d.m, d.k];
    const bShape: [number, number, number] = d.tb ? [d.batch, d.n, d.k] : [d.batch, d.k, d.n];
    const a = rng.subarray(0, d.batch * d.m * d.k);
    const b = rng.subarray(d.batch * d.m * d.k);
    const attrs = { transposeA: d.ta, transposeB: d.tb };
    const backend = tf.findBackend('cpu');
    const kernel = tf.getKernel('BatchMatMul', 'cpu');
    if (backend === null || kernel === undefined) throw new Error('no cpu BatchMatMul');
    const ia = { dataId: backend.write(a, aShape, 'float32'), shape: aShape, dtype: 'float32' as const };
    const ib = { dataId: backend.write(b, bShape, 'float32'), shape: bShape, dtype: 'float32' as const };
    const out = kernel.kernelFunc({ inputs: { a: ia, b: ib }, backend, attrs }) as tf.TensorInfo;
    const expected = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
    for (const id of [ia.dataId, ib.dataId, out.dataId]) backend.disposeData(id);
    const actual = await valuesOf(() => tf.engine().runKernel<tf.Tensor>('BatchMatMul', { a: tf.tensor3d(a, aShape), b: tf.tensor3d(b, bShape) }, attrs));
    const cmp = compareArrays(actual, expected, float32Accumulation(d.k, d.k));
    expect(cmp.ok, `${JSON.stringify(d)}: ${describeComparison(cmp)}`).toBe(true);
  });
});
