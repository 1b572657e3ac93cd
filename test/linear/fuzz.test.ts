import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  avgPoolMatrix, checkLinearity, conv2dDirect, conv2dMatrix, convGeometry, depthwiseConv2dMatrix, inferShapes, LayerproofError,
  pool2dDirect, SparseMatrix, sumPoolMatrix, toOperator,
} from '../../src/index.js';

/** Numbers that are often valid, often not. */
const num = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 31) },
);
const pair = fc.oneof(num, fc.tuple(num, num), fc.constantFrom(undefined, null, 'x', [1, 2, 3]));
const shape = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(num, num, num) },
  { weight: 1, arbitrary: fc.oneof(fc.tuple(num, num), fc.constant(undefined), fc.constant('32x32'), fc.array(num, { maxLength: 5 })) },
);
const padding = fc.oneof(
  fc.constantFrom('valid', 'same', 'full', undefined, 3),
  fc.tuple(fc.tuple(num, num), fc.tuple(num, num)),
  fc.tuple(fc.tuple(num, num)),
);
const data = (n: number) => fc.oneof(
  { weight: 6, arbitrary: fc.constant(Float64Array.from({ length: n }, (_v, i) => (i % 5) - 2)) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, 'data', [1, NaN], new Float32Array(3), {}) },
);
const weights = fc.tuple(num, num, num, num).chain((s) => {
  const n = s.every((v) => Number.isInteger(v) && v > 0 && v < 100) ? s.reduce((a, b) => a * b, 1) : 4;
  return fc.record({ shape: fc.oneof({ weight: 5, arbitrary: fc.constant(s) }, { weight: 1, arbitrary: fc.constantFrom(undefined, [1, 2], 'x') }), data: data(n) });
});
const convOptions = fc.record(
  { inputShape: shape, strides: pair, dilations: pair, padding, bias: fc.oneof(fc.constant(undefined), data(4)) },
  { requiredKeys: [] },
);
const poolOptions = fc.record({ inputShape: shape, poolSize: pair, strides: pair, padding }, { requiredKeys: [] });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: fc.constantFrom(null, undefined, 42, 'options') });

/** Runs `call`: it must return, or throw a LayerproofError; anything else fails the property. */
function returnsOrRefuses(call: () => unknown): void {
  try {
    call();
  } catch (error) {
    if (!(error instanceof LayerproofError)) throw new Error(`threw ${String(error)} instead of a LayerproofError`, { cause: error });
  }
}

describe('fuzz: every public builder returns a valid result or throws LayerproofError, never another exception', () => {
  test.prop([maybe(weights), maybe(convOptions)], { numRuns: 400 })('conv2dMatrix and depthwiseConv2dMatrix', (w, o) => {
    returnsOrRefuses(() => conv2dMatrix(w as never, o as never));
    returnsOrRefuses(() => depthwiseConv2dMatrix(w as never, o as never));
  });

  test.prop([maybe(poolOptions)], { numRuns: 400 })('avgPoolMatrix and sumPoolMatrix', (o) => {
    returnsOrRefuses(() => avgPoolMatrix(o as never));
    returnsOrRefuses(() => sumPoolMatrix(o as never));
  });

  test.prop([maybe(fc.record({ inputShape: shape, kernelSize: pair, strides: pair, dilations: pair, padding }, { requiredKeys: [] }))], { numRuns: 400 })(
    'convGeometry',
    (o) => {
      returnsOrRefuses(() => convGeometry(o as never));
    },
  );

  test.prop([maybe(weights), maybe(convOptions), data(48), fc.constantFrom('avg', 'sum', 'max', 'min'), maybe(poolOptions)], { numRuns: 300 })(
    'conv2dDirect and pool2dDirect',
    (w, o, x, kind, po) => {
      returnsOrRefuses(() => conv2dDirect(x as never, w as never, o as never));
      returnsOrRefuses(() => pool2dDirect(kind as never, x as never, po as never));
    },
  );

  test.prop([num, num, fc.array(fc.record({ row: num, col: num, value: num }), { maxLength: 6 }), data(6)], { numRuns: 300 })(
    'SparseMatrix.fromTriplets, multiply, transposeMultiply',
    (rows, cols, triplets, x) => {
      returnsOrRefuses(() => {
        const m = SparseMatrix.fromTriplets(rows, cols, triplets);
        returnsOrRefuses(() => m.multiply(x as never));
        returnsOrRefuses(() => m.transposeMultiply(x as never));
      });
    },
  );

  const layer = fc.oneof(
    fc.record({ kind: fc.constant('conv2d'), filters: num, kernel: pair, strides: pair, padding, dilations: pair }, { requiredKeys: ['kind'] }),
    fc.record({ kind: fc.constantFrom('avgPool', 'sumPool', 'maxPool'), poolSize: pair, strides: pair, padding }, { requiredKeys: ['kind'] }),
    fc.record({ kind: fc.constantFrom('relu', 'flatten', 'batchNorm', 'conv3d') }),
    fc.record({ kind: fc.constant('dense'), units: num }, { requiredKeys: ['kind'] }),
    fc.record({ kind: fc.constant('dropout'), rate: fc.constantFrom(0.5, 1, -1, NaN) }),
  );
  test.prop([maybe(fc.record({ inputShape: shape, layers: fc.array(layer, { maxLength: 6 }) }, { requiredKeys: [] })), layer, maybe(weights), shape], { numRuns: 400 })(
    'inferShapes and toOperator',
    (model, spec, w, inputShape) => {
      returnsOrRefuses(() => inferShapes(model as never));
      returnsOrRefuses(() => toOperator(spec as never, { kernel: w as never }, inputShape as never));
    },
  );

  test.prop([fc.oneof(fc.constant((x: Float64Array) => x), fc.constant(() => { throw new LayerproofError('inner'); }), fc.constant('f')), maybe(fc.record({ dimension: num, runs: num }, { requiredKeys: [] }))], { numRuns: 100 })(
    'checkLinearity',
    (f, o) => {
      returnsOrRefuses(() => checkLinearity(f as never, o as never));
    },
  );

  test('negative control: the harness itself fails on a TypeError', () => {
    expect(() => returnsOrRefuses(() => (null as unknown as { x: number }).x)).toThrow(/instead of a LayerproofError/);
  });
});
