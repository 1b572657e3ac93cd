import { LayerproofError } from '../../core/LayerproofError.js';
import { createRng, type Rng } from '../../core/rng.js';
import { mixSeed } from './mixSeed.js';

export interface Split {
  /** Indices into the training files' images, ascending. */
  readonly train: Int32Array;
  /** Indices of the validation images, ascending; disjoint from `train`. */
  readonly validation: Int32Array;
}

/**
 * A seeded, stratified validation split: each class gives the same fraction of its images
 * (rounded by largest remainder so the total is round(fraction·n)), drawn by a Fisher–Yates
 * shuffle of that class's indices. CIFAR-10's convention of 5,000 of 50,000 is fraction 0.1.
 */
export function stratifiedSplit(labels: ArrayLike<number>, fraction: number, seed: number): Split {
  const op = 'stratifiedSplit';
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw LayerproofError.invalid({ op, argument: 'fraction', value: fraction, expected: 'a number strictly between 0 and 1 (0.1 takes 5,000 of 50,000)' });
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    const list = byClass.get(c) ?? [];
    list.push(i);
    byClass.set(c, list);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const total = Math.round(fraction * labels.length);
  // Largest remainder: floor each class's quota, then give the leftover to the largest fractions.
  const quotas = classes.map((c) => fraction * (byClass.get(c)?.length ?? 0));
  const take = quotas.map((q) => Math.floor(q));
  const order = quotas.map((q, k) => ({ k, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.k - b.k);
  let left = total - take.reduce((a, b) => a + b, 0);
  for (const { k } of order) {
    if (left <= 0) break;
    take[k] = (take[k] as number) + 1;
    left--;
  }
  // Hashed: createRng's first draws are close together for nearby small seeds (0, 1, 2, …).
  const rng = createRng(mixSeed(seed, 'validation split'));
  const validation: number[] = [];
  classes.forEach((c, k) => {
    const list = shuffle(byClass.get(c) ?? [], rng);
    validation.push(...list.slice(0, take[k]));
  });
  if (validation.length === 0 || validation.length === labels.length) {
    throw LayerproofError.invalid({
      op, argument: 'fraction', value: fraction,
      expected: `a fraction that leaves both a validation and a training image of the ${labels.length} images`,
    });
  }
  const isValidation = new Uint8Array(labels.length);
  for (const i of validation) isValidation[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < labels.length; i++) if (isValidation[i] === 0) train.push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation).sort() };
}

/** Fisher–Yates shuffle of a copy, driven by a seeded generator. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = out[i] as T;
    out[i] = out[j] as T;
    out[j] = t;
  }
  return out;
}
