import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { permuteAdjacency } from '../../src/gcn/permuteAdjacency.js';
import { permuteRows } from '../../src/gcn/permuteRows.js';
import { channelPermutation } from '../../src/symmetry/channelPermutation.js';
import { cyclicTranslation } from '../../src/symmetry/cyclicTranslation.js';
import { flip, type FlipElement } from '../../src/symmetry/flip.js';
import type { GroupAction } from '../../src/symmetry/GroupAction.js';
import { nodePermutation } from '../../src/symmetry/nodePermutation.js';
import { nodeRelabelling } from '../../src/symmetry/nodeRelabelling.js';
import { rotation90, type QuarterTurns } from '../../src/symmetry/rotation90.js';
import { shapedArray, type ShapedArray } from '../../src/symmetry/ShapedArray.js';
import type { Shift } from '../../src/symmetry/Shift.js';
import { stridedTranslation } from '../../src/symmetry/stridedTranslation.js';
import { zeroTranslation } from '../../src/symmetry/zeroTranslation.js';

/** A batch of images [b, h, w, c] with distinct entries, so that any misplaced pixel shows. */
const images = (square: boolean): fc.Arbitrary<ShapedArray> =>
  fc.record({ b: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 1, max: 5 }), w: fc.integer({ min: 1, max: 5 }), c: fc.integer({ min: 1, max: 3 }) })
    .map(({ b, h, w, c }) => {
      const shape = [b, h, square ? h : w, c];
      return shapedArray(Array.from({ length: shape.reduce((x, y) => x * y, 1) }, (_v, i) => i + 1), shape);
    });

const same = (a: ShapedArray, b: ShapedArray): boolean => a.shape.join() === b.shape.join() && a.data.every((v, i) => v === b.data[i]);

/** Whether e·x = x and g·(h·x) = (g∘h)·x, with `compose` as the group law; g and h drawn with `seed` unless given. */
function lawHolds<G>(action: GroupAction<G>, compose: (g: G, h: G) => G, identity: G, x: ShapedArray, seed: number, given?: [G, G]): boolean {
  const rng = createRng(seed);
  const [g, h] = given ?? [action.random(x, rng), action.random(x, rng)];
  return same(action.apply(x, identity), x) && same(action.apply(action.apply(x, h), g), action.apply(x, compose(g, h)));
}

const shiftLaw = (g: Shift, h: Shift): Shift => [g[0] + h[0], g[1] + h[1]];
const flipLaw = (g: FlipElement, h: FlipElement): FlipElement => {
  const bits = (e: FlipElement): number => ({ identity: 0, horizontal: 1, vertical: 2, both: 3 })[e];
  return (['identity', 'horizontal', 'vertical', 'both'] as const)[bits(g) ^ bits(h)] ?? 'identity';
};
// g·(h·x) reads channel h[g[c]] of x: the composite is c ↦ h[g[c]].
const permutationLaw = (g: readonly number[], h: readonly number[]): number[] => g.map((v) => h[v] ?? v);

