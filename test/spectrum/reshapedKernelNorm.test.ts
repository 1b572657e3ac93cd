import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { conv2dMatrix } from '../../src/linear/conv2dMatrix.js';
import { circularSpectrum } from '../../src/spectrum/circularSpectrum.js';
import { reshapedKernelNorm } from '../../src/spectrum/reshapedKernelNorm.js';
import { counterexample, denseNorm, denseOf, uniformData } from './support/denseOperators.js';

const kernelArb = fc.record({
  kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
  cin: fc.integer({ min: 1, max: 3 }), cout: fc.integer({ min: 1, max: 3 }), seed: fc.nat(),
}).map((k) => ({ ...k, kernel: { shape: [k.kh, k.kw, k.cin, k.cout], data: uniformData(k.kh * k.kw * k.cin * k.cout, k.seed) } }));

describe("reshapedKernelNorm: Miyato's value (torch spectral_norm), not the operator norm", () => {
  it('counterexample: an all-ones 3×3 kernel has reshaped norm 3 but operator norm 9 (circular) and 8.11 (\'valid\' on 8×8 is smaller still but > 3)', () => {
    const kernel = { shape: [3, 3, 1, 1], data: new Float64Array(9).fill(1) };
    expect(reshapedKernelNorm(kernel)).toBeCloseTo(3, 12);
    expect(circularSpectrum(kernel, [8, 8])[0]).toBeCloseTo(9, 12);
    const zero = denseNorm(denseOf(conv2dMatrix(kernel, { inputShape: [8, 8, 1], padding: 'same' }).matrix));
    expect(zero).toBeGreaterThan(8);
    expect(Math.abs(zero - reshapedKernelNorm(kernel))).toBeGreaterThan(5);
  });

  test.prop([kernelArb], { numRuns: 60 })('‖R‖ ≤ ‖T‖ ≤ √(kh·kw)·‖R‖ for the circular stride-1 convolution on a 6×6 grid', ({ kh, kw, kernel }) => {
    const miyato = reshapedKernelNorm(kernel);
    const norm = circularSpectrum(kernel, [6, 6])[0] ?? 0;
    expect(miyato).toBeLessThanOrEqual(norm * (1 + 1e-12));
    expect(norm).toBeLessThanOrEqual(Math.sqrt(kh * kw) * miyato * (1 + 1e-12));
  });

  it('negative control: the claim "reshaped = operator norm" fails on random kernels', () => {
    const property = fc.property(kernelArb, ({ kernel }) => {
      const miyato = reshapedKernelNorm(kernel);
      const norm = circularSpectrum(kernel, [6, 6])[0] ?? 0;
      if (Math.abs(norm - miyato) > 1e-9 * norm) throw new Error(`reshaped ${miyato} ≠ ‖T‖ ${norm}`);
    });
    expect(counterexample(property, 50)).toMatch(/reshaped .* ≠ ‖T‖/);
  });

  it('refuses a kernel that is not rank 4 with a LayerproofError', () => {
    expect(() => reshapedKernelNorm({ shape: [3, 3], data: new Float64Array(9) })).toThrow(LayerproofError);
    expect(() => reshapedKernelNorm({ shape: [3, 3], data: new Float64Array(9) })).toThrow(/kernel\.shape must be \[kh, kw, inChannels, outChannels\]/);
  });
});
