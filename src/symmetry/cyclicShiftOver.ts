import { remapImageOver } from './remapImageOver.js';

/**
 * The cyclic shift of an array `[H, W, …]` by `[a, b]` (rows, columns), every channel alike:
 * $(S_{a,b}\,x)[h, w] = x[(h - a) \bmod H,\ (w - b) \bmod W]$, as `cyclicTranslation` and `tf.roll`.
 */
export function cyclicShiftOver<T>(x: readonly T[], shape: readonly number[], shift: readonly [number, number]): T[] {
  const [height = 1, width = 1] = shape;
  const mod = (v: number, n: number): number => ((v % n) + n) % n;
  return remapImageOver('cyclicShift', x, shape, [height, width], (h, w) => [mod(h - shift[0], height), mod(w - shift[1], width)]);
}
