import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { compareArrays, tolerances } from '../../src/core/tolerance.js';
import { SparseMatrix } from '../../src/linear/SparseMatrix.js';
import { matrixOperator, type AffineOperator } from '../../src/models/AffineOperator.js';
import { composeOperators } from '../../src/models/composeOperators.js';

const dense = (rows: number, cols: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 })), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });

const chainArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 5 }).chain((sizes) =>
  fc.tuple(
    fc.constant(sizes),
    fc.tuple(...sizes.slice(1).map((rows, i) => dense(rows, sizes[i] ?? 1))),
    fc.tuple(...sizes.slice(1).map((rows) => fc.array(fc.integer({ min: -3, max: 3 }), { minLength: rows, maxLength: rows }))),
  ));

function operators(sizes: readonly number[], matrices: readonly number[][][], biases: readonly number[][]): AffineOperator[] {
  return matrices.map((m, i) => matrixOperator({
    kind: `op${i}`, inputShapes: [[sizes[i] ?? 1]], outputShape: [sizes[i + 1] ?? 1],
    matrix: SparseMatrix.fromTriplets(sizes[i + 1] ?? 1, sizes[i] ?? 1, m.flatMap((row, r) => row.map((value, c) => ({ row: r, col: c, value })).filter((t) => t.value !== 0))),
    bias: Float64Array.from(biases[i] ?? []),
  }));
}

/** Applies the chain one operator after the other: the reference the product must equal. */
function applyChain(chain: readonly AffineOperator[], x: Float64Array): Float64Array {
  return chain.reduce((v, o) => {
    const y = o.rowBlock(0, o.rows).multiply(v);
    return y.map((yi, i) => yi + (o.bias[i] ?? 0));
  }, x);
}

describe('composeOperators', () => {
  test.prop([chainArb, fc.integer({ min: 1, max: 4 })], { numRuns: 100 })(
    'T_k⋯T_1 x + b equals the chain applied in turn, exactly on integers, in any row blocks', ([sizes, matrices, biases], blocks) => {
      const chain = operators(sizes, matrices, biases);
      const composed = composeOperators(chain);
      const x = Float64Array.from({ length: sizes[0] ?? 1 }, (_v, i) => (i % 3) - 1);
      const expected = applyChain(chain, x);
      const rows = composed.rows;
      const step = Math.max(1, Math.ceil(rows / blocks));
      const actual = new Float64Array(rows);
      for (let s = 0; s < rows; s += step) {
        const e = Math.min(rows, s + step);
        actual.set(composed.rowBlock(s, e).multiply(x).map((v, i) => v + (composed.bias[s + i] ?? 0)), s);
      }
      expect(compareArrays(actual, expected, tolerances.exact).ok).toBe(true);
      // Magnitudes bound every partial sum: |T_k|(⋯|T_1||x| + |b_1|⋯) + |b_k| ≥ |y|.
      const magnitudes = composed.magnitudes(x);
      expected.forEach((v, i) => expect(Math.abs(v)).toBeLessThanOrEqual(magnitudes[i] ?? 0));
    });

  test('negative control: composing in the wrong order gives another map', () => {
    const chain = operators([2, 2, 2], [[[1, 1], [0, 1]], [[1, 0], [1, 1]]], [[0, 0], [0, 0]]);
    const x = Float64Array.of(1, 2);
    const right = composeOperators(chain).rowBlock(0, 2).multiply(x);
    const swapped = composeOperators([...chain].reverse()).rowBlock(0, 2).multiply(x);
    expect(Array.from(right)).toEqual(Array.from(applyChain(chain, x)));
    expect(Array.from(swapped)).not.toEqual(Array.from(right));
  });

  test('refuses a nonlinearity inside a chain and shapes that do not connect', () => {
    const [a, b] = operators([2, 2, 2], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]], [[0, 0], [0, 0]]);
    if (a === undefined || b === undefined) throw new Error('two operators');
    expect(() => composeOperators([{ ...a, activation: 'relu' }, b])).toThrow(/chain\[0\]\.activation must be 'linear'/);
    const [c] = operators([3, 2], [[[1, 0, 0], [0, 1, 0]]], [[0, 0]]);
    if (c === undefined) throw new Error('one operator');
    expect(() => composeOperators([c, c])).toThrow(/chain\[1\]\.inputShapes\[0\] must be a shape of 2 elements/);
    expect(() => composeOperators([a])).toThrow(/at least 2 operators/);
  });
});
