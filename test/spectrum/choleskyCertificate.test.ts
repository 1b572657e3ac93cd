import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { SparseMatrix, type Triplet } from '../../src/linear/SparseMatrix.js';
import { bandedGram } from '../../src/spectrum/bandedGram.js';
import { sparseRatio } from '../../src/spectrum/bandCertificate.js';
import { choleskyCertificate } from '../../src/spectrum/choleskyCertificate.js';
import { denseOf, denseSingularValues, uniformData } from './support/denseOperators.js';

const bandedArb = fc
  .record({ rows: fc.integer({ min: 2, max: 30 }), cols: fc.integer({ min: 2, max: 30 }), width: fc.integer({ min: 0, max: 4 }), seed: fc.nat() })
  .map(({ rows, cols, width, seed }) => {
    const v = uniformData(rows * cols, seed);
    const triplets: Triplet[] = [];
    for (let i = 0; i < rows; i++) for (let j = Math.max(0, i - width); j < Math.min(cols, i + width + 1); j++) triplets.push({ row: i, col: j, value: v[i * cols + j] ?? 1 });
    return SparseMatrix.fromTriplets(rows, cols, triplets);
  })
  .filter((t) => t.nnz > 0);

describe('the two certificates: Cholesky of μ²I − TᵀT above ‖T‖, and a vector\'s ratio below it', () => {
  test.prop([bandedArb], { numRuns: 100 })('succeeds just above ‖T‖₂ (upper ≥ ‖T‖₂) and fails just below it (negative control)', (t) => {
    const sigma = denseSingularValues(denseOf(t))[0] ?? 0;
    const gram = bandedGram(t);
    const above = choleskyCertificate(gram, sigma * (1 + 1e-6));
    expect(above, `μ = σ₁(1 + 10⁻⁶) must be certified (σ₁ = ${sigma})`).toBeDefined();
    expect(above?.upper ?? 0).toBeGreaterThanOrEqual(sigma);
    expect(choleskyCertificate(gram, sigma * (1 - 1e-6)), 'μ below σ₁ must never be certified').toBeUndefined();
  });

  test.prop([bandedArb, fc.nat()], { numRuns: 100 })('‖Tv‖/‖v‖ evaluated with its rounding subtracted is ≤ ‖T‖₂ for any v', (t, seed) => {
    const sigma = denseSingularValues(denseOf(t))[0] ?? 0;
    expect(sparseRatio(t, uniformData(t.cols, seed))).toBeLessThanOrEqual(sigma * (1 + 1e-12));
  });
});
