import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import type { GraphDefJson, GraphNodeJson } from '../../../src/models/graph/GraphDefJson.js';
import type { tf } from '../../../src/tfjs/tf.js';
import { attr, checkSites, describeCheck, loadFixture, mutateNode, siteResult, type GraphFixture } from './graphFixture.js';

const int32 = (shape: readonly number[], data: readonly number[]) => ({ shape, data, dtype: 'int32' as const });

/** A shape without the batch, and per axis: pads, a concatenation size, whether it is reduced. */
const caseArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) => {
  const r = shape.length;
  return fc.record({
    shape: fc.constant(shape),
    pads: fc.array(fc.tuple(fc.nat(2), fc.nat(2)), { minLength: r, maxLength: r }),
    padValue: fc.double({ min: -2, max: 2, noNaN: true }),
    concatAxis: fc.integer({ min: 1, max: r }),
    concatSize: fc.integer({ min: 1, max: 3 }),
    negativeAxis: fc.boolean(),
    perm: fc.shuffledSubarray(shape.map((_d, i) => i + 1), { minLength: r, maxLength: r }),
    reduced: fc.array(fc.boolean(), { minLength: r, maxLength: r }).filter((a) => a.some(Boolean)),
    keepDims: fc.boolean(),
    expandAxis: fc.integer({ min: 1, max: r + 1 }),
  });
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function shapeFixture(c: Case): GraphFixture {
  const r = c.shape.length;
  const axis = (a: number, rank: number) => (c.negativeAxis ? a - rank : a);
  const other = c.shape.map((d, i) => (i + 1 === c.concatAxis ? c.concatSize : d));
  const mirror = c.pads.map(([b, a], i) => [Math.min(b, (c.shape[i] ?? 1) - 1), Math.min(a, (c.shape[i] ?? 1) - 1)]);
  const reducedAxes = c.reduced.flatMap((on, i) => (on ? [axis(i + 1, r + 1)] : []));
  const nodes: GraphNodeJson[] = [
    { name: 'id', op: 'Identity', input: ['x'] },
    // Flatten as TensorFlow writes it: Reshape(x, Pack(StridedSlice(Shape(x)), -1)).
    { name: 'shape', op: 'Shape', input: ['x'], attr: { out_type: attr.dtype('DT_INT32') } },
    { name: 'batch', op: 'StridedSlice', input: ['shape', 'begin', 'end', 'step'], attr: { shrink_axis_mask: attr.i(1), begin_mask: attr.i(0), end_mask: attr.i(0), ellipsis_mask: attr.i(0), new_axis_mask: attr.i(0) } },
    { name: 'flat_shape', op: 'Pack', input: ['batch', 'minus_one'], attr: { N: attr.i(2), axis: attr.i(0) } },
    { name: 'flatten', op: 'Reshape', input: ['x', 'flat_shape'] },
    { name: 'reshape', op: 'Reshape', input: ['x', 'to_flat'] },
    { name: 'expand', op: 'ExpandDims', input: ['x', 'expand_axis'] },
    { name: 'squeeze', op: 'Squeeze', input: ['expand'], attr: { squeeze_dims: attr.ints([axis(c.expandAxis, r + 2)]) } },
    { name: 'transpose', op: 'Transpose', input: ['x', 'perm'] },
    { name: 'pad', op: 'Pad', input: ['x', 'paddings'] },
    { name: 'pad_v2', op: 'PadV2', input: ['x', 'paddings', 'pad_value'] },
    { name: 'reflect', op: 'MirrorPad', input: ['x', 'mirror_paddings'], attr: { mode: attr.s('REFLECT') } },
    { name: 'symmetric', op: 'MirrorPad', input: ['x', 'paddings_sym'], attr: { mode: attr.s('SYMMETRIC') } },
    { name: 'concat', op: 'ConcatV2', input: ['x', 'y', 'x', 'concat_axis'], attr: { N: attr.i(3) } },
    { name: 'mean', op: 'Mean', input: ['x', 'axes'], attr: { keep_dims: attr.b(c.keepDims) } },
    { name: 'sum', op: 'Sum', input: ['x', 'axes'], attr: { keep_dims: attr.b(c.keepDims) } },
  ];
  const size = c.shape.reduce((a, b) => a * b, 1);
  return {
    inputs: { x: c.shape, y: other },
    nodes,
    weights: {
      begin: int32([1], [0]), end: int32([1], [1]), step: int32([1], [1]), minus_one: int32([], [-1]),
      to_flat: int32([2], [-1, size]),
      expand_axis: int32([], [axis(c.expandAxis, r + 2)]),
      perm: int32([r + 1], [0, ...c.perm]),
      paddings: int32([r + 1, 2], [0, 0, ...c.pads.flat()]),
      // Not used by the model: negative controls read it in place of `paddings`.
      paddings_swapped: int32([r + 1, 2], [0, 0, ...c.pads.flatMap(([b, a]) => [a, b])]),
      pad_value: { shape: [], data: [c.padValue] },
      mirror_paddings: int32([r + 1, 2], [0, 0, ...mirror.flat()]),
      paddings_sym: int32([r + 1, 2], [0, 0, ...c.pads.map(([b, a], i) => [Math.min(b, c.shape[i] ?? 1), Math.min(a, c.shape[i] ?? 1)]).flat()]),
      concat_axis: int32([], [axis(c.concatAxis, r + 1)]),
      axes: int32([reducedAxes.length], reducedAxes),
    },
  };
}

/** A wrong operator is rejected: its check fails, or its shape disagrees with the model's (a LayerproofError). */
async function rejected(model: tf.GraphModel, wrong: GraphDefJson, seed: number, name: string): Promise<boolean> {
  try {
    return siteResult(await checkSites(model, wrong, seed), name).check?.ok === false;
  } catch (error) {
    if (error instanceof LayerproofError) return true;
    throw error;
  }
}

describe.each(['cpu', 'wasm'] as const)('graph shape and reduction ops on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([caseArb, fc.nat()], { numRuns: 15 })(
    'Identity, Reshape (and TF\'s Shape/StridedSlice/Pack flatten), ExpandDims, Squeeze, Transpose, Pad, PadV2, MirrorPad, ConcatV2, Mean, Sum match the model',
    async (c, seed) => {
      const { model, topology } = await loadFixture(shapeFixture(c));
      const results = await checkSites(model, topology, seed);
      // Shape, StridedSlice and Pack compute sizes only: they are not sites.
      expect(results.map((r) => r.site.name)).toEqual(['id', 'flatten', 'reshape', 'expand', 'squeeze', 'transpose', 'pad', 'pad_v2', 'reflect', 'symmetric', 'concat', 'mean', 'sum']);
      expect(siteResult(results, 'flatten').site.inputs).toEqual(['x']);
      expect(siteResult(results, 'concat').site.inputs).toEqual(['x', 'y', 'x']);
      for (const r of results) expect(r.check?.ok, `${JSON.stringify(c)} ${describeCheck(r)}`).toBe(true);
      model.dispose();
    },
  );

  test.prop([caseArb.filter((c) => c.pads.some(([b, a]) => b !== a)), fc.nat()], { numRuns: 10 })(
    'negative control: Pad with before and after swapped is rejected',
    async (c, seed) => {
      const { model, topology } = await loadFixture(shapeFixture(c));
      const wrong = mutateNode(topology, 'pad', (n) => ({ ...n, input: ['x', 'paddings_swapped'] }));
      expect(await rejected(model, wrong, seed, 'pad')).toBe(true);
      model.dispose();
    },
  );

  test.prop([caseArb, fc.nat()], { numRuns: 10 })('negative control: ConcatV2 with its operands in the other order is rejected', async (c, seed) => {
    const { model, topology } = await loadFixture(shapeFixture(c));
    const wrong = mutateNode(topology, 'concat', (n) => ({ ...n, input: ['y', 'x', 'x', 'concat_axis'] }));
    expect(await rejected(model, wrong, seed, 'concat')).toBe(true);
    model.dispose();
  });

  test.prop([caseArb.filter((c) => c.shape.some((d, i) => d > 1 && c.reduced[i] === true)), fc.nat()], { numRuns: 10 })(
    'negative control: Mean read as Sum (no division by the count) is rejected',
    async (c, seed) => {
      const { model, topology } = await loadFixture(shapeFixture(c));
      expect(await rejected(model, mutateNode(topology, 'mean', (n) => ({ ...n, op: 'Sum' })), seed, 'mean')).toBe(true);
      model.dispose();
    },
  );

  test('ops across the batch axis are not supported: Mean over axis 0, ConcatV2 along axis 0, Transpose moving axis 0', async () => {
    const { model, topology } = await loadFixture({
      inputs: { x: [2, 3] },
      nodes: [
        { name: 'mean0', op: 'Mean', input: ['x', 'axis0'], attr: { keep_dims: attr.b(true) } },
        { name: 'concat0', op: 'ConcatV2', input: ['x', 'x', 'axis0'], attr: { N: attr.i(2) } },
        { name: 'transpose0', op: 'Transpose', input: ['x', 'perm'] },
      ],
      weights: { axis0: int32([], [0]), perm: int32([3], [1, 0, 2]) },
    });
    const results = await checkSites(model, topology, 2);
    for (const name of ['mean0', 'concat0', 'transpose0']) {
      expect(siteResult(results, name).analysis).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/batch axis/) as unknown });
    }
    model.dispose();
  });
});
