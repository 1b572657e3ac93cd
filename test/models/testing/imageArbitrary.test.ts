import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { imageArbitrary, type GeneratedImage } from '../../../src/models/testing/imageArbitrary.js';

/** Why an image breaks [h, w, c] and [min, max], or undefined. */
function violation(image: GeneratedImage, h: number, w: number, c: number, min: number, max: number): string | undefined {
  if (image.shape.join() !== [h, w, c].join()) return 'shape';
  if (!(image.data instanceof Float32Array) || image.data.length !== h * w * c) return 'length';
  if (image.data.some((v) => !(v >= min && v <= max) || Object.is(v, -0))) return 'value out of range';
  return undefined;
}

// Tenths, mostly not float32 numbers: the arbitrary must round its bounds inwards.
const bounds = fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 1, max: 3000 })).map(([lo, span]) => [lo / 10, (lo + span) / 10] as const);
const dims = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }));
const withImage = fc.tuple(dims, bounds).chain(([[h, w, c], [min, max]]) =>
  imageArbitrary({ height: h, width: w, channels: c, min, max }).map((image) => ({ image, h, w, c, min, max })));

describe('the image arbitrary', () => {
  test.prop([withImage], { numRuns: 200 })('has the asked shape, float32 data and values in [min, max] (bounds that float32 cannot hold included)', ({ image, h, w, c, min, max }) => {
    expect(violation(image, h, w, c, min, max)).toBeUndefined();
  });

  test.prop([withImage, fc.nat()])('negative control: the check catches the same image with one value pushed just above max', ({ image, h, w, c, min, max }, i) => {
    const data = Float32Array.from(image.data);
    data[i % data.length] = max + Math.max(1, Math.abs(max));
    expect(violation({ ...image, data }, h, w, c, min, max)).toBe('value out of range');
  });

  test('a range of one float32 number gives that number', () => {
    const [s] = fc.sample(imageArbitrary({ height: 1, width: 2, channels: 1, min: 0.5, max: 0.5 }), { numRuns: 1, seed: 1 });
    expect(Array.from(s?.data ?? [])).toEqual([0.5, 0.5]);
  });

  test('defaults to [−1, 1]; shrinks an image that is not all zero to a single non-zero value', () => {
    const samples = fc.sample(imageArbitrary({ height: 4, width: 4, channels: 3 }), { numRuns: 50, seed: 1 });
    expect(samples.every((s) => s.data.every((v) => v >= -1 && v <= 1))).toBe(true);
    expect(samples.some((s) => s.data.some((v) => v < -0.5)) && samples.some((s) => s.data.some((v) => v > 0.5))).toBe(true);
    const run = fc.check(fc.property(imageArbitrary({ height: 3, width: 3, channels: 2 }), (s) => s.data.every((v) => v === 0)), { seed: 2 });
    expect(run.counterexample?.[0].data.filter((v) => v !== 0)).toHaveLength(1);
  });

  test.each([
    [{ height: 0, width: 2, channels: 1 }, /constraints\.height must be a positive integer/],
    [{ height: 2, width: 2.5, channels: 1 }, /constraints\.width must be a positive integer/],
    [{ height: 2, width: 2 }, /constraints\.channels must be a positive integer/],
    [{ height: 2, width: 2, channels: 1, min: 1, max: 0 }, /constraints\.max must be at least constraints\.min \(1\)/],
    [{ height: 2, width: 2, channels: 1, min: Number.NaN }, /constraints\.min must be a finite number/],
    [{ height: 2, width: 2, channels: 1, min: 0.1, max: 0.1 }, /constraints\.max must be at least constraints\.min \(0\.1\), with a float32 value between them/],
    [null, /constraints must be an object/],
  ])('refuses %j', (c, message) => {
    expect(() => imageArbitrary(c as never)).toThrow(LayerproofError);
    expect(() => imageArbitrary(c as never)).toThrow(message);
  });
});
