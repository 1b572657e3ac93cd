import fc from 'fast-check';
import { reshape, type ClaimValue } from './ClaimValue.js';

/**
 * A tensor of `shape` whose entries are read from a fixed buffer of `maxShape` (cell
 * (i, j, …) always from the same buffer slot). Why: when fast-check shrinks a size or a
 * geometry that this tensor depends on, it regenerates the tensor from the same random
 * stream; with a fixed buffer the surviving cells keep their values and the variables
 * drawn after this one keep theirs, so a counterexample shrinks to a small one instead of
 * being redrawn. Slots outside `shape` never shrink (they are not part of the value).
 * Shapes larger than `maxShape` get a plain array of their own size.
 */
export function bufferedTensor(shape: readonly number[], maxShape: readonly number[], entry: fc.Arbitrary<number>): fc.Arbitrary<ClaimValue> {
  const size = shape.reduce((a, b) => a * b, 1);
  const fits = shape.length === maxShape.length && shape.every((d, i) => d <= (maxShape[i] ?? 0));
  if (!fits) return fc.array(entry, { minLength: size, maxLength: size }).map((flat) => reshape(flat, shape));
  const total = maxShape.reduce((a, b) => a * b, 1);
  const strides = maxShape.map((_d, i) => maxShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const slotOf = (flatIndex: number): number => {
    let rest = flatIndex;
    let slot = 0;
    for (let k = shape.length - 1; k >= 0; k--) {
      const d = shape[k] ?? 1;
      slot += (rest % d) * (strides[k] ?? 0);
      rest = Math.floor(rest / d);
    }
    return slot;
  };
  const slots = Array.from({ length: size }, (_v, i) => slotOf(i));
  const used = new Set(slots);
  const cells = Array.from({ length: total }, (_v, s) => (used.has(s) ? entry : fc.noShrink(entry)));
  return fc.tuple(...cells).map((buffer) => reshape(slots.map((s) => buffer[s] ?? NaN), shape));
}