describe('group laws of the image actions (e·x = x, g·(h·x) = (g∘h)·x, on batches with distinct entries)', () => {
  test.prop([images(false), fc.integer()], { numRuns: 60 })('cyclic translations add their shifts modulo the size', (x, seed) => {
    expect(lawHolds(cyclicTranslation(), shiftLaw, [0, 0], x, seed)).toBe(true);
  });

  test.prop([images(false), fc.integer()], { numRuns: 60 })('flips compose as the Klein four-group', (x, seed) => {
    expect(lawHolds(flip(), flipLaw, 'identity', x, seed)).toBe(true);
  });

  test.prop([images(true), fc.integer()], { numRuns: 60 })('quarter turns add modulo 4', (x, seed) => {
    expect(lawHolds(rotation90(), (g: QuarterTurns, h: QuarterTurns) => ((g + h) % 4) as QuarterTurns, 0, x, seed)).toBe(true);
  });

  test.prop([images(false), fc.integer()], { numRuns: 60 })('channel permutations compose', (x, seed) => {
    const c = x.shape[3] ?? 1;
    expect(lawHolds(channelPermutation(), permutationLaw, Array.from({ length: c }, (_v, i) => i), x, seed)).toBe(true);
  });

  test('negative control: zero-fill shifts break the cyclic law (a shift and its inverse lose the rows pushed out)', () => {
    const x = shapedArray(Array.from({ length: 9 }, (_v, i) => i + 1), [3, 3, 1]);
    expect(lawHolds(cyclicTranslation(), shiftLaw, [0, 0], x, 1, [[1, 0], [-1, 0]])).toBe(true);
    expect(lawHolds(zeroTranslation(), shiftLaw, [0, 0], x, 1, [[1, 0], [-1, 0]])).toBe(false);
  });

  test('negative control: a rotation with a transposed index map (a reflection) breaks the law of C4', () => {
    const r = rotation90();
    const reflected: GroupAction<QuarterTurns> = { ...r, apply: (x, g) => (g === 1 ? flip().apply(r.apply(x, 1), 'vertical') : r.apply(x, g)) };
    const x = shapedArray(Array.from({ length: 9 }, (_v, i) => i + 1), [3, 3, 1]);
    const law = (g: QuarterTurns, h: QuarterTurns): QuarterTurns => ((g + h) % 4) as QuarterTurns;
    expect(lawHolds(r, law, 0, x, 1, [1, 1])).toBe(true);
    expect(lawHolds(reflected, law, 0, x, 1, [1, 1])).toBe(false);
  });
});

describe('actions on known images', () => {
  const x = shapedArray([1, 2, 3, 4], [2, 2, 1]);
  test('a quarter turn counterclockwise is numpy.rot90: [[1, 2], [3, 4]] ↦ [[2, 4], [1, 3]]', () => {
    expect(Array.from(rotation90().apply(x, 1).data)).toEqual([2, 4, 1, 3]);
  });

  test('flips reverse columns (horizontal) or rows (vertical)', () => {
    expect(Array.from(flip().apply(x, 'horizontal').data)).toEqual([2, 1, 4, 3]);
    expect(Array.from(flip().apply(x, 'vertical').data)).toEqual([3, 4, 1, 2]);
  });

  test('a cyclic shift by (0, 1) moves the content right and wraps; a zero-fill shift fills with zeros', () => {
    const row = shapedArray([1, 2, 3], [1, 3, 1]);
    expect(Array.from(cyclicTranslation().apply(row, [0, 1]).data)).toEqual([3, 1, 2]);
    expect(Array.from(zeroTranslation().apply(row, [0, 1]).data)).toEqual([0, 1, 2]);
    expect(Array.from(zeroTranslation().apply(row, [0, -2]).data)).toEqual([3, 0, 0]);
  });

  test('channel permutation p: channel c of g·x is channel p[c] of x, at every pixel', () => {
    expect(Array.from(channelPermutation().apply(shapedArray([1, 2, 3, 4, 5, 6], [1, 2, 3]), [2, 0, 1]).data)).toEqual([3, 1, 2, 6, 4, 5]);
  });

  test('a batch is transformed image by image', () => {
    const batch = shapedArray([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1]);
    expect(Array.from(rotation90().apply(batch, 1).data)).toEqual([2, 4, 1, 3, 6, 8, 5, 7]);
  });

  test.prop([fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: 3 }), fc.integer()))])(
    'node relabelling is (PX, PAPᵀ) as permuteRows and permuteAdjacency compute it; nodePermutation the same on arrays',
    ([n, d, seed]) => {
      const rng = createRng(seed);
      const X = Array.from({ length: n }, () => Array.from({ length: d }, () => Math.round(rng() * 8)));
      const A = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.round(rng())));
      const action = nodeRelabelling();
      const p = action.random({ X, A }, rng);
      const moved = action.apply({ X, A }, p);
      expect(moved.X).toEqual(permuteRows(X, p));
      expect(moved.A).toEqual(permuteAdjacency(A, p));
      expect(Array.from(nodePermutation().apply(shapedArray(X.flat(), [n, d]), p).data)).toEqual(permuteRows(X, p).flat());
      expect(Array.from(nodePermutation({ adjacency: true }).apply(shapedArray(A.flat(), [n, n]), p).data)).toEqual(permuteAdjacency(A, p).flat());
    },
  );
});

