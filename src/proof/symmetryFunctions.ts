import { LayerproofError } from '../core/LayerproofError.js';
import { float64Arithmetic } from '../exact/float64Arithmetic.js';
import { circularConv2dOver } from '../linear/circularConv2dOver.js';
import { globalPool2dOver } from '../linear/globalPool2dOver.js';
import { cyclicShiftOver } from '../symmetry/cyclicShiftOver.js';
import { flipOver } from '../symmetry/flipOver.js';
import { rotate90Over } from '../symmetry/rotate90Over.js';
import { zeroShiftOver } from '../symmetry/zeroShiftOver.js';
import { flattenValue, plainValue, reshape, shapeOf, type ClaimValue } from './ClaimValue.js';
import { asConvRecord } from './geometryRecords.js';
import { cycleGraph, disjointCycles, pathGraph, starGraph } from './namedGraphs.js';
import { asSize, asVector, numericOfRank } from './numericArguments.js';
import { group, proofFunction, type ProofFunction } from './proofFunction.js';
import { cyclicShiftMatrix, flipRecord, rotateRecord, shiftBand } from './symmetryRecords.js';

/** A numeric array of rank ≥ 2 (an image [H][W][C] or a kernel [kh][kw][cin][cout]), flat with its shape. */
export function gridArray(op: string, argument: string, value: unknown): { shape: number[]; data: number[] } {
  const v = plainValue(value);
  const shape = shapeOf(v, op, argument);
  if (shape.length < 2) throw LayerproofError.invalid({ op, argument, value: v, expected: 'an image [H][W][C] or a kernel [kh][kw][cin][cout] (an array of rank ≥ 2)' });
  return { shape, data: Array.from(flattenValue(v, op, argument)) };
}

/** An integer (a shift, a number of quarter turns). */
export function integerArgument(op: string, argument: string, value: unknown): number {
  const v = plainValue(value);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw LayerproofError.invalid({ op, argument, value: v, expected: 'an integer' });
  return v;
}

/** An image [h][w][c] of the record's input and its layer parts, checked. */
function circularParts(op: string, x: unknown, K: unknown, b: unknown, g: unknown): ClaimValue {
  const { record: r, geometry } = asConvRecord(op, 'g', g);
  const image = numericOfRank(op, 'x', x, 3, 'an image [h][w][c]');
  const kernel = numericOfRank(op, 'K', K, 4, 'a kernel [kh][kw][cin][cout]');
  const expectShape = (argument: string, actual: readonly number[], expected: readonly number[], what: string): void => {
    if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
      throw LayerproofError.invalid({ op, argument, value: `an array of shape [${actual.join(', ')}]`, expected: `of shape [${expected.join(', ')}], ${what}` });
    }
  };
  expectShape('x', image.shape, [r.h, r.w, r.cin], 'the input [h][w][c] of the geometry');
  expectShape('K', kernel.shape, [r.kh, r.kw, r.cin, r.cout], 'the kernel [kh][kw][cin][cout] of the geometry g');
  const bias = asVector(op, 'b', b);
  expectShape('b', [bias.length], [r.cout], 'one bias per output channel');
  return reshape(circularConv2dOver(float64Arithmetic, image.data, kernel.data, geometry, { bias }), [r.oh, r.ow, r.cout]);
}

/** Entries of an image whose row or column is in the band become 0; the others stay. */
export function maskBand<V>(op: string, M: readonly V[], band: { rows: readonly boolean[]; columns: readonly boolean[] }, zero: (pixel: V) => V): V[] {
  if (M.length !== band.rows.length) throw LayerproofError.invalid({ op, argument: 'M', value: `${M.length} rows`, expected: `${band.rows.length} rows, the output of the layer g` });
  return M.map((row, h) => {
    if (!Array.isArray(row) || row.length !== band.columns.length) {
      throw LayerproofError.invalid({ op, argument: `M[${h}]`, value: Array.isArray(row) ? `${row.length} columns` : 'not a row', expected: `${band.columns.length} columns, the output [oh][ow][c] of the layer g` });
    }
    return (row as readonly V[]).map((pixel, w) => (band.rows[h] === true || band.columns[w] === true ? zero(pixel) : pixel)) as V;
  });
}

const zeroLike = (v: ClaimValue): ClaimValue => (Array.isArray(v) ? (v as readonly ClaimValue[]).map(zeroLike) : 0);

