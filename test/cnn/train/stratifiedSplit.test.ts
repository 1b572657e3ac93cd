import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError, stratifiedSplit } from '../../../src/index.js';

function counts(labels: ArrayLike<number>, indices: Int32Array): Map<number, number> {
  const m = new Map<number, number>();
  for (const i of indices) m.set(labels[i] as number, (m.get(labels[i] as number) ?? 0) + 1);
  return m;
}

/** Each class gives round-ish fraction·n_c to validation: within one image of it. */
function isStratified(labels: ArrayLike<number>, validation: Int32Array, fraction: number): boolean {
  const all = counts(labels, Int32Array.from({ length: labels.length }, (_v, i) => i));
  const val = counts(labels, validation);
  return [...all.entries()].every(([c, n]) => Math.abs((val.get(c) ?? 0) - fraction * n) < 1);
}

const labelsArb = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 20, maxLength: 400 });

describe('stratifiedSplit: seeded, stratified, leak-free', () => {
  test.prop([labelsArb, fc.double({ min: 0.05, max: 0.5, noNaN: true }), fc.integer()], { numRuns: 60 })(
    'validation and training are disjoint, cover every image, and each class gives its share',
    (labels, fraction, seed) => {
      const split = stratifiedSplit(labels, fraction, seed);
      const seen = new Uint8Array(labels.length);
      for (const i of split.train) seen[i] = (seen[i] ?? 0) + 1;
      for (const i of split.validation) seen[i] = (seen[i] ?? 0) + 1;
      expect([...seen].every((v) => v === 1)).toBe(true);
      expect(split.validation.length).toBe(Math.round(fraction * labels.length));
      expect(isStratified(labels, split.validation, fraction)).toBe(true);
    },
  );

  test.prop([labelsArb, fc.integer()], { numRuns: 20 })('the same seed draws the same split', (labels, seed) => {
    expect(stratifiedSplit(labels, 0.1, seed)).toEqual(stratifiedSplit(labels, 0.1, seed));
  });

  test('different seeds draw different validation images', () => {
    const labels = Array.from({ length: 500 }, (_v, i) => i % 10);
    expect(Array.from(stratifiedSplit(labels, 0.1, 1).validation)).not.toEqual(Array.from(stratifiedSplit(labels, 0.1, 2).validation));
  });

  test('the full training set: 5,000 of 50,000, 500 of each class', () => {
    const labels = Uint8Array.from({ length: 50_000 }, (_v, i) => (i * 7) % 10);
    const split = stratifiedSplit(labels, 0.1, 0);
    expect(split.validation.length).toBe(5000);
    expect([...counts(labels, split.validation).values()]).toEqual(new Array(10).fill(500));
  });

  test('negative control: the first 10% of class-sorted labels is caught as not stratified', () => {
    const labels = Array.from({ length: 300 }, (_v, i) => Math.floor(i / 30));
    const naive = Int32Array.from({ length: 30 }, (_v, i) => i);
    expect(isStratified(labels, naive, 0.1)).toBe(false);
    expect(isStratified(labels, stratifiedSplit(labels, 0.1, 0).validation, 0.1)).toBe(true);
  });

  test('a fraction outside (0, 1) is refused', () => {
    expect(() => stratifiedSplit([0, 1, 2], 1.5, 0)).toThrow(LayerproofError);
    expect(() => stratifiedSplit([0, 1, 2], 0, 0)).toThrow(/strictly between 0 and 1/);
  });
});
