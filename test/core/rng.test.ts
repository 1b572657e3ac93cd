import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { describe, expect, test } from 'vitest';
import { createRng, randomInt } from '../../src/index.js';

/** Share of the first draws of seeds 0..n−1 that fall below 1/2 (0.5 for a good seeding). */
function firstDrawsBelowHalf(first: (seed: number) => number, n = 2000): number {
  let below = 0;
  for (let s = 0; s < n; s++) if (first(s) < 0.5) below++;
  return below / n;
}

describe('createRng', () => {
  test('the same seed gives the same sequence; another seed another one', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
  });

  test('first draws of consecutive seeds 0..1999 are spread evenly (share below 1/2 within 0.45..0.55)', () => {
    const share = firstDrawsBelowHalf((s) => createRng(s)());
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });

  test('negative control: pure-rand xoroshiro128+ seeded directly fails that check (its first draws are all near 1)', () => {
    const share = firstDrawsBelowHalf((s) => uniformFloat64(xoroshiro128plus(s)));
    expect(share).toBeLessThan(0.45);
  });

  test('randomInt stays in [min, max] and reaches both ends', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => randomInt(rng, -2, 2)));
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2]);
  });
});
