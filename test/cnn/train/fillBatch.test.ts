import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CIFAR_PIXELS, computeNormalisation, createRng, fillBatch, mixSeed, type CifarImages, type Normalisation } from '../../../src/index.js';

const norm: Normalisation = { mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.3] };

function image(seed: number): CifarImages {
  const rng = createRng(seed);
  return { count: 1, pixels: Uint8Array.from({ length: CIFAR_PIXELS }, () => Math.floor(rng() * 256)), labels: Uint8Array.of(3) };
}

/** The (dy, dx, flip) whose shifted, mirrored copy of `src` (black outside) equals `out`, if any. */
function findShift(src: CifarImages, out: Float32Array, pad: number): { dy: number; dx: number; flip: boolean } | undefined {
  const value = (h: number, w: number, c: number): number =>
    h < 0 || h >= 32 || w < 0 || w >= 32 ? -(norm.mean[c] as number) / (norm.std[c] as number)
      : ((src.pixels[(h * 32 + w) * 3 + c] as number) / 255 - (norm.mean[c] as number)) / (norm.std[c] as number);
  for (const flip of [false, true]) {
    for (let dy = -pad; dy <= pad; dy++) {
      for (let dx = -pad; dx <= pad; dx++) {
        let same = true;
        for (let h = 0; h < 32 && same; h++) {
          for (let w = 0; w < 32 && same; w++) {
            for (let c = 0; c < 3 && same; c++) {
              same = Math.abs((out[(h * 32 + w) * 3 + c] as number) - value(h + dy, (flip ? 31 - w : w) + dx, c)) < 1e-5;
            }
          }
        }
        if (same) return { dy, dx, flip };
      }
    }
  }
  return undefined;
}

describe('fillBatch: normalisation and augmentation', () => {
  test('without augmentation each pixel is (x/255 − μ_c)/σ_c', () => {
    const src = image(1);
    const out = new Float32Array(CIFAR_PIXELS);
    fillBatch(src, [0], norm, out);
    for (const k of [0, 1, 2, 1000, 3071]) {
      const c = k % 3;
      expect(out[k]).toBeCloseTo(((src.pixels[k] as number) / 255 - (norm.mean[c] as number)) / (norm.std[c] as number), 5);
    }
  });

  test.prop([fc.nat(), fc.nat()], { numRuns: 15 })('an augmented image is a shift by at most 4 pixels (black outside) and maybe a mirror of its source', (imageSeed, rngSeed) => {
    const src = image(imageSeed);
    const out = new Float32Array(CIFAR_PIXELS);
    fillBatch(src, [0], norm, out, { augmentation: { pad: 4, flip: true }, rng: createRng(rngSeed) });
    expect(findShift(src, out, 4)).toBeDefined();
  });

  test('negative control: another image is no shift or mirror of the source', () => {
    const out = new Float32Array(CIFAR_PIXELS);
    fillBatch(image(2), [0], norm, out, { augmentation: { pad: 4, flip: true }, rng: createRng(5) });
    expect(findShift(image(1), out, 4)).toBeUndefined();
  });

  test('the draws use every shift and both orientations, and the same generator gives the same batch', () => {
    const src = image(3);
    const seen = new Set<string>();
    for (let s = 0; s < 400; s++) {
      const out = new Float32Array(CIFAR_PIXELS);
      fillBatch(src, [0], norm, out, { augmentation: { pad: 1, flip: true }, rng: createRng(mixSeed(s)) });
      const shift = findShift(src, out, 1);
      seen.add(JSON.stringify(shift));
    }
    expect(seen.size).toBe(18);
    const a = new Float32Array(CIFAR_PIXELS);
    const b = new Float32Array(CIFAR_PIXELS);
    fillBatch(src, [0], norm, a, { augmentation: { pad: 4, flip: true }, rng: createRng(9) });
    fillBatch(src, [0], norm, b, { augmentation: { pad: 4, flip: true }, rng: createRng(9) });
    expect(a).toEqual(b);
  });

  test('computeNormalisation: channel means and standard deviations of the pixels in [0, 1]', () => {
    const pixels = new Uint8Array(2 * CIFAR_PIXELS);
    for (let i = 0; i < pixels.length; i++) pixels[i] = i % 3 === 0 ? 255 : i % 3 === 1 ? (i % 2 === 0 ? 0 : 255) : 51;
    const n = computeNormalisation({ count: 2, pixels, labels: new Uint8Array(2) });
    expect(n.mean[0]).toBeCloseTo(1, 10);
    expect(n.mean[1]).toBeCloseTo(0.5, 10);
    expect(n.mean[2]).toBeCloseTo(0.2, 10);
    expect(n.std[1]).toBeCloseTo(0.5, 10);
  });
});

