import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { kernelArbitrary } from '../../../src/models/testing/kernelArbitrary.js';

const shapes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });

describe('the kernel arbitrary', () => {
  test.prop([shapes.chain((shape) => kernelArbitrary(shape, { min: -0.5, max: 2 }).map((k) => ({ shape, k })))])(
    'has the asked shape, one float32 value per entry, in [min, max]',
    ({ shape, k }) => {
      expect(k.shape).toEqual(shape);
      expect(k.data).toBeInstanceOf(Float32Array);
      expect(k.data.length).toBe(shape.reduce((a, b) => a * b, 1));
      expect(k.data.every((v) => v >= -0.5 && v <= 2)).toBe(true);
    },
  );

  test('negative control: a kernel of another shape has another length (so the length check above can fail)', () => {
    const [k] = fc.sample(kernelArbitrary([3, 3, 2, 4]), { numRuns: 1, seed: 1 });
    expect(k?.data.length).toBe(72);
    expect(k?.data.length).not.toBe([3, 3, 4, 4].reduce((a, b) => a * b, 1));
  });

  test.each([
    [[], /shape must be a non-empty array of positive integers/],
    [[3, 0], /shape must be a non-empty array of positive integers/],
    ['3x3', /shape must be a non-empty array/],
  ])('refuses shape %j', (shape, message) => {
    expect(() => kernelArbitrary(shape as never)).toThrow(LayerproofError);
    expect(() => kernelArbitrary(shape as never)).toThrow(message);
  });

  test('refuses a range with min above max', () => {
    expect(() => kernelArbitrary([2], { min: 1, max: -1 })).toThrow(/constraints\.max must be at least constraints\.min/);
  });
});
