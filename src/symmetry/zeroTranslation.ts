import { LayerproofError } from '../core/LayerproofError.js';
import { nonNegativeInteger, plainObject } from '../core/validate.js';
import { randomInt } from '../core/rng.js';
import { borderBand, type BorderLayer } from './borderBand.js';
import type { GroupAction } from './GroupAction.js';
import { imageLayout, remapPixels, type ShapedArray } from './ShapedArray.js';
import { checkShift, formatShift, shiftSize, shiftStep, type Shift } from './Shift.js';

export interface ZeroTranslationOptions {
  /** Shifts are multiples of this, per axis: `s` or `[sh, sw]`. Default 1. */
  readonly step?: number | readonly [number, number];
  /** Largest |shift| along each axis. Default: the image's height − 1 and width − 1 (any shift that keeps a pixel). */
  readonly maxShift?: number;
  /**
   * The zero-padded layers of the map under test: the output positions of their `borderBand` are
   * left out of the comparison, where a zero-padded layer is not expected to commute with the
   * shift. Default: none (every position is compared).
   */
  readonly border?: BorderLayer | readonly BorderLayer[];
}

/**
 * Translations with zero fill of images `[..., H, W, C]`: $(g\cdot x)[h, w] = x[h - a, w - b]$ where
 * that is inside the image, 0 elsewhere, for $g = (a, b)$. Not a group (what is pushed out is lost),
 * but a convolution with zero padding commutes with these shifts away from a band along the border:
 * give the layers as `border` and an equivariance check leaves that band out. Elements are the
 * shifts with $|a| \le$ `maxShift` (multiples of the step): $(2H - 1)(2W - 1)$ of them by default.
 */
export function zeroTranslation(options: ZeroTranslationOptions = {}): GroupAction<Shift> {
  const op = 'zeroTranslation';
  const o = plainObject(op, 'options', options);
  const step = shiftStep(op, o.step);
  const maxShift = o.maxShift === undefined ? undefined : nonNegativeInteger(op, 'options.maxShift', o.maxShift);
  const border = o.border as ZeroTranslationOptions['border'];
  /** How many multiples of the step fit on each side, per axis. */
  const reach = (x: ShapedArray): [number, number] => {
    const { height, width } = imageLayout(op, 'x.shape', x.shape);
    return [Math.floor(Math.min(maxShift ?? height - 1, height - 1) / step[0]), Math.floor(Math.min(maxShift ?? width - 1, width - 1) / step[1])];
  };
  const signed = (i: number, r: number, s: number): number => (i <= r ? i : r - i) * s;
  return {
    name: step[0] === 1 && step[1] === 1 ? 'zero-fill translation' : `zero-fill translation by multiples of (${step.join(', ')})`,
    validate: (check, argument, x) => void imageLayout(check, argument, x.shape),
    apply(x, g) {
      const [a, b] = checkShift(op, g, step);
      const layout = imageLayout(op, 'x.shape', x.shape);
      const { height: H, width: W } = layout;
      return remapPixels(x, layout, [H, W], (h, w) => (h - a >= 0 && h - a < H && w - b >= 0 && w - b < W ? [h - a, w - b] : undefined));
    },
    order(x) {
      const [r, c] = reach(x);
      return (2 * r + 1) * (2 * c + 1);
    },
    *elements(x) {
      const [r, c] = reach(x);
      for (let i = 0; i <= 2 * r; i++) for (let j = 0; j <= 2 * c; j++) yield [signed(i, r, step[0]), signed(j, c, step[1])] as const;
    },
    random(x, rng) {
      const [r, c] = reach(x);
      return [signed(randomInt(rng, 0, 2 * r), r, step[0]), signed(randomInt(rng, 0, 2 * c), c, step[1])];
    },
    describe: (g) => `shift by ${formatShift(g)} (rows, columns) with zero fill`,
    kind: (g) => (shiftSize(g) === 0 ? 'identity' : 'zero-fill translation'),
    size: shiftSize,
    ...(border !== undefined && { ignored: (g: Shift, y: ShapedArray, x: ShapedArray) => borderMask(op, border, g, y, x) }),
  };
}

/** 1 on the output entries in the border band of `layers` for the input shift g, as `y` lays them out. */
export function borderMask(op: string, layers: BorderLayer | readonly BorderLayer[], g: Shift, y: ShapedArray, x: ShapedArray): Uint8Array {
  const input = imageLayout(op, 'x.shape', x.shape);
  const output = imageLayout(op, 'f(x).shape', y.shape);
  const band = borderBand({ inputSize: [input.height, input.width], layers, shift: g });
  if (band.outputSize[0] !== output.height || band.outputSize[1] !== output.width) {
    throw LayerproofError.invalid({
      op, argument: 'options.border', value: layers,
      expected: `layers that turn a ${input.height}×${input.width} input into the ${output.height}×${output.width} output f returns ` +
        `(these give ${band.outputSize.join('×')})`,
    });
  }
  const rows = new Set(band.rows);
  const columns = new Set(band.columns);
  const mask = new Uint8Array(y.data.length);
  const { batch, height, width, channels } = output;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < height; h++) {
      for (let w = 0; w < width; w++) {
        if (rows.has(h) || columns.has(w)) mask.fill(1, ((b * height + h) * width + w) * channels, ((b * height + h) * width + w + 1) * channels);
      }
    }
  }
  return mask;
}
