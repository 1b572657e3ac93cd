import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { conv2dDirect } from '../../src/linear/conv2dDirect.js';
import type { Padding } from '../../src/linear/convGeometry.js';
import { borderBand, type BorderLayer } from '../../src/symmetry/borderBand.js';
import { shapedArray } from '../../src/symmetry/ShapedArray.js';
import { zeroTranslation } from '../../src/symmetry/zeroTranslation.js';

interface Layer extends BorderLayer {
  readonly padding: Padding;
  readonly strides: number;
  readonly dilations: number;
  readonly kernelSize: number;
  readonly bias: boolean;
}

/** A stack of float64 convolutions (generic random weights, a bias of 0.3 where `bias`, ReLU between), on a [n, n, 1] image. */
function stack(layers: readonly Layer[], seed: number): (x: Float64Array, n: number) => { data: Float64Array; size: number } {
  const rng = createRng(seed);
  const kernels = layers.map((l) => Float64Array.from({ length: l.kernelSize * l.kernelSize }, () => rng() * 2 - 1));
  return (x, n) => {
    let data = x;
    let size = n;
    layers.forEach((l, i) => {
      const y = conv2dDirect(data, { shape: [l.kernelSize, l.kernelSize, 1, 1], data: kernels[i] ?? [] }, {
        inputShape: [size, size, 1], strides: l.strides, dilations: l.dilations, padding: l.padding, bias: [l.bias ? 0.3 : 0],
      });
      data = i < layers.length - 1 ? y.data.map((v) => Math.max(0, v)) : y.data;
      size = y.shape[0];
    });
    return { data, size };
  };
}

/** Output positions (row, column) where f(zero-shift(x, a)) ≠ zero-shift(f(x), a/s). */
function differing(layers: readonly Layer[], n: number, shift: [number, number], seed: number): { positions: [number, number][]; size: number } {
  const f = stack(layers, seed);
  const rng = createRng(seed + 1);
  const x = shapedArray(Array.from({ length: n * n }, () => rng() * 2 - 1), [n, n, 1]);
  const stride = layers.reduce((s, l) => s * l.strides, 1);
  const shifted = f(zeroTranslation().apply(x, shift).data, n);
  const plain = f(x.data, n);
  const expected = zeroTranslation().apply(shapedArray(plain.data, [plain.size, plain.size, 1]), [shift[0] / stride, shift[1] / stride]);
  const positions: [number, number][] = [];
  for (let i = 0; i < plain.size; i++) {
    for (let j = 0; j < plain.size; j++) if (Math.abs((shifted.data[i * plain.size + j] ?? 0) - (expected.data[i * plain.size + j] ?? 0)) > 1e-12) positions.push([i, j]);
  }
  return { positions, size: plain.size };
}

const layerArb = (stride: number): fc.Arbitrary<Layer> => fc.record({
  kernelSize: fc.integer({ min: 1, max: 4 }),
  dilations: stride === 1 ? fc.integer({ min: 1, max: 2 }) : fc.constant(1),
  strides: fc.constant(stride),
  bias: fc.boolean(),
  padding: fc.oneof(fc.constant('same' as const), fc.constant('valid' as const), fc.tuple(fc.nat(2), fc.nat(2)).map(([a, b]) => [[a, b], [b, a]] as const)),
});

/** One or two layers (the second may have stride 2), an image that fits them, a shift by multiples of the stride. */
const caseArb = fc.record({ first: layerArb(1), second: fc.option(fc.integer({ min: 1, max: 2 }).chain(layerArb)), n: fc.integer({ min: 6, max: 10 }), a: fc.integer({ min: -3, max: 3 }), b: fc.integer({ min: -3, max: 3 }), seed: fc.integer() })
  .map(({ first, second, n, a, b, seed }) => {
    const layers = second === null ? [first] : [first, second];
    const stride = layers.reduce((s, l) => s * l.strides, 1);
    return { layers, n, shift: [a * stride, b * stride] as [number, number], seed };
  })
  .filter(({ layers, n }) => {
    try {
      borderBand({ inputSize: [n, n], layers, shift: [0, 0] });
      return true;
    } catch {
      return false; // a kernel that does not fit its input
    }
  });