/**
 * The functions of the translation, flip and rotation proofs and of the Weisfeiler–Leman claims,
 * float64 face: each runs the generic code of src/symmetry and src/linear (`cyclicShiftOver`,
 * `circularConv2dOver`, …) on numbers, the very code the bounded proofs run on symbols.
 */
export function symmetryFunctions(): Record<string, ProofFunction> {
  const remap = (op: string, f: (data: number[], shape: number[]) => { data: number[]; shape: number[] }) => (x: unknown): ClaimValue => {
    const { shape, data } = gridArray(op, 'x', x);
    const out = f(data, shape);
    return reshape(out.data, out.shape);
  };
  return {
    shift: proofFunction({
      usage: 'shift(x, a, b)',
      description: 'the cyclic shift of an image by a rows and b columns, every channel alike: (Sx)[h, w] = x[(h − a) mod H, (w − b) mod W], as tf.roll',
      tex: ([x = '', a = '', b = '']) => `S_{(${a},\\,${b})}${group(x)}`,
      evaluate: (x, a, b) => {
        const shift: [number, number] = [integerArgument('shift', 'a', a), integerArgument('shift', 'b', b)];
        return remap('shift', (d, s) => ({ data: cyclicShiftOver(d, s, shift), shape: s }))(x);
      },
    }),
    shiftMatrix: proofFunction({
      usage: 'shiftMatrix(h, w, c, a, b)',
      description: 'the permutation matrix S of the cyclic shift by (a, b) on h×w×c images: S·vec(x) = vec(shift(x, a, b)), every channel moved alike',
      tex: ([h = '', w = '', c = '', a = '', b = '']) => `S^{${h}\\times ${w}\\times ${c}}_{(${a},\\,${b})}`,
      evaluate: (h, w, c, a, b) => {
        const op = 'shiftMatrix';
        return cyclicShiftMatrix(op, asSize(op, 'h', h, 1), asSize(op, 'w', w, 1), asSize(op, 'c', c, 1), integerArgument(op, 'a', a), integerArgument(op, 'b', b));
      },
    }),
    zeroShift: proofFunction({
      usage: 'zeroShift(x, a, b)',
      description: 'the translation of an image by a rows and b columns with zero fill: x[h − a, w − b] where that pixel exists, 0 elsewhere',
      tex: ([x = '', a = '', b = '']) => `S^{0}_{(${a},\\,${b})}${group(x)}`,
      evaluate: (x, a, b) => {
        const shift: [number, number] = [integerArgument('zeroShift', 'a', a), integerArgument('zeroShift', 'b', b)];
        return remap('zeroShift', (d, s) => ({ data: zeroShiftOver(d, s, shift, 0), shape: s }))(x);
      },
    }),
    hflip: proofFunction({
      usage: 'hflip(x)',
      description: 'the left–right mirror of an image or a kernel: columns reversed, w ↦ W − 1 − w',
      tex: ([x = '']) => `\\operatorname{flip}_{\\leftrightarrow}${group(x)}`,
      evaluate: remap('hflip', (d, s) => ({ data: flipOver(d, s, 'columns'), shape: s })),
    }),
    vflip: proofFunction({
      usage: 'vflip(x)',
      description: 'the up–down mirror of an image or a kernel: rows reversed, h ↦ H − 1 − h',
      tex: ([x = '']) => `\\operatorname{flip}_{\\updownarrow}${group(x)}`,
      evaluate: remap('vflip', (d, s) => ({ data: flipOver(d, s, 'rows'), shape: s })),
    }),
    rot90: proofFunction({
      usage: 'rot90(x)',
      description: 'a quarter turn counterclockwise of an image or a kernel, as numpy.rot90: (Rx)[i, j] = x[j, W − 1 − i], of shape [W][H]',
      tex: ([x = '']) => `\\operatorname{rot}${group(x)}`,
      evaluate: remap('rot90', (d, s) => rotate90Over(d, s, 1)),
    }),
    circularConv2d: proofFunction({
      usage: 'circularConv2d(x, K, b, g)',
      description: "the convolution layer with circular padding (the input extended periodically, PyTorch's padding_mode='circular'), before its nonlinearity: every tap reads x at its index mod H and mod W; g's pads say where the window starts",
      tex: ([x = '', k = '', b = '', g = '']) => `\\operatorname{conv}^{\\circ}_{${g}}\\left(${x};\\, ${k}, ${b}\\right)`,
      evaluate: (x, K, b, g) => circularParts('circularConv2d', x, K, b, g),
    }),
    outsideBand: proofFunction({
      usage: 'outsideBand(M, g, a, b)',
      description: "an output image of the layer g with its border band under the input shift (a, b) set to 0: the rows and columns where a zero-padded layer's f(S⁰x) and S⁰f(x) may differ (see the translation proof)",
      tex: ([m = '', g = '', a = '', b = '']) => `\\left.${group(m)}\\right|_{\\notin B_{${g}}(${a},\\,${b})}`,
      evaluate: (M, g, a, b) => {
        const op = 'outsideBand';
        const band = shiftBand(op, g, integerArgument(op, 'a', a), integerArgument(op, 'b', b));
        const m = numericOfRank(op, 'M', M, 3, 'an output image [oh][ow][c] of the layer g');
        const image = reshape(m.data, m.shape) as readonly ClaimValue[];
        return maskBand(op, image, band, zeroLike);
      },
    }),
    globalAvgPool: proofFunction({
      usage: 'globalAvgPool(y)',
      description: 'global average pooling: the mean of each channel over every position, a vector of C values',
      tex: ([y = '']) => `\\operatorname{gap}${group(y)}`,
      evaluate: (y) => {
        const m = numericOfRank('globalAvgPool', 'y', y, 3, 'an image [h][w][c]');
        return globalPool2dOver(float64Arithmetic, 'avg', Array.from(m.data), m.shape as [number, number, number]);
      },
    }),
    globalMaxPool: proofFunction({
      usage: 'globalMaxPool(y)',
      description: 'global max pooling: the largest value of each channel over every position, a vector of C values',
      tex: ([y = '']) => `\\operatorname{gmp}${group(y)}`,
      evaluate: (y) => {
        const m = numericOfRank('globalMaxPool', 'y', y, 3, 'an image [h][w][c]');
        return globalPool2dOver(float64Arithmetic, 'max', Array.from(m.data), m.shape as [number, number, number]);
      },
    }),
    hflipGeometry: proofFunction({
      usage: 'hflipGeometry(g)',
      description: 'the layer that maps the mirrored input to the mirrored output: g with its left and right pads exchanged, less the columns the last window leaves unread, which move to the left',
      tex: ([g = '']) => `${group(g)}^{\\leftrightarrow}`,
      evaluate: (g) => flipRecord('hflipGeometry', g, 'columns'),
    }),
    vflipGeometry: proofFunction({
      usage: 'vflipGeometry(g)',
      description: 'the same for the up–down mirror: top and bottom pads exchanged, the unread rows moved to the top',
      tex: ([g = '']) => `${group(g)}^{\\updownarrow}`,
      evaluate: (g) => flipRecord('vflipGeometry', g, 'rows'),
    }),
    rot90Geometry: proofFunction({
      usage: 'rot90Geometry(g)',
      description: 'the layer that maps the rotated input to the rotated output: the transposed layer (rows and columns exchanged), flipped up–down',
      tex: ([g = '']) => `${group(g)}^{\\circlearrowleft}`,
      evaluate: (g) => rotateRecord('rot90Geometry', g),
    }),
    cycleGraph: proofFunction({
      usage: 'cycleGraph(n)',
      description: 'the adjacency matrix of the cycle on n ≥ 3 nodes, node i joined to i ± 1 mod n',
      tex: ([n = '']) => `A(\\mathrm{C}_{${n}})`,
      evaluate: (n) => cycleGraph(plainValue(n)),
    }),
    disjointCycles: proofFunction({
      usage: 'disjointCycles(k, m)',
      description: 'the adjacency matrix of k disjoint cycles on m ≥ 3 nodes each (k·m nodes)',
      tex: ([k = '', m = '']) => `A(${k}\\,\\mathrm{C}_{${m}})`,
      evaluate: (k, m) => disjointCycles(plainValue(k), plainValue(m)),
    }),
    pathGraph: proofFunction({
      usage: 'pathGraph(n)',
      description: 'the adjacency matrix of the path on n nodes',
      tex: ([n = '']) => `A(\\mathrm{P}_{${n}})`,
      evaluate: (n) => pathGraph(plainValue(n)),
    }),
    starGraph: proofFunction({
      usage: 'starGraph(n)',
      description: 'the adjacency matrix of the star on n nodes: node 0 joined to every other',
      tex: ([n = '']) => `A(\\mathrm{S}_{${n}})`,
      evaluate: (n) => starGraph(plainValue(n)),
    }),
  };
}
