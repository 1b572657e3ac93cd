import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { float64Arithmetic } from '../../src/exact/float64Arithmetic.js';
import { convGeometry, type ConvGeometry } from '../../src/linear/convGeometry.js';
import { pool2dDirect } from '../../src/linear/pool2dDirect.js';
import { pool2dOver, type PoolKind } from '../../src/linear/pool2dOver.js';
import { uniformData } from '../support/arbitraries.js';

const f64 = float64Arithmetic;

interface PoolCase {
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly pool: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';
}

const poolCaseArb: fc.Arbitrary<PoolCase> = fc
  .record({
    h: fc.integer({ min: 1, max: 10 }),
    w: fc.integer({ min: 1, max: 10 }),
    c: fc.integer({ min: 1, max: 3 }),
    pool: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    padding: fc.constantFrom('valid' as const, 'same' as const),
  })
  .filter((p) => p.padding === 'same' || (p.h >= p.pool[0] && p.w >= p.pool[1]));

const kindArb = fc.constantFrom<PoolKind>('avg', 'sum', 'max');

const describePool = (p: PoolCase, kind: PoolKind): string =>
  `${kind} x=[1,${p.h},${p.w},${p.c}] pool=${p.pool.join('x')} s=${p.strides.join('x')} p=${p.padding}`;

const optionsOf = (p: PoolCase) => ({ inputShape: [p.h, p.w, p.c] as [number, number, number], poolSize: p.pool, strides: p.strides, padding: p.padding });

function geometryOf(p: PoolCase): ConvGeometry {
  return convGeometry({ inputShape: [p.h, p.w, p.c], kernelSize: p.pool, strides: p.strides, padding: p.padding, windowName: 'window' });
}

describe('pool2dOver over float64 is pool2dDirect', () => {
  test.prop([poolCaseArb, kindArb, fc.nat()], { numRuns: 150 })('bit for bit, for average, sum and max pooling, valid and same', (p, kind, seed) => {
    const x = Float64Array.from(uniformData(p.h * p.w * p.c, seed));
    expect(pool2dOver(f64, kind, x, geometryOf(p)), describePool(p, kind)).toEqual(Array.from(pool2dDirect(kind, x, optionsOf(p)).data));
  });

  test.prop([poolCaseArb.filter((p) => p.padding === 'same'), fc.nat()], { numRuns: 80 })(
    'negative control: an average that counts the padded cells (divides by kh·kw) is caught where a window overhangs',
    (p, seed) => {
      const g = geometryOf(p);
      fc.pre(g.padTop + g.padBottom + g.padLeft + g.padRight > 0);
      // Away from 0, so that no window's sum vanishes and hides the wrong divisor.
      const x = Float64Array.from(uniformData(p.h * p.w * p.c, seed), (v) => 1 + Math.abs(v));
      const wrong = pool2dOver(f64, 'sum', x, g).map((s) => s / (p.pool[0] * p.pool[1]));
      expect(wrong, describePool(p, 'avg')).not.toEqual(Array.from(pool2dDirect('avg', x, optionsOf(p)).data));
    },
  );

  test.prop([poolCaseArb], { numRuns: 60 })('negative control: max pooling taken as the first cell of each window is caught', (p) => {
    const g = geometryOf(p);
    // Some window holds two cells or more.
    fc.pre(pool2dOver(f64, 'sum', new Float64Array(p.h * p.w * p.c).fill(1), g).some((count) => count > 1));
    // Increasing values: the first cell of a window (in (kh, kw) order) is its smallest.
    const x = Float64Array.from({ length: p.h * p.w * p.c }, (_v, i) => i);
    const firstCell: typeof f64 = { ...f64, max: (values) => values[0] ?? NaN };
    expect(pool2dOver(firstCell, 'max', x, g), describePool(p, 'max')).not.toEqual(Array.from(pool2dDirect('max', x, optionsOf(p)).data));
  });
});

describe('pool2dOver: bad arguments', () => {
  test('an unknown kind and an image of the wrong size are refused', () => {
    const g = convGeometry({ inputShape: [2, 2, 1], kernelSize: 2 });
    expect(() => pool2dOver(f64, 'min' as PoolKind, [1, 2, 3, 4], g)).toThrow(LayerproofError);
    expect(() => pool2dOver(f64, 'avg', [1, 2, 3], g)).toThrow(/x\.length must be 4/);
  });
  test('a window over padding only has no average or maximum: refused, naming the output', () => {
    const g = convGeometry({ inputShape: [1, 1, 1], kernelSize: 1, padding: [[1, 0], [0, 0]] });
    expect(pool2dOver(f64, 'sum', [5], g)).toEqual([0, 5]);
    expect(() => pool2dOver(f64, 'avg', [5], g)).toThrow(/output \(0, 0\) of avg pooling/);
    expect(() => pool2dOver(f64, 'max', [5], g)).toThrow(/every window covers at least one input cell/);
  });
});
