import { remapImageOver } from './remapImageOver.js';

/**
 * The translation with zero fill of an array `[H, W, …]` by `[a, b]`, as `zeroTranslation`:
 * $(S^0_{a,b}\,x)[h, w] = x[h - a, w - b]$ where that pixel exists, `zero` elsewhere.
 */
export function zeroShiftOver<T>(x: readonly T[], shape: readonly number[], shift: readonly [number, number], zero: T): T[] {
  const [height = 1, width = 1] = shape;
  return remapImageOver('zeroShift', x, shape, [height, width], (h, w) => {
    const [i, j] = [h - shift[0], w - shift[1]];
    return i >= 0 && i < height && j >= 0 && j < width ? [i, j] : undefined;
  }, zero);
}
