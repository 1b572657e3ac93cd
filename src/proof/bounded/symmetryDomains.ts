import type { ClaimValue } from '../ClaimValue.js';
import { circularFamily, positive, strideFamily, stridePadding, tileFamily, type StridePadding } from '../symmetryFamilies.js';
import type { BoundedGenerator, FamilyDomain } from './boundedDomains.js';

function family(values: ClaimValue[], description: string): FamilyDomain {
  return { kind: 'family', size: values.length, values: () => values, description };
}

const PADDING_WORDS: Readonly<Record<StridePadding, string>> = {
  valid: "'valid' padding", same: "'same' padding", explicit: 'explicit padding (one cell on any one side, or on every side)',
  any: "'valid', 'same' and explicit padding (one cell on any one side, or on every side)",
  symmetric: "every padding ('valid', 'same', explicit) that a flip maps to itself",
  isotropic: "square inputs, square kernels and every padding that the flips and the rotations by 90° map to itself",
};

function strideGeometries(args: readonly unknown[]): FamilyDomain {
  const op = 'strideGeometries';
  const [m, c, k] = [positive(op, 'maxSize', args[0], 3), positive(op, 'maxChannels', args[1], 2), positive(op, 'maxKernel', args[2], 3)];
  const p = stridePadding(op, args[3]);
  const s = positive(op, 's', args[4], 1, 3);
  return family(strideFamily(m, c, k, p, s), `every convolution geometry with strides ${s}, $H, W \\le ${m}$ multiples of ${s}, $C_{\\mathrm{in}}, C_{\\mathrm{out}} \\le ${c}$, kernels up to $${k}\\times ${k}$, dilations in $\\{1, 2\\}$, ${PADDING_WORDS[p]}`);
}

function circularGeometries(args: readonly unknown[]): FamilyDomain {
  const op = 'circularGeometries';
  const [m, c, k] = [positive(op, 'maxSize', args[0], 3), positive(op, 'maxChannels', args[1], 2), positive(op, 'maxKernel', args[2], 3)];
  const s = positive(op, 's', args[3], 1, 3);
  return family(circularFamily(m, c, k, s), `every circular convolution geometry with strides ${s}, $H, W \\le ${m}$ multiples of ${s}, $C_{\\mathrm{in}}, C_{\\mathrm{out}} \\le ${c}$, kernels up to $${k}\\times ${k}$ and dilations in $\\{1, 2\\}$ spanning at most the input`);
}

function tilePools(args: readonly unknown[]): FamilyDomain {
  const op = 'tilePools';
  const [m, c] = [positive(op, 'maxSize', args[0], 4), positive(op, 'maxChannels', args[1], 2)];
  const k = positive(op, 'k', args[2], 2, 3);
  return family(tileFamily(m, c, k), `every pooling geometry whose $${k}\\times ${k}$ windows tile an input with $H, W \\le ${m}$, $C \\le ${c}$`);
}

/**
 * The bounded forms of the symmetry generators: `strideGeometry(p, s, maxSize)` runs over
 * `strideGeometries(3, 2, 3, p, s)` (sizes up to 4 for s = 2, and never above maxSize),
 * `circularGeometry(s, maxSize)` over `circularGeometries(3, 2, 3, s)` (likewise) and `tilePool(k)`
 * over `tilePools(4, 2, k)`, unless a claim's `over:` says otherwise.
 */
export function symmetryDomains(): Record<string, BoundedGenerator> {
  const sizeFor = (s: number): number => (s === 1 ? 3 : 2 * s);
  return {
    strideGeometry: (args) => {
      const s = positive('strideGeometry', 's', args[1], 1, 3);
      return strideGeometries([Math.min(sizeFor(s), positive('strideGeometry', 'maxSize', args[2], 8)), 2, 3, args[0], s]);
    },
    circularGeometry: (args) => {
      const s = positive('circularGeometry', 's', args[0], 1, 3);
      return circularGeometries([Math.min(sizeFor(s), positive('circularGeometry', 'maxSize', args[1], 8)), 2, 3, s]);
    },
    tilePool: (args) => tilePools([4, 2, args[0]]),
    strideGeometries,
    circularGeometries,
    tilePools,
  };
}
