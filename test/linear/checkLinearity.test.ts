import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { avgPoolMatrix, checkLinearity, conv2dMatrix, LayerproofError, pool2dDirect, sumPoolMatrix } from '../../src/index.js';

const inputShape: [number, number, number] = [4, 4, 2];
const n = 4 * 4 * 2;

describe('checkLinearity', () => {
  test('the convolution matrix (no bias) is linear on 100 generated pairs: x=[1,4,4,2] k=3 same', () => {
    const op = conv2dMatrix({ shape: [3, 3, 2, 3], data: Float64Array.from({ length: 54 }, (_v, i) => ((i * 7) % 11) - 5) }, { inputShape, padding: 'same' });
    const result = checkLinearity((x) => op.matrix.multiply(x), { dimension: n, runs: 100, seed: 1 });
    expect(result.linear).toBe(true);
    expect(result.maxViolation).toBe(0); // integer inputs: exact
    expect(result.cases).toBeGreaterThanOrEqual(200);
  });

  test('average and sum pooling are linear on real-valued inputs: x=[1,4,4,2] pool=2', () => {
    for (const build of [avgPoolMatrix, sumPoolMatrix]) {
      const op = build({ inputShape, poolSize: 2 });
      const result = checkLinearity((x) => op.matrix.multiply(x), { dimension: n, runs: 100, seed: 2, values: 'reals' });
      expect(result.linear).toBe(true);
      expect(result.maxViolation).toBeLessThan(1e-12);
    }
  });

  test('negative control: max pooling is nonlinear, with a shrunk counterexample (x=[1,2,2,1] pool=2)', () => {
    const maxPool = (x: Float64Array) => pool2dDirect('max', x, { inputShape: [2, 2, 1], poolSize: 2 }).data;
    const result = checkLinearity(maxPool, { dimension: 4, runs: 100, seed: 3 });
    expect(result.linear).toBe(false);
    const ce = result.counterexample;
    expect(ce?.property).toBe('additivity');
    // Shrunk: at most two non-zero entries in x and y together are needed to break max(x+y) = max x + max y.
    const nonZero = [...(ce?.x ?? []), ...(ce?.y ?? [])].filter((v) => v !== 0).length;
    expect(nonZero).toBeLessThanOrEqual(2);
    expect(Math.abs((ce?.lhs[0] ?? 0) - (ce?.rhs[0] ?? 0))).toBe(ce?.violation);
  });

  test('negative control: an affine map (convolution plus bias) fails, ReLU fails', () => {
    const op = conv2dMatrix({ shape: [1, 1, 2, 1], data: [1, 2] }, { inputShape, bias: [0.5] });
    const affine = (x: Float64Array) => op.matrix.multiply(x).map((v, i) => v + (op.bias[i] as number));
    expect(checkLinearity(affine, { dimension: n, seed: 4 }).linear).toBe(false);
    const relu = (x: Float64Array) => x.map((v) => Math.max(0, v));
    const r = checkLinearity(relu, { dimension: 3, seed: 5 });
    expect(r.linear).toBe(false);
    expect(r.counterexample).toBeDefined();
  });

  test('given inputs: every pair and every scalar is tried', () => {
    const result = checkLinearity((x) => x.map((v) => 2 * v), [[1, 2], [3, 4], [-1, 0]]);
    expect(result.linear).toBe(true);
    expect(result.cases).toBe(6 + 3 * 5);
    const nonlinear = checkLinearity((x) => x.map((v) => v * v), [[1, 2], [3, 4]]);
    expect(nonlinear.linear).toBe(false);
    expect(nonlinear.counterexample?.x).toEqual([1, 2]);
  });

  test.prop([fc.integer({ min: 1, max: 6 })])('a linear map built from a random matrix passes for any dimension', (dim) => {
    const a = Array.from({ length: dim }, (_r, i) => Array.from({ length: dim }, (_c, j) => ((i + 2 * j) % 5) - 2));
    const f = (x: Float64Array) => a.map((row) => row.reduce((s, v, j) => s + v * (x[j] as number), 0));
    expect(checkLinearity(f, { dimension: dim, runs: 30, seed: dim }).linear).toBe(true);
  });

  test('bad arguments are refused by name', () => {
    expect(() => checkLinearity('f' as unknown as (x: Float64Array) => number[], [[1]])).toThrow(LayerproofError);
    expect(() => checkLinearity((x) => x, { dimension: 0 })).toThrow(/options\.dimension must be a positive integer/);
    expect(() => checkLinearity((x) => x, [[1, 2], [1]])).toThrow(/inputs\[1\]\.length must be 2/);
    expect(() => checkLinearity((x) => x, [[1, NaN]])).toThrow(/inputs\[0\]\[1\] must be a finite number, but got NaN/);
  });
});