describe('elements, kinds and sizes', () => {
  const image = (h: number, w: number, c = 1): ShapedArray => shapedArray(new Float64Array(h * w * c), [h, w, c]);

  test('every element is listed once, the identity first, as many as the order says', () => {
    const cases: [GroupAction<unknown>, ShapedArray, number][] = [
      [cyclicTranslation() as GroupAction<unknown>, image(4, 6), 24],
      [cyclicTranslation({ step: 2 }) as GroupAction<unknown>, image(4, 6), 6],
      [zeroTranslation({ maxShift: 1 }) as GroupAction<unknown>, image(4, 6), 9],
      [flip() as GroupAction<unknown>, image(3, 3), 4],
      [flip('horizontal') as GroupAction<unknown>, image(3, 3), 2],
      [rotation90() as GroupAction<unknown>, image(3, 3), 4],
      [channelPermutation() as GroupAction<unknown>, image(1, 1, 4), 24],
    ];
    for (const [action, x, order] of cases) {
      const listed = [...action.elements(x)];
      expect(action.order(x), action.name).toBe(order);
      expect(listed).toHaveLength(order);
      expect(new Set(listed.map((g) => JSON.stringify(g))).size).toBe(order);
      expect(action.size(listed[0]), action.name).toBe(0);
      expect(action.kind(listed[0])).toBe('identity');
      const drawn = action.random(x, createRng(3));
      expect(listed.map((g) => JSON.stringify(g))).toContain(JSON.stringify(drawn));
    }
  });

  test('shifts are named by their smallest representative: a shift by H − 1 is a shift by −1, of size 1', () => {
    const listed = [...cyclicTranslation().elements(image(5, 1))];
    expect(listed.map((g) => g[0])).toEqual([0, 1, 2, -2, -1]);
    expect(cyclicTranslation().describe([-1, 2])).toBe('cyclic shift by (−1, 2) (rows, columns)');
  });

  test('kinds name each transformation for the per-kind report', () => {
    expect([0, 1, 2, 3].map((k) => rotation90().kind(k as QuarterTurns))).toEqual(['identity', 'rotation by 90°', 'rotation by 180°', 'rotation by 270°']);
    expect((['identity', 'horizontal', 'vertical', 'both'] as const).map((g) => flip().kind(g))).toEqual(['identity', 'horizontal flip', 'vertical flip', 'both flips']);
  });

  test('a strided translation shifts the input by multiples of the stride and the output by the quotient', () => {
    const { action, outputAction } = stridedTranslation({ stride: 2 });
    expect([...action.elements(image(4, 4))]).toEqual([[0, 0], [0, 2], [2, 0], [2, 2]]);
    const y = shapedArray([1, 2, 3, 4], [2, 2, 1]);
    expect(Array.from(outputAction.apply(y, [2, 0], image(4, 4)).data)).toEqual([3, 4, 1, 2]);
    expect(() => outputAction.apply(y, [1, 0], image(4, 4))).toThrow(/a shift by multiples of the stride \(2, 2\)/);
  });

  test('actions refuse inputs they cannot act on, naming the argument', () => {
    expect(() => rotation90().validate?.('assertEquivariant', 'options.inputShape', image(3, 4))).toThrow(/options.inputShape must be a square image.*3×4 image is 4×3/);
    expect(() => cyclicTranslation({ step: 2 }).validate?.('assertEquivariant', 'options.inputShape', image(3, 4))).toThrow(/multiples of the step/);
    expect(() => flip().apply(shapedArray([1, 2], [2]), 'horizontal')).toThrow(/x.shape must be an image shape \[height, width, channels\]/);
    expect(() => flip('diagonal' as 'both')).toThrow(/direction must be 'horizontal', 'vertical' or 'both'/);
    expect(() => channelPermutation().apply(image(1, 1, 3), [0, 0, 1])).toThrow(/g\[1\] must be an index not used before/);
    expect(() => cyclicTranslation({ step: 2 }).apply(image(4, 4), [1, 0])).toThrow(/g must be a multiple of the action's step \[2, 2\]/);
    expect(() => shapedArray([1, 2, 3], [2, 2])).toThrow(/data.length must be 4/);
  });
});
