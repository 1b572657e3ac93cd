import { nonNegativeInteger } from '../core/validate.js';
import { LayerproofError } from '../core/LayerproofError.js';
import { randomInt, type Rng } from '../core/rng.js';

/**
 * A uniformly random permutation of $0, \dots, n-1$ (Fisher–Yates), reproducible from the
 * seeded `rng` (`createRng(seed)`).
 */
export function randomPermutation(n: number, rng: Rng): number[] {
  const op = 'randomPermutation';
  nonNegativeInteger(op, 'n', n);
  if (typeof rng !== 'function') throw LayerproofError.invalid({ op, argument: 'rng', value: rng, expected: 'a seeded generator from createRng(seed)' });
  const p = Array.from({ length: n }, (_v, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(rng, 0, i);
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}
