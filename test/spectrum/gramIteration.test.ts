import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { circularGramIteration } from '../../src/spectrum/circularGramIteration.js';
import { circularSpectrum } from '../../src/spectrum/circularSpectrum.js';
import { complexSingularValues, type ComplexMatrix } from '../../src/spectrum/complexSingularValues.js';
import { gramIterationBound } from '../../src/spectrum/gramIteration.js';
import { counterexample, uniformData } from './support/denseOperators.js';

const complexArb: fc.Arbitrary<ComplexMatrix> = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }), seed: fc.nat() })
  .map(({ rows, cols, seed }) => ({ rows, cols, re: uniformData(rows * cols, seed), im: uniformData(rows * cols, seed + 1) }));

/** Negative control: the square root taken once too often (exponent 1/2^{t+1}). */
function tooManyRoots(p: ComplexMatrix, iterations: number): number {
  return Math.sqrt(gramIterationBound(p, iterations));
}

describe('Gram iteration (Delattre et al. 2023): an upper bound that converges to σ₁', () => {
  test.prop([complexArb, fc.integer({ min: 0, max: 6 })], { numRuns: 100 })('σ₁(P) ≤ bound(t), and bound(t + 1) ≤ bound(t)', (p, t) => {
    const sigma = complexSingularValues(p)[0] ?? 0;
    const b = gramIterationBound(p, t);
    expect(sigma).toBeLessThanOrEqual(b * (1 + 1e-12));
    expect(gramIterationBound(p, t + 1)).toBeLessThanOrEqual(b * (1 + 1e-12));
  });

  it('negative control: a bound with one square root too many is caught', () => {
    const property = (bound: (p: ComplexMatrix, t: number) => number): fc.IProperty<[ComplexMatrix]> => fc.property(complexArb, (p) => {
      const sigma = complexSingularValues(p)[0] ?? 0;
      if (sigma > bound(p, 3) * (1 + 1e-12)) throw new Error(`σ₁ ${sigma} > bound ${bound(p, 3)}`);
    });
    expect(() => fc.assert(property(gramIterationBound), { numRuns: 50 })).not.toThrow();
    expect(counterexample(property(tooManyRoots), 50)).toMatch(/σ₁ .* > bound/);
  });

  it('circular layers: ≥ Sedghi\'s exact σ₁, within 10⁻³ relative after 6 iterations (k=[3,3,4,4] on 8×8)', () => {
    const kernel = { shape: [3, 3, 4, 4], data: uniformData(144, 3) };
    const exact = circularSpectrum(kernel, [8, 8])[0] ?? 0;
    const b3 = circularGramIteration(kernel, [8, 8], { iterations: 3 });
    const b6 = circularGramIteration(kernel, [8, 8], { iterations: 6 });
    expect(b3).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
    expect(b6).toBeGreaterThanOrEqual(exact * (1 - 1e-12));
    expect(b6).toBeLessThanOrEqual(b3 * (1 + 1e-12));
    expect((b6 - exact) / exact).toBeLessThan(1e-3);
  });
});
