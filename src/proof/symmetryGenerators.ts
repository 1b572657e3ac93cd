import fc from 'fast-check';
import type { ClaimValue } from './ClaimValue.js';
import { circularFamily, positive, strideFamily, stridePadding, tileFamily } from './symmetryFamilies.js';
import type { VariableGenerator } from './VariableGenerator.js';

/** Largest input of the float64 generators: 6×6 for strided and tiled layers, 4×4 (by default) for circular ones, whose dense matrices the spectrum claims decompose. */
const MAX_SIZE = 6;

/** A member of a family drawn by index: fast-check shrinks it towards the first, the smallest. */
function member(values: readonly ClaimValue[]): fc.Arbitrary<ClaimValue> {
  return fc.integer({ min: 0, max: values.length - 1 }).map((i) => values[i] as ClaimValue);
}

/**
 * Generators of the symmetry and spectrum proofs: geometries with a chosen stride on inputs the
 * stride divides, circular geometries, and pooling windows that tile the input. Each draws from
 * the same list that a bounded proof runs over (smaller bounds there).
 */
export function symmetryGenerators(): Record<string, VariableGenerator> {
  return {
    strideGeometry: {
      signature: 'strideGeometry(padding, s, maxSize)',
      phrase: ([p, s = '1', m = String(MAX_SIZE)]) => `a convolution geometry with strides $${s}$ on an input $H\\times W\\times C_{\\mathrm{in}}$ whose sizes $${s}$ divides ($H, W \\le ${m}$), $C_{\\mathrm{in}}, C_{\\mathrm{out}} \\le 2$, kernel up to $3\\times 3$, dilations in $\\{1, 2\\}$, zero padding ${p === undefined ? 'valid, same or explicit' : `$${p}$`}`,
      finite: false,
      create: (args) => {
        const kind = stridePadding('strideGeometry', args[0]);
        const s = positive('strideGeometry', 's', args[1], 1, 3);
        const max = positive('strideGeometry', 'maxSize', args[2], MAX_SIZE, MAX_SIZE);
        return { arbitrary: member(strideFamily(max, 2, 3, kind, s)) };
      },
    },
    circularGeometry: {
      signature: 'circularGeometry(s, maxSize)',
      phrase: ([s = '1', m = '4']) => `a circular convolution geometry with strides $${s}$: input $H\\times W\\times C_{\\mathrm{in}}$ with $H, W \\le ${m}$ multiples of $${s}$, $C_{\\mathrm{in}}, C_{\\mathrm{out}} \\le 2$, kernel up to $3\\times 3$ and dilations in $\\{1, 2\\}$ spanning at most the input, the pads of 'same' read as wrap-around`,
      finite: false,
      create: (args) => {
        const s = positive('circularGeometry', 's', args[0], 1, 3);
        const max = positive('circularGeometry', 'maxSize', args[1], 4, MAX_SIZE);
        return { arbitrary: member(circularFamily(max, 2, 3, s)) };
      },
    },
    tilePool: {
      signature: 'tilePool(k)',
      phrase: ([k = '2']) => `a pooling geometry whose $${k}\\times ${k}$ windows tile the input (stride $${k}$, 'valid', $H, W \\le ${MAX_SIZE}$ multiples of $${k}$, $C \\le 2$)`,
      finite: false,
      create: (args) => {
        const k = positive('tilePool', 'k', args[0], 2, 3);
        return { arbitrary: member(tileFamily(MAX_SIZE, 2, k)) };
      },
    },
  };
}
