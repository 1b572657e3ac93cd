import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import type { GraphNodeJson } from '../../../src/models/graph/GraphDefJson.js';
import { uniformData } from '../../support/arbitraries.js';
import { attr, checkSites, describeCheck, loadFixture, mutateNode, randomWeight, siteResult, type FixtureWeight, type GraphFixture } from './graphFixture.js';

/** An operand shape, and shapes that broadcast to it: a constant (maybe with a leading batch axis of 1) and a second operand (size 1 on some axes). */
const shapesArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    constShape: fc.tuple(fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }), fc.integer({ min: 0, max: shape.length }), fc.boolean())
      .map(([ones, drop, batchAxis]) => {
        const s = shape.map((d, i) => (ones[i] === true ? 1 : d)).slice(drop);
        return batchAxis && drop === 0 ? [1, ...s] : s;
      }),
    otherShape: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }).map((ones) => shape.map((d, i) => (ones[i] === true ? 1 : d))),
  }));

type Shapes = { shape: number[]; constShape: number[]; otherShape: number[] };

/** Away from zero, either sign: a divisor. */
function divisor(shape: readonly number[], seed: number): FixtureWeight {
  const u = uniformData(shape.reduce((a, b) => a * b, 1), seed);
  return { shape, data: Array.from(u, (v) => Math.sign(v || 1) * (0.5 + Math.abs(v))) };
}

function elementwiseFixture(s: Shapes, seed: number): GraphFixture {
  const last = s.shape[s.shape.length - 1] ?? 1;
  const nodes: GraphNodeJson[] = [
    { name: 'add_xc', op: 'AddV2', input: ['x', 'c'] },
    { name: 'add_cx', op: 'Add', input: ['c', 'x'] },
    { name: 'add_xy', op: 'AddV2', input: ['x', 'y'] },
    { name: 'sub_xc', op: 'Sub', input: ['x', 'c'] },
    { name: 'sub_cx', op: 'Sub', input: ['c', 'x'] },
    { name: 'sub_xy', op: 'Sub', input: ['x', 'y'] },
    { name: 'mul_xc', op: 'Mul', input: ['x', 'c'] },
    { name: 'mul_cx', op: 'Mul', input: ['c', 'x'] },
    { name: 'div_xd', op: 'RealDiv', input: ['x', 'd'] },
    { name: 'bias', op: 'BiasAdd', input: ['x', 'b'], attr: { data_format: attr.s('NHWC') } },
    { name: 'neg', op: 'Neg', input: ['x'] },
    { name: 'addn', op: 'AddN', input: ['x', 'x', 'neg'], attr: { N: attr.i(3) } },
  ];
  return {
    inputs: { x: s.shape, y: s.otherShape },
    nodes,
    weights: { c: randomWeight(s.constShape, seed + 1), d: divisor(s.constShape, seed + 2), b: randomWeight([last], seed + 3) },
  };
}

describe.each(['cpu', 'wasm'] as const)('graph element-wise ops on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([shapesArb, fc.nat()], { numRuns: 15 })(
    'Add, AddV2, Sub, Mul, RealDiv by constants and tensors (broadcasting), BiasAdd, Neg, AddN match the model',
    async (s, seed) => {
      const { model, topology } = await loadFixture(elementwiseFixture(s, seed));
      const results = await checkSites(model, topology, seed);
      expect(results.map((r) => r.site.name)).toEqual(['add_xc', 'add_cx', 'add_xy', 'sub_xc', 'sub_cx', 'sub_xy', 'mul_xc', 'mul_cx', 'div_xd', 'bias', 'neg', 'addn']);
      for (const r of results) expect(r.check?.ok, `${JSON.stringify(s)} ${describeCheck(r)}`).toBe(true);
      expect(siteResult(results, 'add_xy').site.inputs).toEqual(['x', 'y']);
      model.dispose();
    },
  );

  test.prop([shapesArb, fc.constantFrom('sub_xc', 'sub_cx', 'sub_xy'), fc.nat()], { numRuns: 15 })(
    'negative control: Sub read with its operands swapped (the sign flipped) is rejected',
    async (s, name, seed) => {
      const { model, topology } = await loadFixture(elementwiseFixture(s, seed));
      const wrong = mutateNode(topology, name, (n) => ({ ...n, input: [...(n.input ?? [])].reverse() }));
      const r = siteResult(await checkSites(model, wrong, seed), name);
      expect(r.check?.ok, `${JSON.stringify(s)} ${describeCheck(r)}`).toBe(false);
      model.dispose();
    },
  );

  test.prop([fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.nat()], { numRuns: 15 })(
    'FusedBatchNormV3 is diagonal, γ/√(σ² + ε); negative control: with the square root forgotten it is rejected',
    async (shape, seed) => {
      const c = shape[shape.length - 1] ?? 1;
      const variance = Array.from(uniformData(c, seed + 4), (v) => 0.2 + Math.abs(v));
      const eps = 0.001;
      const { model, topology } = await loadFixture({
        inputs: { x: shape },
        nodes: [{ name: 'bn', op: 'FusedBatchNormV3', input: ['x', 'scale', 'offset', 'mean', 'variance'], attr: { epsilon: attr.f(eps), is_training: attr.b(false), data_format: attr.s('NHWC') } }],
        weights: {
          scale: randomWeight([c], seed + 1), offset: randomWeight([c], seed + 2), mean: randomWeight([c], seed + 3), variance: { shape: [c], data: variance },
          // (σ² + ε)² − ε: read as the variance it gives γ/(σ² + ε), the square root forgotten.
          squared: { shape: [c], data: variance.map((v) => (v + eps) ** 2 - eps) },
        },
      });
      const r = siteResult(await checkSites(model, topology, seed), 'bn');
      expect(r.check?.ok, describeCheck(r)).toBe(true);
      const wrong = mutateNode(topology, 'bn', (n) => ({ ...n, input: ['x', 'scale', 'offset', 'mean', 'squared'] }));
      expect(siteResult(await checkSites(model, wrong, seed), 'bn').check?.ok).toBe(false);
      model.dispose();
    },
  );

  test('Mul and RealDiv of two tensors are not linear; a constant that differs along the batch axis is not supported', async () => {
    const { model, topology } = await loadFixture({
      inputs: { x: [3], y: [3] },
      nodes: [
        { name: 'mul_xy', op: 'Mul', input: ['x', 'y'] },
        { name: 'div_cx', op: 'RealDiv', input: ['c', 'x'] },
        { name: 'add_batch', op: 'AddV2', input: ['x', 'cb'] },
      ],
      weights: { c: randomWeight([3], 1), cb: randomWeight([2, 3], 2) },
    });
    const results = await checkSites(model, topology, 1, 2);
    expect(siteResult(results, 'mul_xy').analysis).toMatchObject({ status: 'not linear', reason: expect.stringMatching(/bilinear/) as unknown });
    expect(siteResult(results, 'div_cx').analysis).toMatchObject({ status: 'not linear', reason: expect.stringMatching(/1\/x/) as unknown });
    expect(siteResult(results, 'add_batch').analysis).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/batch axis/) as unknown });
    model.dispose();
  });
});
