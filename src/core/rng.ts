import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A seeded source of uniform numbers in [0, 1); the only randomness layerproof uses. */
export type Rng = () => number;

/** A reproducible generator (xoroshiro128+ from pure-rand, fast-check's own PRNG). */
export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(gen);
}

/** Integer uniform in [min, max] (inclusive). */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
