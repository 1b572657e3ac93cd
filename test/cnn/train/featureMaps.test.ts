import { PNG } from 'pngjs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createRng, describeFirstLayerFilters, renderFeatureGrid } from '../../../src/index.js';

/** A [k, k, 3, 1] kernel (HWIO) from a k×k pattern and per-channel weights. */
function kernel(pattern: readonly (readonly number[])[], channels: readonly [number, number, number]): Float64Array {
  const k = pattern.length;
  const out = new Float64Array(k * k * 3);
  for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) for (let c = 0; c < 3; c++) out[(y * k + x) * 3 + c] = (pattern[y]?.[x] ?? 0) * (channels[c] ?? 0);
  return out;
}

const VERTICAL = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]];
const HORIZONTAL = [[-1, -1, -1], [0, 0, 0], [1, 1, 1]];
const DIAGONAL = [[0, 1, 1], [-1, 0, 1], [-1, -1, 0]];
const SMOOTH = [[1, 1, 1], [1, 1, 1], [1, 1, 1]];
const BLOB = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]];

describe('describeFirstLayerFilters', () => {
  test.each([
    ['vertical edge', VERTICAL], ['horizontal edge', HORIZONTAL], ['diagonal edge', DIAGONAL], ['smooth', SMOOTH], ['blob', BLOB],
  ] as const)('a %s kernel is read as one', (structure, pattern) => {
    expect(describeFirstLayerFilters(kernel(pattern, [1, 1, 1]), [3, 3, 3, 1])[0]?.structure).toBe(structure);
  });

  test('channel weights: alike is grey, one dominant is colour, opposite signs are colour-opponent', () => {
    const colour = (channels: readonly [number, number, number]): string | undefined => describeFirstLayerFilters(kernel(SMOOTH, channels), [3, 3, 3, 1])[0]?.colour;
    expect(colour([1, 1, 1])).toBe('grey');
    expect(colour([1, 0.1, 0.1])).toBe('colour');
    expect(colour([1, -1, 0])).toBe('colour-opponent');
  });

  test.prop([fc.nat()], { numRuns: 20 })('negative control: a transposed vertical edge is not read as a vertical edge', (seed) => {
    const rng = createRng(seed);
    const scale = 0.5 + rng();
    const transposed = VERTICAL.map((row, y) => row.map((_v, x) => (VERTICAL[x]?.[y] ?? 0) * scale));
    expect(describeFirstLayerFilters(kernel(transposed, [1, 1, 1]), [3, 3, 3, 1])[0]?.structure).not.toBe('vertical edge');
  });
});

describe('renderFeatureGrid', () => {
  test('one cell per channel in a near-square grid, each channel from its minimum (dark) to its maximum (bright)', () => {
    const [h, w, c] = [4, 4, 5];
    const values = new Float32Array(h * w * c);
    for (let p = 0; p < h * w; p++) {
      values[p * c] = p;          // channel 0: a ramp
      values[p * c + 1] = 7;      // channel 1: constant (a dead unit)
    }
    const png = PNG.sync.read(Buffer.from(renderFeatureGrid(values, [h, w, c], { scale: 2, gap: 1 })));
    expect([png.width, png.height]).toEqual([3 * 8 + 4, 2 * 8 + 3]);
    const pixel = (x: number, y: number): number[] => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3));
    const darkest = pixel(1, 1);         // channel 0, value 0
    const brightest = pixel(1 + 7, 1 + 7); // channel 0, value 15
    expect(darkest).toEqual([68, 1, 84]);     // viridis(0)
    expect(brightest).toEqual([253, 231, 37]); // viridis(1)
    expect(pixel(1 + 9 + 3, 1 + 3)).toEqual(darkest); // the constant channel is drawn dark
  });
});
