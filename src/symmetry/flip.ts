import { LayerproofError } from '../core/LayerproofError.js';
import { randomInt } from '../core/rng.js';
import type { GroupAction } from './GroupAction.js';
import { imageLayout, remapPixels } from './ShapedArray.js';

/** An element of the flip group: none, the columns reversed, the rows reversed, or both (a 180° rotation). */
export type FlipElement = 'identity' | 'horizontal' | 'vertical' | 'both';

/** Which flips generate the group. */
export type FlipDirection = 'horizontal' | 'vertical' | 'both';

const ELEMENTS: Record<FlipDirection, readonly FlipElement[]> = {
  horizontal: ['identity', 'horizontal'],
  vertical: ['identity', 'vertical'],
  both: ['identity', 'horizontal', 'vertical', 'both'],
};

const WORDS: Record<FlipElement, string> = {
  identity: 'identity (no flip)',
  horizontal: 'horizontal flip (columns reversed: w ↦ W − 1 − w)',
  vertical: 'vertical flip (rows reversed: h ↦ H − 1 − h)',
  both: 'both flips (rows and columns reversed: a 180° rotation)',
};

/**
 * Flips of images `[..., H, W, C]`: `'horizontal'` is the group {identity, left–right mirror},
 * `'vertical'` {identity, up–down mirror}, `'both'` (default) all four (Klein's four-group). A
 * convolution commutes with a flip exactly when its kernel is symmetric under it:
 * flip(conv(x, K)) = conv(flip(x), flip(K)).
 */
export function flip(direction: FlipDirection = 'both'): GroupAction<FlipElement> {
  const op = 'flip';
  if (!(direction in ELEMENTS)) throw LayerproofError.invalid({ op, argument: 'direction', value: direction, expected: "'horizontal', 'vertical' or 'both'" });
  const elements = ELEMENTS[direction];
  return {
    name: direction === 'both' ? 'flips' : `${direction} flip`,
    validate: (check, argument, x) => void imageLayout(check, argument, x.shape),
    apply(x, g) {
      if (!elements.includes(g)) throw LayerproofError.invalid({ op, argument: 'g', value: g, expected: `one of ${elements.map((e) => `'${e}'`).join(', ')}` });
      const layout = imageLayout(op, 'x.shape', x.shape);
      const { height: H, width: W } = layout;
      const rows = g === 'vertical' || g === 'both';
      const columns = g === 'horizontal' || g === 'both';
      return remapPixels(x, layout, [H, W], (h, w) => [rows ? H - 1 - h : h, columns ? W - 1 - w : w]);
    },
    order: () => elements.length,
    elements: () => elements,
    random: (_x, rng) => elements[randomInt(rng, 0, elements.length - 1)] ?? 'identity',
    describe: (g) => WORDS[g],
    kind: (g) => (g === 'identity' ? 'identity' : g === 'both' ? 'both flips' : `${g} flip`),
    size: (g) => (g === 'identity' ? 0 : g === 'both' ? 2 : 1),
  };
}
