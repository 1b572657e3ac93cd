import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** A seeded source of uniform numbers in [0, 1); the only randomness layerproof uses. */
export type Rng = () => number;

/** MurmurHash3's 32-bit finaliser: spreads nearby seeds over the whole 32-bit range. */
export function mixSeed32(seed: number): number {
  let h = seed | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * A reproducible generator (xoroshiro128+ from pure-rand, fast-check's own PRNG). pure-rand
 * seeds xoroshiro128+ with the seed in one word and constants in the others, so its first
 * draws for small seeds are all close to 1 (seeds 0 to 9,999: mean first draw 1.000). The
 * seed is therefore hashed and the generator jumped 2⁶⁴ steps ahead before use.
 */
export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(mixSeed32(seed));
  gen.jump();
  return () => uniformFloat64(gen);
}

/** Integer uniform in [min, max] (inclusive). */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
