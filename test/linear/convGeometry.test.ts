import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { convGeometry, LayerproofError } from '../../src/index.js';

describe('convGeometry', () => {
  test("'same' follows TensorFlow: in=7, k=3, s=2 → out 4, pads 1/1; in=6, k=4, s=1 → pads 1 top, 2 bottom", () => {
    const a = convGeometry({ inputShape: [7, 7, 1], kernelSize: 3, strides: 2, padding: 'same' });
    expect([a.outHeight, a.padTop, a.padBottom]).toEqual([4, 1, 1]);
    const b = convGeometry({ inputShape: [6, 6, 1], kernelSize: 4, padding: 'same' });
    expect([b.outHeight, b.padTop, b.padBottom]).toEqual([6, 1, 2]);
  });

  test("'same' with dilation uses the effective kernel: in=10, k=3, d=3 → effective 7, pads 3/3", () => {
    const g = convGeometry({ inputShape: [10, 10, 1], kernelSize: 3, dilations: 3, padding: 'same' });
    expect([g.effectiveKernelHeight, g.padTop, g.padBottom, g.outHeight]).toEqual([7, 3, 3, 10]);
  });

  test("'valid' and explicit: in=32, k=5 → 28; in=5, k=3, s=2, pads [[1,0],[0,2]] → 2×3", () => {
    expect(convGeometry({ inputShape: [32, 32, 3], kernelSize: 5 }).outHeight).toBe(28);
    const g = convGeometry({ inputShape: [5, 5, 1], kernelSize: 3, strides: 2, padding: [[1, 0], [0, 2]] });
    expect([g.outHeight, g.outWidth, g.padTop, g.padRight]).toEqual([2, 3, 1, 2]);
  });

  test.prop([
    fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }),
  ])("'same' always gives ⌈in/s⌉ and pads that make the last window end inside the padded input", (n, k, s, d) => {
    const g = convGeometry({ inputShape: [n, n, 1], kernelSize: k, strides: s, dilations: d, padding: 'same' });
    expect(g.outHeight).toBe(Math.ceil(n / s));
    expect(g.padBottom - g.padTop).toBeGreaterThanOrEqual(0);
    expect(g.padBottom - g.padTop).toBeLessThanOrEqual(1);
    expect((g.outHeight - 1) * s + g.effectiveKernelHeight).toBeLessThanOrEqual(n + g.padTop + g.padBottom);
  });

  test('a kernel larger than its input is refused with both sizes and what would fit', () => {
    expect(() => convGeometry({ op: 'conv2dMatrix', inputShape: [4, 4, 3], kernelSize: 5 }))
      .toThrow(/Error in conv2dMatrix: a 5×5 kernel does not fit its 4×4 input with padding 'valid': the output would be 0×0\. Valid: an input of at least 5×5, a kernel of at most 4×4/);
  });

  test.each([
    ['strides', { strides: 0 }, /strides must be a positive integer or a pair/],
    ['dilations', { dilations: [1, 1.5] }, /dilations must be a positive integer or a pair.*\[1,1\.5\]/],
    ['padding', { padding: 'full' }, /padding must be 'valid', 'same' or \[\[top, bottom\], \[left, right\]\].*'full'/],
    ['negative explicit padding', { padding: [[-1, 0], [0, 0]] }, /padding must be/],
    ['inputShape', { inputShape: [4, 4] }, /inputShape must be \[height, width, channels\]/],
    ['kernelSize', { kernelSize: NaN }, /kernelSize must be a positive integer.*NaN/],
  ])('invalid %s is named in the error', (_name, patch, message) => {
    const call = () => convGeometry({ inputShape: [8, 8, 1], kernelSize: 3, ...(patch as object) });
    expect(call).toThrow(LayerproofError);
    expect(call).toThrow(message);
  });
});
