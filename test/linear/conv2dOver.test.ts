import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { float64Arithmetic } from '../../src/exact/float64Arithmetic.js';
import { conv2dDirect } from '../../src/linear/conv2dDirect.js';
import { conv2dOver } from '../../src/linear/conv2dOver.js';
import { convGeometry, type ConvGeometry } from '../../src/linear/convGeometry.js';
import { convCaseArb, describeCase, uniformData, type ConvCase } from '../support/arbitraries.js';

const f64 = float64Arithmetic;

function geometryOf(c: ConvCase): ConvGeometry {
  return convGeometry({ inputShape: [c.h, c.w, c.cin], kernelSize: [c.kh, c.kw], strides: c.strides, dilations: c.dilations, padding: c.padding });
}

/** The case's data: image, HWIO kernel (last axis cout, or the multiplier when depthwise) and bias. */
function dataOf(c: ConvCase, seed: number, depthwise: boolean) {
  const channels = depthwise ? c.cin * c.cout : c.cout;
  return {
    x: Float64Array.from(uniformData(c.h * c.w * c.cin, seed)),
    kernel: Float64Array.from(uniformData(c.kh * c.kw * c.cin * c.cout, seed + 1)),
    bias: Float64Array.from(uniformData(channels, seed + 2)),
  };
}

function direct(c: ConvCase, d: ReturnType<typeof dataOf>, depthwise: boolean, withBias: boolean): number[] {
  return Array.from(conv2dDirect(d.x, { shape: [c.kh, c.kw, c.cin, c.cout], data: d.kernel }, {
    inputShape: [c.h, c.w, c.cin], strides: c.strides, dilations: c.dilations, padding: c.padding, depthwise,
    ...(withBias && { bias: d.bias }),
  }).data);
}

describe('conv2dOver over float64 is conv2dDirect, bit for bit', () => {
  test.prop([convCaseArb(), fc.boolean(), fc.boolean(), fc.nat()], { numRuns: 150 })(
    'every padding kind, stride and dilation, with and without bias, ordinary and depthwise',
    (c, depthwise, withBias, seed) => {
      const d = dataOf(c, seed, depthwise);
      const over = conv2dOver(f64, d.x, d.kernel, geometryOf(c), { depthwise, ...(withBias && { bias: d.bias }) });
      expect(over, `${describeCase(c)} depthwise=${depthwise} bias=${withBias}`).toEqual(direct(c, d, depthwise, withBias));
    },
  );

  test.prop([convCaseArb(), fc.boolean(), fc.nat()], { numRuns: 80 })(
    "negative control: the 'same' padding split on the wrong side (the odd cell on top) is caught",
    (c, depthwise, seed) => {
      const g = geometryOf({ ...c, padding: 'same' });
      fc.pre(g.padTop !== g.padBottom || g.padLeft !== g.padRight);
      // A window wider than the image may read only padding either way: nothing to tell apart.
      fc.pre(c.h >= g.effectiveKernelHeight && c.w >= g.effectiveKernelWidth);
      const d = dataOf(c, seed, depthwise);
      const wrong = { ...g, padTop: g.padBottom, padBottom: g.padTop, padLeft: g.padRight, padRight: g.padLeft };
      const over = conv2dOver(f64, d.x, d.kernel, wrong, { depthwise });
      expect(over).not.toEqual(direct({ ...c, padding: 'same' }, d, depthwise, false));
    },
  );

  test.prop([convCaseArb().filter((c) => c.kh !== c.kw), fc.nat()], { numRuns: 60 })(
    'negative control: a kernel read with kh and kw transposed is caught',
    (c, seed) => {
      const t: ConvCase = { ...c, kh: c.kw, kw: c.kh };
      // An image that covers the kernel both ways round, so that every tap is read somewhere.
      const span = (k: number, d: number): number => (k - 1) * d + 1;
      fc.pre(Math.min(c.h, c.w) >= Math.max(span(c.kh, c.dilations[0]), span(c.kw, c.dilations[1]), span(c.kh, c.dilations[1]), span(c.kw, c.dilations[0])));
      const gt = geometryOf({ ...t, padding: 'same' });
      const d = dataOf(c, seed, false);
      // Same data, the kernel's spatial axes read the other way round.
      const over = conv2dOver(f64, d.x, d.kernel, gt);
      expect(over).not.toEqual(direct({ ...c, padding: 'same' }, d, false, false));
    },
  );
});

describe('conv2dOver: bad arguments', () => {
  const g = convGeometry({ inputShape: [3, 3, 2], kernelSize: 2 });
  test('a kernel whose length is not a multiple of kh·kw·cin = 8 is refused, naming the length', () => {
    expect(() => conv2dOver(f64, new Float64Array(18), new Float64Array(12), g)).toThrow(LayerproofError);
    expect(() => conv2dOver(f64, new Float64Array(18), new Float64Array(12), g)).toThrow(/kernel\.length must be a positive multiple of kh·kw·cin = 2·2·2 = 8 .*but got 12/);
  });
  test('an image of the wrong size and a bias of the wrong length are refused', () => {
    expect(() => conv2dOver(f64, new Float64Array(17), new Float64Array(16), g)).toThrow(/x\.length must be 18/);
    expect(() => conv2dOver(f64, new Float64Array(18), new Float64Array(16), g, { bias: [1, 2, 3] })).toThrow(/options\.bias\.length must be 2/);
    expect(() => conv2dOver(f64, new Float64Array(18), new Float64Array(16), g, { depthwise: true, bias: [1, 2] })).toThrow(/depthwiseConv2dOver: options\.bias\.length must be 4/);
  });
});
