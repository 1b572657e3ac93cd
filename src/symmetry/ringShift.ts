import { randomInt, type Rng } from '../core/rng.js';
import type { Shift } from './Shift.js';

/**
 * A shift of size s drawn uniformly: one of the 8s shifts (a, b) with max(|a|, |b|) = s, the pixels
 * of the square ring at distance s. Walks the ring's four sides of 2s pixels each, corners once.
 */
export function ringShift(rng: Rng, s: number): Shift {
  const k = randomInt(rng, 0, 8 * s - 1);
  const side = Math.floor(k / (2 * s));
  const t = (k % (2 * s)) - s;
  return side === 0 ? [-s, t] : side === 1 ? [t, s] : side === 2 ? [s, -t] : [-t, -s];
}
