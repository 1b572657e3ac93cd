import fc from 'fast-check';
import { createRng, type Padding } from '../../src/index.js';

/** A convolution geometry within the ranges the foundation issue names. */
export interface ConvCase {
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly cout: number;
  readonly kh: number;
  readonly kw: number;
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly padding: Padding;
}

export const paddingArb: fc.Arbitrary<Padding> = fc.oneof(
  fc.constant('valid' as const),
  fc.constant('same' as const),
  fc.tuple(fc.tuple(fc.nat(2), fc.nat(2)), fc.tuple(fc.nat(2), fc.nat(2))),
);

/** Fits: the output is at least 1×1 (other cases are the fuzz test's). */
export function fits(c: ConvCase): boolean {
  if (c.padding === 'same') return true;
  const [[t, b], [l, r]] = c.padding === 'valid' ? [[0, 0], [0, 0]] : c.padding;
  return c.h + t + b >= (c.kh - 1) * c.dilations[0] + 1 && c.w + l + r >= (c.kw - 1) * c.dilations[1] + 1;
}

export function convCaseArb(opts: { tfjsCompatible?: boolean; maxChannels?: number } = {}): fc.Arbitrary<ConvCase> {
  const maxC = opts.maxChannels ?? 4;
  return fc
    .record({
      h: fc.integer({ min: 1, max: 12 }),
      w: fc.integer({ min: 1, max: 12 }),
      cin: fc.integer({ min: 1, max: maxC }),
      cout: fc.integer({ min: 1, max: maxC }),
      kh: fc.integer({ min: 1, max: 5 }),
      kw: fc.integer({ min: 1, max: 5 }),
      strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      dilations: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      padding: paddingArb,
    })
    .map((c) => (opts.tfjsCompatible === true && Math.max(...c.strides) > 1 && Math.max(...c.dilations) > 1 ? { ...c, dilations: [1, 1] as [number, number] } : c))
    .filter(fits);
}

export function describeCase(c: ConvCase): string {
  const p = typeof c.padding === 'string' ? c.padding : JSON.stringify(c.padding);
  return `x=[1,${c.h},${c.w},${c.cin}] k=${c.kh}x${c.kw}x${c.cout} s=${c.strides.join('x')} p=${p} d=${c.dilations.join('x')}`;
}

/** Deterministic data in [-1, 1] from a seed (fast-check drives the seed, so cases replay). */
export function uniformData(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng() * 2 - 1);
}

/** Small integers in [-3, 3], so float sums are exact. */
export function integerData(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => Math.floor(rng() * 7) - 3);
}
