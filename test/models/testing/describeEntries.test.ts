import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { describeEntries, formatNumber, multiIndex } from '../../../src/models/testing/describeEntries.js';

const shapes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });

describe('describeEntries and multiIndex', () => {
  test.prop([shapes.chain((shape) => fc.nat(shape.reduce((a, b) => a * b, 1) - 1).map((flat) => ({ shape, flat })))])(
    'multiIndex inverts the row-major flattening',
    ({ shape, flat }) => {
      const index = multiIndex(flat, shape);
      expect(index.every((v, axis) => v >= 0 && v < (shape[axis] ?? 0))).toBe(true);
      expect(index.reduce((acc, v, axis) => acc * (shape[axis] ?? 1) + v, 0)).toBe(flat);
    },
  );

  test('negative control: re-flattening column-major, the check above fails on a non-square shape', () => {
    const shape = [2, 3];
    const index = multiIndex(1, shape);
    const columnMajor = index.reduceRight((acc, v, axis) => acc * (shape[axis] ?? 1) + v, 0);
    expect(index).toEqual([0, 1]);
    expect(columnMajor).not.toBe(1);
  });

  test('lists the non-zero entries by position, and says so when there are none', () => {
    expect(describeEntries(Float64Array.of(0, 0.5, 0, 0, 0, -1.25), [2, 3])).toBe('[2, 3], 2 of 6 entries non-zero: [0, 1] = 0.5, [1, 2] = -1.25');
    expect(describeEntries(new Float64Array(4), [2, 2, 1])).toBe('[2, 2, 1], all 4 entries zero');
    expect(describeEntries([1, 2], undefined)).toBe('2 entries, all 2 entries non-zero: [0] = 1, [1] = 2');
    expect(describeEntries(Float64Array.from({ length: 12 }, (_v, i) => i + 1), [12], 3)).toBe('[12], all 12 entries non-zero: [0] = 1, [1] = 2, [2] = 3, … 9 more');
  });

  test('formats short binary fractions exactly and float32 noise to 6 digits', () => {
    expect(formatNumber(0.0244140625)).toBe('0.0244140625');
    expect(formatNumber(Math.fround(0.3))).toBe('0.3');
    expect(formatNumber(-2)).toBe('-2');
    expect(formatNumber(1.5e-9)).toBe('1.500e-9');
  });
});