describe('borderBand: where a zero-padded convolution stack does not commute with a zero-fill shift', () => {
  test.prop([caseArb], { numRuns: 150 })('every output position that differs lies in the band (float64 convolutions, generic weights)', ({ layers, n, shift, seed }) => {
    const band = borderBand({ inputSize: [n, n], layers, shift });
    const { positions, size } = differing(layers, n, shift, seed);
    expect(band.outputSize).toEqual([size, size]);
    const outside = positions.filter(([i, j]) => !band.rows.includes(i) && !band.columns.includes(j));
    expect(outside).toEqual([]);
  });

  test.prop([caseArb.filter((c) => c.layers.length === 1)], { numRuns: 100 })(
    'one layer, a shift along the rows only: every row of the band differs somewhere (the band is tight)',
    ({ layers, n, shift, seed }) => {
      const rowsOnly: [number, number] = [shift[0], 0];
      const band = borderBand({ inputSize: [n, n], layers, shift: rowsOnly });
      const rows = new Set(differing(layers, n, rowsOnly, seed).positions.map(([i]) => i));
      expect(band.columns).toEqual([]);
      expect([...band.rows].filter((i) => !rows.has(i))).toEqual([]);
    },
  );

  test.prop([fc.integer({ min: 1, max: 5 }), fc.integer({ min: 4, max: 12 }), fc.integer({ min: -4, max: 4 })])(
    "bias-free, 'same', stride 1, dilation 1: the band is [max(0, a − q), a) ∪ [max(a, n − q), n) for 0 < a < n, q the padding after (mirrored for a < 0)",
    (k, n, a) => {
      const total = k - 1;
      const before = Math.floor(total / 2);
      const after = total - before;
      const expected = new Set<number>();
      const q = a >= 0 ? after : before;
      const range = (from: number, to: number): void => {
        for (let i = Math.max(0, from); i < Math.min(n, to); i++) expected.add(i);
      };
      if (Math.abs(a) >= n) {
        // Everything is pushed out: both sides are zero.
      } else if (a > 0) {
        range(a - q, a);
        range(Math.max(a, n - q), n);
      } else if (a < 0) {
        const m = -a;
        range(0, Math.min(n - m, q));
        range(n - m, n - m + q);
      }
      const band = borderBand({ inputSize: [n, n], layers: { kernelSize: k, padding: 'same', bias: false }, shift: [a, 0] });
      expect(band.rows).toEqual([...expected].sort((x, y) => x - y));
    },
  );

  test('negative control: the band of the padding split the other way misses positions that differ (kernel 4, same: 1 before, 2 after)', () => {
    const layer: Layer = { kernelSize: 4, padding: 'same', strides: 1, dilations: 1, bias: false };
    const swapped = { kernelSize: 4, padding: [[2, 1], [2, 1]] as const, bias: false };
    const { positions } = differing([layer], 8, [2, 0], 7);
    const right = borderBand({ inputSize: [8, 8], layers: layer, shift: [2, 0] });
    const wrong = borderBand({ inputSize: [8, 8], layers: swapped, shift: [2, 0] });
    expect(positions.filter(([i]) => !right.rows.includes(i))).toEqual([]);
    expect(positions.filter(([i]) => !wrong.rows.includes(i)).length).toBeGreaterThan(0);
  });

  test('negative control: a layer with a bias, checked with the band of a bias-free one, differs on the rows the shift fills', () => {
    const layer: Layer = { kernelSize: 3, padding: 'same', strides: 1, dilations: 1, bias: true };
    const { positions } = differing([layer], 8, [3, 0], 5);
    const biased = borderBand({ inputSize: [8, 8], layers: layer, shift: [3, 0] });
    const biasFree = borderBand({ inputSize: [8, 8], layers: { ...layer, bias: false }, shift: [3, 0] });
    expect(biased.rows).toEqual([0, 1, 2, 7]);
    expect(biasFree.rows).toEqual([2, 7]);
    expect(positions.filter(([i]) => !biased.rows.includes(i))).toEqual([]);
    expect(positions.filter(([i]) => !biasFree.rows.includes(i)).map(([i]) => i)).toContain(0);
  });

  test('no shift, no band; a bias-free 1×1 kernel commutes everywhere; a shift that is not a multiple of the stride is refused', () => {
    expect(borderBand({ inputSize: [6, 6], layers: { kernelSize: 3, padding: 'same' }, shift: [0, 0] }).rows).toEqual([]);
    expect(borderBand({ inputSize: [6, 6], layers: { kernelSize: 1, bias: false }, shift: [2, -3] })).toMatchObject({ rows: [], columns: [] });
    expect(() => borderBand({ inputSize: [6, 6], layers: { kernelSize: 3, strides: 2, padding: 'same' }, shift: [1, 0] }))
      .toThrow(/options.shift must be a multiple of the product of the strides along the rows \(layer 0 has stride 2 and receives a shift of 1\)/);
    expect(() => borderBand({ inputSize: [6, 6], layers: [], shift: [0, 0] })).toThrow(/options.layers must be a layer/);
    expect(() => borderBand({ inputSize: [2, 2], layers: { kernelSize: 5 }, shift: [0, 0] })).toThrow(/borderBand \(options.layers\[0\]\): a 5×5 kernel does not fit/);
  });
});
