import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { approxEqual, compareArrays, describeComparison, float32Accumulation, tolerances } from '../../src/index.js';

describe('approxEqual: |a − e| ≤ atol + rtol·max(|a|, |e|)', () => {
  test('exact tolerance: 0.1 + 0.2 is not 0.3, 2 + 2 is 4', () => {
    expect(approxEqual(0.1 + 0.2, 0.3, tolerances.exact)).toBe(false);
    expect(approxEqual(2 + 2, 4, tolerances.exact)).toBe(true);
  });

  test('float64 tolerance accepts 0.1 + 0.2 = 0.3 and rejects 1 vs 1 + 1e-6', () => {
    expect(approxEqual(0.1 + 0.2, 0.3, tolerances.float64)).toBe(true);
    expect(approxEqual(1, 1 + 1e-6, tolerances.float64)).toBe(false);
  });

  test('zero is treated by atol: 1e-13 ≈ 0 in float64, 1e-6 is not', () => {
    expect(approxEqual(1e-13, 0, tolerances.float64)).toBe(true);
    expect(approxEqual(1e-6, 0, tolerances.float64)).toBe(false);
  });

  test('NaN is never close, not even to NaN; Infinity only to itself', () => {
    expect(approxEqual(NaN, NaN, tolerances.float32)).toBe(false);
    expect(approxEqual(Infinity, Infinity, tolerances.exact)).toBe(true);
    expect(approxEqual(Infinity, -Infinity, tolerances.float32)).toBe(false);
    expect(approxEqual(Infinity, 1e308, tolerances.float32)).toBe(false);
  });

  test.prop([fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 })])(
    'symmetric in its arguments',
    (a, b) => {
      expect(approxEqual(a, b, tolerances.float32)).toBe(approxEqual(b, a, tolerances.float32));
    },
  );

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 })])('a value perturbed by one float32 ulp passes float32, by 1% fails', (a) => {
    const ulp = Math.fround(a) - a;
    expect(approxEqual(a + ulp, a, tolerances.float32)).toBe(true);
    fc.pre(Math.abs(a) > 1e-2);
    expect(approxEqual(a * 1.01, a, tolerances.float32)).toBe(false);
  });
});

describe('compareArrays', () => {
  test('reports the worst element, both errors and the tolerance', () => {
    const c = compareArrays([1, 2, 3.5], [1, 2, 3], tolerances.float64);
    expect(c.ok).toBe(false);
    expect(c.worstIndex).toBe(2);
    expect(c.maxAbsError).toBe(0.5);
    expect(c.maxRelError).toBeCloseTo(0.5 / 3.5, 12);
    expect(describeComparison(c)).toMatch(/max \|a−e\| = 5\.000e-1.*tolerance float64/);
  });

  test('length mismatch is a failure, not a silent pass', () => {
    expect(compareArrays([1, 2], [1, 2, 3], tolerances.float64).ok).toBe(false);
  });

  test('float32Accumulation grows with the number of terms and the magnitude', () => {
    expect(float32Accumulation(100, 10).atol).toBeGreaterThan(float32Accumulation(4, 10).atol);
    expect(float32Accumulation(100, 100).atol).toBeGreaterThan(float32Accumulation(100, 10).atol);
  });

  test.prop([fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 50 }), fc.nat()])(
    'float32-rounded sums of small products pass float32Accumulation; a shifted element does not',
    (ints, pick) => {
      const values = ints.map((v) => v / 7);
      const exact = values.reduce((s, v) => s + v, 0);
      const f32 = values.reduce((s, v) => Math.fround(s + Math.fround(v)), 0);
      const tol = float32Accumulation(values.length, values.reduce((s, v) => s + Math.abs(v), 0));
      expect(approxEqual(f32, exact, tol)).toBe(true);
      // negative control: a wrong summand (one term off by 1) is caught
      const wrong = exact + (pick % 2 === 0 ? 1 : -1);
      expect(approxEqual(f32, wrong, tol)).toBe(false);
    },
  );
});
