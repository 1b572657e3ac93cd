import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { approxEqual, tolerances } from '../../src/core/tolerance.js';
import { conv2dMatrix } from '../../src/linear/conv2dMatrix.js';
import { convGeometry, type ConvGeometry, type Padding } from '../../src/linear/convGeometry.js';
import { depthwiseConv2dMatrix } from '../../src/linear/depthwiseConv2dMatrix.js';
import { circularRestrictionBound, smallestCircularGrid } from '../../src/spectrum/circularRestrictionBound.js';
import { complexSingularValues } from '../../src/spectrum/complexSingularValues.js';
import { convNormBounds, type ConvNormOptions } from '../../src/spectrum/convNormBounds.js';
import { kernelSymbol } from '../../src/spectrum/kernelSymbol.js';
import type { NormBound } from '../../src/spectrum/NormBound.js';
import { relativeGap } from '../../src/spectrum/NormBound.js';
import { counterexample, denseOf, denseSingularValues, uniformData } from './support/denseOperators.js';

interface Case {
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly last: number;
  readonly kh: number;
  readonly kw: number;
  readonly strides: [number, number];
  readonly dilations: [number, number];
  readonly padding: Padding;
  readonly depthwise: boolean;
  readonly seed: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    h: fc.integer({ min: 1, max: 8 }), w: fc.integer({ min: 1, max: 8 }),
    cin: fc.integer({ min: 1, max: 3 }), last: fc.integer({ min: 1, max: 3 }),
    kh: fc.integer({ min: 1, max: 4 }), kw: fc.integer({ min: 1, max: 4 }),
    strides: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    dilations: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    padding: fc.oneof(fc.constant('valid' as const), fc.constant('same' as const), fc.tuple(fc.tuple(fc.nat(2), fc.nat(2)), fc.tuple(fc.nat(2), fc.nat(2)))),
    depthwise: fc.boolean(), seed: fc.nat(),
  })
  .filter((c) => {
    if (c.padding === 'same') return true;
    const [[t, b], [l, r]] = c.padding === 'valid' ? [[0, 0], [0, 0]] : c.padding;
    return c.h + t + b >= (c.kh - 1) * c.dilations[0] + 1 && c.w + l + r >= (c.kw - 1) * c.dilations[1] + 1;
  });

function describeCase(c: Case): string {
  return `x=[${c.h},${c.w},${c.cin}] k=${c.kh}x${c.kw}${c.depthwise ? `x${c.cin}x${c.last} depthwise` : `x${c.cin}x${c.last}`} s=${c.strides.join('x')} p=${typeof c.padding === 'string' ? c.padding : JSON.stringify(c.padding)} d=${c.dilations.join('x')}`;
}

function setup(c: Case): { kernel: { shape: number[]; data: Float64Array }; geometry: ConvGeometry; truth: number; values: Float64Array } {
  const kernel = { shape: [c.kh, c.kw, c.cin, c.last], data: uniformData(c.kh * c.kw * c.cin * c.last, c.seed) };
  const options = { inputShape: [c.h, c.w, c.cin] as [number, number, number], strides: c.strides, dilations: c.dilations, padding: c.padding };
  const op = c.depthwise ? depthwiseConv2dMatrix(kernel, options) : conv2dMatrix(kernel, options);
  const values = denseSingularValues(denseOf(op.matrix));
  return { kernel, geometry: op.geometry, truth: values[0] ?? 0, values };
}

type Bounds = (kernel: { shape: number[]; data: Float64Array }, g: ConvGeometry, options: ConvNormOptions) => NormBound;

/** lower ≤ ‖T‖₂ ≤ upper, allowing the dense reference SVD its own float64 error. */
function contains(b: NormBound, truth: number): boolean {
  const slack = 1e-12 * truth + 1e-14;
  return b.lower <= truth + slack && truth - slack <= b.upper;
}

function bracketProperty(bounds: Bounds): fc.IProperty<[Case]> {
  return fc.property(caseArb, (c) => {
    const { kernel, geometry, truth } = setup(c);
    const b = bounds(kernel, geometry, { depthwise: c.depthwise });
    if (!contains(b, truth)) throw new Error(`${describeCase(c)}: ‖T‖ = ${truth} not in [${b.lower}, ${b.upper}] (${b.method})`);
  });
}

/** Negative control: the bound of the same layer with its strides replaced by 1. */
const ignoringStride: Bounds = (kernel, g, options) =>
  convNormBounds(kernel, convGeometry({
    inputShape: [g.inHeight, g.inWidth, g.inChannels], kernelSize: [g.kernelHeight, g.kernelWidth],
    dilations: [g.dilationHeight, g.dilationWidth], padding: [[g.padTop, g.padBottom], [g.padLeft, g.padRight]],
  }), options);

