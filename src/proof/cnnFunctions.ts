import { LayerproofError } from '../core/LayerproofError.js';
import { avgPoolMatrix } from '../linear/avgPoolMatrix.js';
import { conv2dDirect } from '../linear/conv2dDirect.js';
import { conv2dMatrix } from '../linear/conv2dMatrix.js';
import { depthwiseConv2dMatrix } from '../linear/depthwiseConv2dMatrix.js';
import { pool2dDirect, type PoolKind } from '../linear/pool2dDirect.js';
import type { SparseMatrix } from '../linear/SparseMatrix.js';
import { sumPoolMatrix } from '../linear/sumPoolMatrix.js';
import { reshape, type ClaimValue } from './ClaimValue.js';
import { asConvRecord, asPoolRecord, type ConvRecord } from './geometryRecords.js';
import { asVector, numericOfRank } from './numericArguments.js';
import { group, proofFunction, type ProofFunction } from './proofFunction.js';

function sameShape(op: string, argument: string, actual: readonly number[], expected: readonly number[], what: string): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw LayerproofError.invalid({ op, argument, value: `an array of shape [${actual.join(', ')}]`, expected: `of shape [${expected.join(', ')}], ${what}` });
  }
}

function convParts(op: string, K: unknown, g: unknown): { record: ConvRecord; weights: { shape: number[]; data: Float64Array }; options: { inputShape: [number, number, number]; strides: [number, number]; dilations: [number, number]; padding: [[number, number], [number, number]] } } {
  const { record } = asConvRecord(op, 'g', g);
  const weights = numericOfRank(op, 'K', K, 4, 'a kernel [kh][kw][cin][cout]');
  sameShape(op, 'K', weights.shape, [record.kh, record.kw, record.cin, record.cout], 'the kernel [kh][kw][cin][cout] of the geometry g');
  return {
    record, weights,
    options: {
      inputShape: [record.h, record.w, record.cin], strides: [record.sh, record.sw], dilations: [record.dh, record.dw],
      padding: [[record.pt, record.pb], [record.pl, record.pr]],
    },
  };
}

function image(op: string, x: unknown, shape: readonly number[]): Float64Array {
  const v = numericOfRank(op, 'x', x, 3, 'an image [h][w][c]');
  sameShape(op, 'x', v.shape, shape, 'the input [h][w][c] of the geometry');
  return v.data;
}

function dense(m: SparseMatrix): number[][] {
  return m.toDense().to2DArray();
}

function pool(kind: PoolKind) {
  return (x: unknown, q: unknown): ClaimValue => {
    const op = `${kind}Pool`;
    const { record } = asPoolRecord(op, 'q', q);
    const data = image(op, x, [record.h, record.w, record.c]);
    const out = pool2dDirect(kind, data, { inputShape: [record.h, record.w, record.c], poolSize: [record.kh, record.kw], strides: [record.sh, record.sw], padding: record.padding });
    return reshape(out.data, out.shape);
  };
}

function poolOptions(op: string, q: unknown) {
  const { record } = asPoolRecord(op, 'q', q);
  return {
    record,
    options: { inputShape: [record.h, record.w, record.c] as [number, number, number], poolSize: [record.kh, record.kw] as [number, number], strides: [record.sh, record.sw] as [number, number], padding: record.padding },
  };
}

/**
 * Convolution and pooling functions for claims, each a thin wrapper of `src/linear`:
 * `conv2d` is the direct float64 convolution from its definition and `toeplitz` the
 * explicit matrix, two independent implementations that a claim sets side by side.
 */
