import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { ImageLayout, WindowMode } from '../../../src/linear/conv2dMatrix.js';
import { convGeometry, type ConvGeometry } from '../../../src/linear/convGeometry.js';
import { axisMap } from '../../../src/linear/resampleMatrix.js';
import type { SparseMatrix } from '../../../src/linear/SparseMatrix.js';
import type { AffineOperator } from '../../../src/models/AffineOperator.js';
import { resampleOperator } from '../../../src/models/layers/resampleOperator.js';
import { transposedWindowOperator, windowOperator } from '../../../src/models/layers/windowOperator.js';
import { convCaseArb, integerData, type ConvCase } from '../../support/arbitraries.js';

const layoutArb = fc.constantFrom<ImageLayout>('channelsLast', 'channelsFirst');
const modeArb = fc.constantFrom<WindowMode>('full', 'diagonal');

function geometryOf(c: ConvCase): ConvGeometry {
  return convGeometry({ inputShape: [c.h, c.w, c.cin], kernelSize: [c.kh, c.kw], strides: c.strides, dilations: c.dilations, padding: c.padding });
}

const image = (layout: ImageLayout, h: number, w: number, ch: number): number[] => (layout === 'channelsFirst' ? [ch, h, w] : [h, w, ch]);

/** A forward or transposed window operator with integer entries, in either layout and mode. */
function operatorOf(c: ConvCase, mode: WindowMode, layout: ImageLayout, transposed: boolean, seed: number): AffineOperator {
  const g = geometryOf(c);
  const cout = mode === 'full' ? c.cout : c.cin * c.cout;
  const kernel = integerData(c.kh * c.kw * c.cin * cout, seed);
  const bias = integerData(transposed ? c.cin : cout, seed + 1);
  const shapes = { inputShape: image(layout, g.inHeight, g.inWidth, c.cin), outputShape: image(layout, g.outHeight, g.outWidth, cout) };
  const base = { kind: 'test', geometry: g, cout, mode, layout, bias, activation: 'linear' as const };
  return transposed
    ? transposedWindowOperator({ ...base, inputShape: shapes.outputShape, outputShape: shapes.inputShape, value: (ci, co, tap) => kernel[(tap * c.cin + ci) * cout + co] as number })
    : windowOperator({ ...base, ...shapes, value: (_row, ci, co, tap) => kernel[(tap * c.cin + ci) * cout + co] as number });
}

const sameArrays = (a: SparseMatrix, b: SparseMatrix): boolean =>
  a.rows === b.rows && a.cols === b.cols &&
  a.rowPtr.every((v, i) => v === b.rowPtr[i]) && a.colIndex.length === b.colIndex.length &&
  a.colIndex.every((v, i) => v === b.colIndex[i]) && a.values.every((v, i) => v === b.values[i]);

const sortedRows = (m: SparseMatrix): boolean => {
  for (let r = 0; r < m.rows; r++) {
    for (let k = (m.rowPtr[r] as number) + 1; k < (m.rowPtr[r + 1] as number); k++) if ((m.colIndex[k] as number) <= (m.colIndex[k - 1] as number)) return false;
  }
  return true;
};

/** Whether `first` is `last` with rows and columns taken from HWC to CHW order (bias included). */
function isChannelsFirstOf(first: AffineOperator, last: AffineOperator): boolean {
  const [ih, iw, ic] = last.inputShapes[0] as [number, number, number];
  const [oh, ow, oc] = last.outputShape as [number, number, number];
  const toFirst = (i: number, positions: number, channels: number): number => (i % channels) * positions + Math.floor(i / channels);
  const cl = last.rowBlock(0, last.rows);
  const cf = first.rowBlock(0, first.rows);
  if (cf.nnz !== cl.nnz) return false;
  for (let r = 0; r < cl.rows; r++) {
    const rf = toFirst(r, oh * ow, oc);
    if (first.bias[rf] !== last.bias[r]) return false;
    for (let k = cl.rowPtr[r] as number; k < (cl.rowPtr[r + 1] as number); k++) {
      if (cf.get(rf, toFirst(cl.colIndex[k] as number, ih * iw, ic)) !== cl.values[k]) return false;
    }
  }
  return true;
}

const cases = fc.tuple(convCaseArb(), modeArb, layoutArb, fc.boolean(), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }));

