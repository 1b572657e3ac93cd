import { permutationOf } from '../gcn/validatePermutation.js';
import type { GroupAction } from './GroupAction.js';
import { imageLayout, type ShapedArray } from './ShapedArray.js';
import { symmetricGroup } from './symmetricGroup.js';

/**
 * Permutations of the channels of images `[..., H, W, C]` (the last axis): channel c of g·x is
 * channel `p[c]` of x. A map that treats every channel alike (a depthwise convolution with one
 * kernel for all channels, element-wise activations) commutes with them; one that mixes channels
 * with a generic kernel does not. Order C!: every permutation is listed up to C = 5 by default.
 */
export function channelPermutation(): GroupAction<readonly number[]> {
  const op = 'channelPermutation';
  const channels = (x: ShapedArray): number => imageLayout(op, 'x.shape', x.shape).channels;
  return {
    name: 'channel permutation',
    validate: (check, argument, x) => void imageLayout(check, argument, x.shape),
    apply(x, g) {
      const C = channels(x);
      const p = permutationOf(op, 'g', g, C);
      const out = new Float64Array(x.data.length);
      for (let base = 0; base < out.length; base += C) for (let c = 0; c < C; c++) out[base + c] = x.data[base + (p[c] ?? c)] ?? 0;
      return { data: out, shape: [...x.shape] };
    },
    order: (x) => symmetricGroup.order(channels(x)),
    elements: (x) => symmetricGroup.elements(channels(x)),
    random: (x, rng) => symmetricGroup.random(channels(x), rng),
    describe: (g) => `channel permutation p = ${symmetricGroup.format(g)} (channel c of g·x is channel p[c] of x)`,
    kind: (g) => (symmetricGroup.size(g) === 0 ? 'identity' : 'channel permutation'),
    size: symmetricGroup.size,
  };
}