/** The direct evaluation fillBatch's lookup table and column spans must reproduce exactly. */
function directFill(images: CifarImages, indices: readonly number[], n: Normalisation, out: Float32Array, shifts: readonly { dy: number; dx: number; flip: boolean }[]): void {
  for (const [k, index] of indices.entries()) {
    const { dy, dx, flip } = shifts[k] ?? { dy: 0, dx: 0, flip: false };
    for (let h = 0; h < 32; h++) {
      for (let w = 0; w < 32; w++) {
        const sh = h + dy;
        const sw = (flip ? 31 - w : w) + dx;
        for (let c = 0; c < 3; c++) {
          const scale = 1 / (255 * (n.std[c] as number));
          const shift = (n.mean[c] as number) / (n.std[c] as number);
          const v = sh < 0 || sh >= 32 || sw < 0 || sw >= 32 ? 0 : (images.pixels[index * CIFAR_PIXELS + (sh * 32 + sw) * 3 + c] as number);
          out[k * CIFAR_PIXELS + (h * 32 + w) * 3 + c] = v * scale - shift;
        }
      }
    }
  }
}

/** The shifts fillBatch draws from `seed` (same order of draws: dy, dx, flip per image). */
function drawnShifts(count: number, pad: number, flip: boolean, seed: number): { dy: number; dx: number; flip: boolean }[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const dy = Math.floor(rng() * (2 * pad + 1)) - pad;
    const dx = Math.floor(rng() * (2 * pad + 1)) - pad;
    return { dy, dx, flip: flip && rng() < 0.5 };
  });
}

describe('fillBatch: the fast path equals the direct evaluation bit for bit', () => {
  const several: CifarImages = {
    count: 3,
    pixels: Uint8Array.from({ length: 3 * CIFAR_PIXELS }, (_v, i) => (i * 131 + 7) % 256),
    labels: Uint8Array.of(0, 1, 2),
  };

  test.prop([fc.nat(), fc.integer({ min: 0, max: 40 }), fc.boolean()], { numRuns: 40 })('any seed, pad 0–40 (beyond the image too), with and without flips', (seed, pad, flip) => {
    const indices = [2, 0, 1, 2];
    const actual = new Float32Array(indices.length * CIFAR_PIXELS);
    const expected = new Float32Array(indices.length * CIFAR_PIXELS);
    fillBatch(several, indices, norm, actual, { augmentation: { pad, flip }, rng: createRng(seed) });
    directFill(several, indices, norm, expected, drawnShifts(indices.length, pad, flip, seed));
    expect(actual).toEqual(expected);
  });

  test('negative control: a mean off by 1e-6 in one channel is not equal', () => {
    const actual = new Float32Array(CIFAR_PIXELS);
    const expected = new Float32Array(CIFAR_PIXELS);
    fillBatch(several, [1], norm, actual);
    directFill(several, [1], { mean: [0.5, 0.4 + 1e-6, 0.3], std: norm.std }, expected, []);
    expect(actual).not.toEqual(expected);
  });
});