export function cnnFunctions(): Record<string, ProofFunction> {
  return {
    conv2d: proofFunction({
      usage: 'conv2d(x, K, b, g)',
      description: 'the convolution layer before its nonlinearity, from the definition (a discrete sum over the kernel taps and input channels, zero outside the input), with bias b; an image [oh][ow][cout]',
      tex: ([x = '', k = '', b = '', g = '']) => `\\operatorname{conv}_{${g}}\\left(${x};\\, ${k}, ${b}\\right)`,
      evaluate: (x, K, b, g) => {
        const op = 'conv2d';
        const { record, weights, options } = convParts(op, K, g);
        const data = image(op, x, [record.h, record.w, record.cin]);
        const bias = asVector(op, 'b', b);
        sameShape(op, 'b', [bias.length], [record.cout], 'one bias per output channel');
        const out = conv2dDirect(data, weights, { ...options, bias });
        return reshape(out.data, out.shape);
      },
    }),
    toeplitz: proofFunction({
      usage: 'toeplitz(K, g)',
      description: 'the doubly-block-Toeplitz matrix T of the convolution with kernel K and geometry g, of size (oh·ow·cout) × (h·w·cin) (built by conv2dMatrix, dense)',
      tex: ([k = '', g = '']) => `T_{${g}}\\left(${k}\\right)`,
      evaluate: (K, g) => {
        const { weights, options } = convParts('toeplitz', K, g);
        return dense(conv2dMatrix(weights, options).matrix);
      },
    }),
    repeatBias: proofFunction({
      usage: 'repeatBias(b, g)',
      description: 'the bias of every output position: the vector 1 ⊗ b of length oh·ow·cout',
      tex: ([b = '']) => `\\mathbf{1}\\otimes ${group(b)}`,
      evaluate: (b, g) => {
        const op = 'repeatBias';
        const { record } = asConvRecord(op, 'g', g);
        const bias = asVector(op, 'b', b);
        sameShape(op, 'b', [bias.length], [record.cout], 'one bias per output channel');
        return Array.from({ length: record.oh * record.ow * record.cout }, (_v, i) => bias[i % record.cout] ?? NaN);
      },
    }),
    avgPool: proofFunction({
      usage: 'avgPool(x, q)',
      description: 'average pooling from its definition: the mean of the input cells under each window (padding cells are not counted)',
      tex: ([x = '', q = '']) => `\\operatorname{avgpool}_{${q}}\\left(${x}\\right)`,
      evaluate: pool('avg'),
    }),
    sumPool: proofFunction({
      usage: 'sumPool(x, q)',
      description: 'sum pooling from its definition: the sum of the input cells under each window',
      tex: ([x = '', q = '']) => `\\operatorname{sumpool}_{${q}}\\left(${x}\\right)`,
      evaluate: pool('sum'),
    }),
    maxPool: proofFunction({
      usage: 'maxPool(x, q)',
      description: 'max pooling: the largest input cell under each window',
      tex: ([x = '', q = '']) => `\\operatorname{maxpool}_{${q}}\\left(${x}\\right)`,
      evaluate: pool('max'),
    }),
    avgPoolMatrix: proofFunction({
      usage: 'avgPoolMatrix(q)',
      description: 'the matrix of average pooling (entries 1/count, count = input cells under the window), dense',
      tex: ([q = '']) => `A_{${q}}`,
      evaluate: (q) => dense(avgPoolMatrix(poolOptions('avgPoolMatrix', q).options).matrix),
    }),
    sumPoolMatrix: proofFunction({
      usage: 'sumPoolMatrix(q)',
      description: 'the 0/1 matrix of sum pooling, dense',
      tex: ([q = '']) => `S_{${q}}`,
      evaluate: (q) => dense(sumPoolMatrix(poolOptions('sumPoolMatrix', q).options).matrix),
    }),
    meanFilterMatrix: proofFunction({
      usage: 'meanFilterMatrix(q)',
      description: "the Toeplitz matrix of the depthwise convolution with the constant kernel 1/(kh·kw), the pooling's strides and padding (zero padding counted): the student's \"pooling is a convolution with a 1/n² filter\"",
      tex: ([q = '']) => `T_{${q}}\\!\\left(\\tfrac{1}{k_h k_w}\\mathbf{1}\\right)`,
      evaluate: (q) => {
        const { record, options } = poolOptions('meanFilterMatrix', q);
        const taps = record.kh * record.kw;
        const weights = { shape: [record.kh, record.kw, record.c, 1], data: new Float64Array(taps * record.c).fill(1 / taps) };
        return dense(depthwiseConv2dMatrix(weights, { inputShape: options.inputShape, strides: options.strides, padding: options.padding }).matrix);
      },
    }),
  };
}
