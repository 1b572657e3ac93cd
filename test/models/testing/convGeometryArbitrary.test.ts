import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { convGeometry } from '../../../src/linear/convGeometry.js';
import { convGeometryArbitrary, type ConvGeometryConstraints, type GeneratedConvGeometry } from '../../../src/models/testing/convGeometryArbitrary.js';
import { tf } from '../../../src/tfjs/tf.js';

/** Why g breaks its constraints, or undefined: the definition the arbitrary must meet. */
function violation(g: GeneratedConvGeometry, c: Required<ConvGeometryConstraints>): string | undefined {
  const [h, w, cin] = g.inputShape;
  if (Math.max(h, w) > c.maxSize || Math.max(cin, g.filters) > c.maxChannels) return 'too large';
  if (Math.max(...g.kernelSize) > c.maxKernel || Math.max(...g.strides) > c.maxStride || Math.max(...g.dilations) > c.maxDilation) return 'beyond a maximum';
  if (c.tfjsCompatible && Math.max(...g.strides) > 1 && Math.max(...g.dilations) > 1) return 'strides and dilations both > 1';
  const kind = typeof g.padding === 'string' ? g.padding : 'explicit';
  if (!c.paddings.includes(kind)) return `padding ${kind}`;
  if (typeof g.padding !== 'string' && g.padding.flat().some((p) => p > c.maxPadding)) return 'padding too large';
  const [[t, b], [l, r]] = typeof g.padding === 'string' ? [[0, 0], [0, 0]] : g.padding;
  if (g.padding !== 'same' && ((g.kernelSize[0] - 1) * g.dilations[0] + 1 > h + t + b || (g.kernelSize[1] - 1) * g.dilations[1] + 1 > w + l + r)) return 'does not fit';
  const again = convGeometry({ inputShape: g.inputShape, kernelSize: g.kernelSize, strides: g.strides, dilations: g.dilations, padding: g.padding });
  if (again.outHeight !== g.outputShape[0] || again.outWidth !== g.outputShape[1] || g.outputShape[2] !== g.filters) return 'wrong output shape';
  return undefined;
}

const constraints: fc.Arbitrary<Required<ConvGeometryConstraints>> = fc.record({
  maxSize: fc.integer({ min: 1, max: 10 }),
  maxChannels: fc.integer({ min: 1, max: 4 }),
  maxKernel: fc.integer({ min: 1, max: 6 }),
  maxStride: fc.integer({ min: 1, max: 3 }),
  maxDilation: fc.integer({ min: 1, max: 3 }),
  paddings: fc.subarray(['valid', 'same', 'explicit'] as const, { minLength: 1 }),
  maxPadding: fc.integer({ min: 0, max: 3 }),
  tfjsCompatible: fc.boolean(),
});
const withConstraints = constraints.chain((c) => convGeometryArbitrary(c).map((g) => ({ c, g })));

describe('the convGeometry arbitrary', () => {
  test.prop([withConstraints], { numRuns: 300 })('every geometry fits its input and honours its constraints', ({ c, g }) => {
    expect(violation(g, c)).toBeUndefined();
  });

  test.prop([withConstraints.filter(({ g }) => g.padding !== 'same')])('negative control: the check catches the same geometry with a kernel one wider than the padded input', ({ c, g }) => {
    const pads = typeof g.padding === 'string' ? 0 : g.padding[1][0] + g.padding[1][1];
    const wide = { ...g, kernelSize: [g.kernelSize[0], g.inputShape[1] + pads + 1] as [number, number], dilations: [g.dilations[0], 1] as [number, number] };
    expect(violation(wide, { ...c, maxKernel: 100 })).toBe('does not fit');
  });

  test('without tfjsCompatible, strides and dilations above 1 together do occur; explicit paddings occur when asked for', () => {
    const free = fc.sample(convGeometryArbitrary({ tfjsCompatible: false, maxStride: 3, maxDilation: 3, paddings: ['explicit'] }), { numRuns: 200, seed: 1 });
    expect(free.some((g) => Math.max(...g.strides) > 1 && Math.max(...g.dilations) > 1)).toBe(true);
    expect(free.every((g) => Array.isArray(g.padding))).toBe(true);
  });

  test('shrinks to a smallest case: "every kernel is 1×1" fails with a 1×2 or 2×1 kernel, stride and dilation 1, on a 1×1 input (same) or a 2-pixel one (valid)', () => {
    const run = fc.check(fc.property(convGeometryArbitrary(), (g) => g.kernelSize[0] * g.kernelSize[1] === 1), { seed: 3 });
    const g = run.counterexample?.[0];
    expect(g).toBeDefined();
    if (g === undefined) return;
    expect(g.kernelSize[0] * g.kernelSize[1]).toBe(2);
    expect(g.strides).toEqual([1, 1]);
    expect(g.dilations).toEqual([1, 1]);
    expect([g.padding, g.inputShape.join('×')]).toEqual(g.padding === 'same' ? ['same', '1×1×1'] : ['valid', g.kernelSize.join('×') + '×1']);
  });

  test.each([
    [{ maxSize: 0 }, /constraints\.maxSize must be a positive integer/],
    [{ maxPadding: -1 }, /constraints\.maxPadding must be a non-negative integer/],
    [{ paddings: ['full'] }, /constraints\.paddings must be a non-empty array of 'valid', 'same' and 'explicit'/],
    [{ paddings: [] }, /constraints\.paddings must be a non-empty array/],
    [{ tfjsCompatible: 'yes' }, /constraints\.tfjsCompatible must be true or false/],
  ])('refuses %j', (c, message) => {
    expect(() => convGeometryArbitrary(c as never)).toThrow(LayerproofError);
    expect(() => convGeometryArbitrary(c as never)).toThrow(message);
  });
});

describe('TensorFlow.js takes every tfjsCompatible geometry (cpu backend)', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test.prop([convGeometryArbitrary({ maxStride: 3, maxDilation: 3, paddings: ['valid', 'same', 'explicit'] })], { numRuns: 60 })(
    'tf.conv2d runs and returns outputShape',
    (g) => {
      const pad = typeof g.padding === 'string' ? g.padding : [[0, 0], [...g.padding[0]], [...g.padding[1]], [0, 0]] as [[0, 0], [number, number], [number, number], [0, 0]];
      const shape = tf.tidy(() => tf.conv2d(tf.zeros<tf.Rank.R4>([1, ...g.inputShape]), tf.zeros<tf.Rank.R4>([...g.kernelSize, g.inputShape[2], g.filters]), g.strides, pad, 'NHWC', g.dilations).shape);
      expect(shape).toEqual([1, ...g.outputShape]);
    },
  );

  test('negative control: tf.conv2d refuses strides 2 with dilations 2, which tfjsCompatible rules out', () => {
    expect(() => tf.tidy(() => tf.conv2d(tf.zeros<tf.Rank.R4>([1, 6, 6, 1]), tf.zeros<tf.Rank.R4>([2, 2, 1, 1]), 2, 'valid', 'NHWC', 2))).toThrow(/strides.*dilations|dilations.*strides/i);
  });
});