describe('convNormBounds: a certified interval for the norm of the real layer (zero padding, strides, dilations)', () => {
  test.prop([caseArb], { numRuns: 100 })('lower ≤ ‖T‖₂ ≤ upper (‖T‖₂ = dense SVD of conv2dMatrix), relative gap ≤ 1%', (c) => {
    const { kernel, geometry, truth } = setup(c);
    const b = convNormBounds(kernel, geometry, { depthwise: c.depthwise });
    expect(contains(b, truth), `${describeCase(c)}: ‖T‖ = ${truth} not in [${b.lower}, ${b.upper}] (${b.method})`).toBe(true);
    expect(relativeGap(b), `${describeCase(c)}: gap of ${b.method}`).toBeLessThanOrEqual(0.01);
    expect(b.lower).toBeLessThanOrEqual(b.upper);
  });

  it('negative control: a bound that ignores the stride is caught by the same property', () => {
    expect(() => fc.assert(bracketProperty(convNormBounds), { numRuns: 30 })).not.toThrow();
    expect(counterexample(bracketProperty(ignoringStride), 200)).toMatch(/s=(?:[23]x\d|\dx[23]) .*not in \[/);
  });

  it('negative control, one case: x=[8,8,1] k=2x2 s=2 (non-overlapping windows) has norm ‖K‖_F, not the stride-1 norm', () => {
    const kernel = { shape: [2, 2, 1, 1], data: Float64Array.of(1, 1, 1, 1) };
    const geometry = convGeometry({ inputShape: [8, 8, 1], kernelSize: 2, strides: 2 });
    expect(convNormBounds(kernel, geometry).upper).toBeCloseTo(2, 6);
    expect(ignoringStride(kernel, geometry, {}).lower).toBeGreaterThan(3.5);
  });

  test.prop([caseArb.map((c) => ({ ...c, kh: 1, kw: 1 }))], { numRuns: 40 })('1×1 kernels are exact, smallest singular value included', (c) => {
    const { kernel, geometry, truth, values } = setup(c);
    const b = convNormBounds(kernel, geometry, { depthwise: c.depthwise });
    expect(b.exact).toBe(true);
    expect(b.method).toBe('pointwise-svd');
    expect(approxEqual(b.upper, truth, tolerances.float64), `${describeCase(c)}: ${b.upper} vs ${truth}`).toBe(true);
    expect(approxEqual(b.smallest ?? NaN, values[values.length - 1] ?? 0, tolerances.float64), `${describeCase(c)}: smallest ${b.smallest} vs ${values[values.length - 1]}`).toBe(true);
  });

  it('refuses a geometry that does not match the kernel, and a NaN weight, with LayerproofErrors', () => {
    const g = convGeometry({ inputShape: [6, 6, 2], kernelSize: 3 });
    expect(() => convNormBounds({ shape: [3, 3, 3, 1], data: new Float64Array(27) }, g)).toThrow(LayerproofError);
    expect(() => convNormBounds({ shape: [3, 3, 3, 1], data: new Float64Array(27) }, g)).toThrow(/geometry must be the geometry of this kernel/);
    expect(() => convNormBounds({ shape: [3, 3, 2, 1], data: [...new Float64Array(17), Number.NaN] }, g)).toThrow(/kernel\.data\[17\] must be a finite number/);
  });

  it('an aborted signal stops it with a LayerproofError', () => {
    const g = convGeometry({ inputShape: [6, 6, 2], kernelSize: 3 });
    const controller = new AbortController();
    controller.abort('stop');
    expect(() => convNormBounds({ shape: [3, 3, 2, 2], data: uniformData(36, 1) }, g, { signal: controller.signal })).toThrow(/aborted \(stop\)/);
  });
});

describe('circularRestrictionBound: the zero-padded layer is a restriction of a circular one', () => {
  test.prop([caseArb.filter((c) => !c.depthwise)], { numRuns: 60 })('‖T‖₂ ≤ max_ω ‖P(ω)‖ on the smallest valid grid', (c) => {
    const { kernel, geometry, truth } = setup(c);
    const k = { kh: c.kh, kw: c.kw, cin: c.cin, cout: c.last, data: kernel.data };
    const r = circularRestrictionBound(k, geometry, 1);
    expect(truth, describeCase(c)).toBeLessThanOrEqual(r.upper * (1 + 1e-12) + 1e-14);
  });

  it('negative control: on a grid the taps wrap onto the input (L = n, \'same\'), the circular norm is not a bound', () => {
    // Without the guard cell the wrapped taps of border outputs read real inputs.
    const property = fc.property(caseArb.filter((c) => !c.depthwise && c.padding === 'same' && c.strides[0] === 1 && c.strides[1] === 1 && c.kh > 1 && c.kw > 1), (c) => {
      const { kernel, truth } = setup(c);
      const k = { kh: c.kh, kw: c.kw, cin: c.cin, cout: c.last, data: kernel.data };
      const symbol = kernelSymbol(k, [1, 1], c.dilations);
      let max = 0;
      for (let a = 0; a < c.h; a++) for (let b = 0; b < c.w; b++) max = Math.max(max, complexSingularValues(symbol.at((2 * Math.PI * a) / c.h, (2 * Math.PI * b) / c.w))[0] ?? 0);
      if (truth > max * (1 + 1e-12) + 1e-14) throw new Error(`${describeCase(c)}: ${truth} > ${max}`);
    });
    expect(counterexample(property, 200)).toMatch(/p=same.*: [\d.e-]+ > [\d.e-]+/);
    expect(smallestCircularGrid(7, 7, 1, 1, 3, 1)).toBe(8);
  });
});
