import { LayerproofError } from '../core/LayerproofError.js';
import { randomInt } from '../core/rng.js';
import type { GroupAction } from './GroupAction.js';
import { imageLayout, remapPixels } from './ShapedArray.js';

/** Quarter turns counterclockwise: 0 (identity), 1 (90°), 2 (180°), 3 (270°). */
export type QuarterTurns = 0 | 1 | 2 | 3;

/**
 * The four rotations by multiples of 90° of square images `[..., n, n, C]` (the group $C_4$), counterclockwise
 * as `numpy.rot90`: one quarter turn gives $(g\cdot x)[i, j] = x[j, n - 1 - i]$. A convolution commutes with them
 * when its kernel is invariant under the same rotation.
 */
export function rotation90(): GroupAction<QuarterTurns> {
  const op = 'rotation90';
  const square = (check: string, argument: string, shape: readonly number[]): void => {
    const { height, width } = imageLayout(check, argument, shape);
    if (height !== width) {
      throw LayerproofError.invalid({ op: check, argument, value: shape, expected: `a square image (height = width): a quarter turn of a ${height}×${width} image is ${width}×${height}` });
    }
  };
  return {
    name: 'rotation by 90°',
    validate: (check, argument, x) => square(check, argument, x.shape),
    apply(x, g) {
      if (g !== 0 && g !== 1 && g !== 2 && g !== 3) throw LayerproofError.invalid({ op, argument: 'g', value: g, expected: 'a number of quarter turns, 0, 1, 2 or 3' });
      square(op, 'x.shape', x.shape);
      const layout = imageLayout(op, 'x.shape', x.shape);
      const n = layout.height;
      const from = [
        (i: number, j: number): [number, number] => [i, j],
        (i: number, j: number): [number, number] => [j, n - 1 - i],
        (i: number, j: number): [number, number] => [n - 1 - i, n - 1 - j],
        (i: number, j: number): [number, number] => [n - 1 - j, i],
      ][g];
      return remapPixels(x, layout, [n, n], from ?? ((i, j) => [i, j]));
    },
    order: () => 4,
    elements: () => [0, 1, 2, 3] as const,
    random: (_x, rng) => randomInt(rng, 0, 3) as QuarterTurns,
    describe: (g) => (g === 0 ? 'identity (no rotation)' : `rotation by ${90 * g}° counterclockwise`),
    kind: (g) => (g === 0 ? 'identity' : `rotation by ${90 * g}°`),
    size: (g) => Math.min(g, 4 - g),
  };
}
