import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';
import { randomInt } from '../core/rng.js';
import type { GroupAction } from './GroupAction.js';
import { imageLayout, remapPixels, type ShapedArray } from './ShapedArray.js';
import { checkShift, formatShift, shiftSize, shiftStep, type Shift } from './Shift.js';

export interface CyclicTranslationOptions {
  /**
   * Shifts are multiples of this, per axis: `s` or `[sh, sw]`. Default 1. A stride-s layer
   * commutes with shifts by multiples of s only (`stridedTranslation` pairs it with the output's action).
   */
  readonly step?: number | readonly [number, number];
}

/**
 * The cyclic translations of images `[..., H, W, C]` (the torus $\mathbb Z_H \times \mathbb Z_W$):
 * $(g\cdot x)[h, w] = x[(h - a) \bmod H, (w - b) \bmod W]$ for $g = (a, b)$, every channel alike, as
 * `tf.roll` does. A convolution with circular padding commutes with every one of them. Elements are
 * named by their representative in $(-H/2, H/2]$, so that a shift by $H - 1$ reads as $-1$.
 * Order $HW/(s_h s_w)$: all 256 shifts of a 16×16 image are listed by default.
 */
export function cyclicTranslation(options: CyclicTranslationOptions = {}): GroupAction<Shift> {
  const op = 'cyclicTranslation';
  const step = shiftStep(op, plainObject(op, 'options', options).step);
  const sizes = (x: ShapedArray): [number, number] => {
    const { height, width } = imageLayout(op, 'x.shape', x.shape);
    return [height / step[0], width / step[1]];
  };
  const signed = (i: number, n: number, s: number): number => (i > n / 2 ? i - n : i) * s;
  return {
    name: step[0] === 1 && step[1] === 1 ? 'cyclic translation' : `cyclic translation by multiples of (${step.join(', ')})`,
    validate(check, argument, x) {
      const { height, width } = imageLayout(check, argument, x.shape);
      if (height % step[0] !== 0 || width % step[1] !== 0) {
        throw LayerproofError.invalid({
          op: check, argument, value: x.shape,
          expected: `an image whose height and width are multiples of the step (${step.join(', ')}), so that shifts by the step form a cyclic group`,
        });
      }
    },
    apply(x, g) {
      const [a, b] = checkShift(op, g, step);
      const layout = imageLayout(op, 'x.shape', x.shape);
      const { height: H, width: W } = layout;
      const mod = (v: number, n: number): number => ((v % n) + n) % n;
      return remapPixels(x, layout, [H, W], (h, w) => [mod(h - a, H), mod(w - b, W)]);
    },
    order(x) {
      const [n, m] = sizes(x);
      return Math.floor(n) * Math.floor(m);
    },
    *elements(x) {
      const [n, m] = sizes(x);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) yield [signed(i, n, step[0]), signed(j, m, step[1])] as const;
    },
    random(x, rng) {
      const [n, m] = sizes(x);
      return [signed(randomInt(rng, 0, Math.floor(n) - 1), n, step[0]), signed(randomInt(rng, 0, Math.floor(m) - 1), m, step[1])];
    },
    describe: (g) => `cyclic shift by ${formatShift(g)} (rows, columns)`,
    kind: (g) => (shiftSize(g) === 0 ? 'identity' : 'cyclic translation'),
    size: shiftSize,
  };
}