describe('row blocks of the convolution-family operators', () => {
  test.prop([cases], { numRuns: 150 })('rowBlock(a, b) holds exactly rows a..b of the whole T, whose nnz is the one counted without building', ([c, mode, layout, transposed, seed, u, v]) => {
    const op = operatorOf(c, mode, layout, transposed, seed);
    const whole = op.rowBlock(0, op.rows);
    expect(whole.nnz).toBe(op.nnz);
    expect(sortedRows(whole)).toBe(true);
    const a = Math.floor(Math.min(u, v) * op.rows);
    const b = Math.ceil(Math.max(u, v) * op.rows);
    expect(sameArrays(op.rowBlock(a, b), whole.rowSlice(a, b))).toBe(true);
  });

  test.prop([cases], { numRuns: 60 })('negative control: a block built from the wrong first row is told apart', ([c, mode, layout, transposed, seed, u]) => {
    const op = operatorOf(c, mode, layout, transposed, seed);
    const whole = op.rowBlock(0, op.rows);
    const a = 1 + Math.floor(u * (op.rows - 1));
    fc.pre(a < op.rows);
    const shifted = op.rowBlock(a - 1, op.rows - 1);
    fc.pre(!sameArrays(whole.rowSlice(a - 1, op.rows - 1), whole.rowSlice(a, op.rows)));
    expect(sameArrays(shifted, whole.rowSlice(a, op.rows))).toBe(false);
  });

  test.prop([cases], { numRuns: 60 })('the transposed operator is exactly the transpose of the forward one', ([c, mode, layout, _t, seed]) => {
    const forward = operatorOf(c, mode, layout, false, seed);
    const transposed = operatorOf(c, mode, layout, true, seed);
    expect(sameArrays(transposed.rowBlock(0, transposed.rows), forward.rowBlock(0, forward.rows).transpose())).toBe(true);
  });

  test.prop([cases], { numRuns: 60 })('channels-first T is the channels-last T with rows and columns permuted (CHW ↔ HWC)', ([c, mode, _l, transposed, seed]) => {
    const last = operatorOf(c, mode, 'channelsLast', transposed, seed);
    const first = operatorOf(c, mode, 'channelsFirst', transposed, seed);
    expect(isChannelsFirstOf(first, last)).toBe(true);
  });

  test.prop([cases], { numRuns: 40 })('negative control: the channels-last T taken for the channels-first one is caught', ([c, mode, _l, transposed, seed]) => {
    const last = operatorOf(c, mode, 'channelsLast', transposed, seed);
    const [h, w, ch] = last.inputShapes[0] as [number, number, number];
    const [oh, ow, oc] = last.outputShape as [number, number, number];
    // The permutation is the identity only for one channel or one cell.
    fc.pre((ch > 1 && h * w > 1) || (oc > 1 && oh * ow > 1));
    fc.pre(last.rowBlock(0, last.rows).values.some((v) => v !== 0) || last.bias.some((v) => v !== 0));
    expect(isChannelsFirstOf(last, last)).toBe(false);
  });

  test.prop([cases.filter(([c]) => typeof c.padding !== 'string' && (c.padding[0][0] !== c.padding[0][1] || c.padding[1][0] !== c.padding[1][1]))], { numRuns: 40 })(
    'negative control: a transposed operator with its padding on the other side is not the transpose',
    ([c, mode, layout, _t, seed]) => {
      const forward = operatorOf(c, mode, layout, false, seed);
      const [[t, b], [l, r]] = c.padding as [[number, number], [number, number]];
      const mirrored = operatorOf({ ...c, padding: [[b, t], [r, l]] }, mode, layout, true, seed);
      fc.pre(mirrored.rows === forward.cols && mirrored.cols === forward.rows);
      const expected = forward.rowBlock(0, forward.rows).transpose();
      fc.pre(expected.values.some((v) => v !== 0));
      expect(sameArrays(mirrored.rowBlock(0, mirrored.rows), expected)).toBe(false);
    },
  );

  test.prop([fc.record({ h: fc.integer({ min: 1, max: 6 }), w: fc.integer({ min: 1, max: 6 }), c: fc.integer({ min: 1, max: 3 }), f: fc.integer({ min: 1, max: 3 }) }), layoutArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })], { numRuns: 60 })(
    'resample operators: rowBlock(a, b) holds rows a..b of the whole, nnz counted exactly',
    (s, layout, seed, u, v) => {
      const taps = (o: number): [number, number][] => [[Math.floor(o / s.f), 0.25], [Math.floor(o / s.f) + 1 + (seed % 2), 0.75]];
      const op = resampleOperator({ kind: 'test', rows: axisMap(s.h, s.h * s.f, taps), cols: axisMap(s.w, s.w * s.f, taps), channels: s.c, layout });
      const whole = op.rowBlock(0, op.rows);
      expect(whole.nnz).toBe(op.nnz);
      expect(sortedRows(whole)).toBe(true);
      const a = Math.floor(Math.min(u, v) * op.rows);
      const b = Math.ceil(Math.max(u, v) * op.rows);
      expect(sameArrays(op.rowBlock(a, b), whole.rowSlice(a, b))).toBe(true);
    },
  );

  test('rowBlock refuses a range outside the operator, naming it', () => {
    const op = operatorOf({ h: 3, w: 3, cin: 1, cout: 1, kh: 2, kw: 2, strides: [1, 1], dilations: [1, 1], padding: 'valid' }, 'full', 'channelsLast', false, 1);
    expect(() => op.rowBlock(2, op.rows + 1)).toThrow(/test\.rowBlock.*\[start, end\)/);
  });
});

describe('memory: a large convolution is built a block at a time', () => {
  test('64×64×16 → 32, 3×3 same: every block holds only its own rows and the blocks add up to nnz', () => {
    const c: ConvCase = { h: 64, w: 64, cin: 16, cout: 32, kh: 3, kw: 3, strides: [1, 1], dilations: [1, 1], padding: 'same' };
    const op = operatorOf(c, 'full', 'channelsLast', false, 3);
    expect(op.nnz).toBe(((64 * 3 - 2) ** 2) * 16 * 32);
    const blockRows = 4096;
    const perRow = 3 * 3 * 16;
    let total = 0;
    for (let start = 0; start < op.rows; start += blockRows) {
      const end = Math.min(op.rows, start + blockRows);
      const block = op.rowBlock(start, end);
      // Exactly sized arrays: no more than this block's share of T is ever allocated.
      expect(block.rowPtr.length).toBe(end - start + 1);
      expect(block.colIndex.length).toBe(block.rowPtr[end - start]);
      expect(block.values.length).toBeLessThanOrEqual((end - start) * perRow);
      total += block.nnz;
    }
    expect(total).toBe(op.nnz);
    // The whole T would be about 18.6 M entries (220 MB as CSR); each block above is under 0.6 M.
    expect(op.nnz).toBeGreaterThan(30 * blockRows * perRow);
  });
});
