import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import type { GraphNodeJson } from '../../../src/models/graph/GraphDefJson.js';
import { convCaseArb, describeCase, type ConvCase } from '../../support/arbitraries.js';
import { attr, checkSites, describeCheck, loadFixture, mutateNode, randomWeight, siteResult } from './graphFixture.js';

type ConvOp = 'Conv2D' | '_FusedConv2D' | 'DepthwiseConv2dNative' | 'FusedDepthwiseConv2dNative';

function paddingAttrs(padding: ConvCase['padding']): Record<string, ReturnType<typeof attr.s>> {
  if (typeof padding === 'string') return { padding: attr.s(padding.toUpperCase()) };
  const [[t, b], [l, r]] = padding;
  return { padding: attr.s('EXPLICIT'), explicit_paddings: attr.ints([0, 0, t, b, l, r, 0, 0]) };
}

/** One convolution node on input x [h, w, cin]; cout is the multiplier for depthwise ops. */
function convFixture(op: ConvOp, c: ConvCase, seed: number, fusedOps: readonly string[] = ['BiasAdd']) {
  const fused = op === '_FusedConv2D' || op === 'FusedDepthwiseConv2dNative';
  const outChannels = op.includes('Depthwise') ? c.cin * c.cout : c.cout;
  const node: GraphNodeJson = {
    name: 'conv', op, input: fused && fusedOps.length > 0 ? ['x', 'w', 'b'] : ['x', 'w'],
    attr: {
      strides: attr.ints([1, ...c.strides, 1]), dilations: attr.ints([1, ...c.dilations, 1]), data_format: attr.s('NHWC'),
      ...paddingAttrs(c.padding),
      ...(fused && { fused_ops: attr.strs(fusedOps), num_args: attr.i(fusedOps.length > 0 ? 1 : 0) }),
    },
  };
  return {
    inputs: { x: [c.h, c.w, c.cin] },
    nodes: [node],
    weights: { w: randomWeight([c.kh, c.kw, c.cin, c.cout], seed + 1), ...(fused && { b: randomWeight([outChannels], seed + 2) }) },
  };
}

/** Pads that differ between the two sides of at least one axis, so that swapping them matters. */
const asymmetric = (c: ConvCase): c is ConvCase & { padding: readonly [readonly [number, number], readonly [number, number]] } =>
  typeof c.padding !== 'string' && (c.padding[0][0] !== c.padding[0][1] || c.padding[1][0] !== c.padding[1][1]);

const OPS: readonly ConvOp[] = ['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative'];

describe.each(['cpu', 'wasm'] as const)('graph convolutions on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  describe.each(OPS)('%s', (op) => {
    test.prop([convCaseArb({ tfjsCompatible: true, maxChannels: 3 }), fc.nat()], { numRuns: 12 })(
      'T·x + b matches the graph model on random geometry (SAME, VALID, EXPLICIT; strides; dilations)',
      async (c, seed) => {
        const { model, topology } = await loadFixture(convFixture(op, c, seed));
        const r = siteResult(await checkSites(model, topology, seed), 'conv');
        expect(r.analysis.status, `${describeCase(c)}: ${describeCheck(r)}`).toBe('affine');
        expect(r.check?.ok, `${describeCase(c)}: ${describeCheck(r)}`).toBe(true);
        model.dispose();
      },
    );

    test.prop([convCaseArb({ tfjsCompatible: true, maxChannels: 3 }).filter(asymmetric), fc.nat()], { numRuns: 8 })(
      'negative control: the operator built with the padding split the other way round is rejected',
      async (c, seed) => {
        const { model, topology } = await loadFixture(convFixture(op, c, seed));
        const [[t, b], [l, r]] = c.padding;
        const wrong = mutateNode(topology, 'conv', (n) => ({ ...n, attr: { ...n.attr, explicit_paddings: attr.ints([0, 0, b, t, r, l, 0, 0]) } }));
        const result = siteResult(await checkSites(model, wrong, seed), 'conv');
        expect(result.check?.ok, `${describeCase(c)}: ${describeCheck(result)}`).toBe(false);
        model.dispose();
      },
    );
  });

  test.each([['Relu', 'relu'], ['Relu6', 'relu6'], ['Elu', 'elu'], ['Sigmoid', 'sigmoid'], ['LeakyRelu', 'leakyrelu']] as const)(
    '_FusedConv2D x=[1,6,5,2] k=3x3x3 s=2 p=same with fused [BiasAdd, %s] is affine then %s',
    async (fused, activation) => {
      const c: ConvCase = { h: 6, w: 5, cin: 2, cout: 3, kh: 3, kw: 3, strides: [2, 2], dilations: [1, 1], padding: 'same' };
      const { model, topology } = await loadFixture(convFixture('_FusedConv2D', c, 7, ['BiasAdd', fused]));
      const r = siteResult(await checkSites(model, topology, 7, 3), 'conv');
      expect(r.analysis.status === 'affine' && r.analysis.operator.activation).toBe(activation);
      expect(r.check?.ok, describeCheck(r)).toBe(true);
      // Negative control: the same operator without its activation is rejected.
      const plain = mutateNode(topology, 'conv', (n) => ({ ...n, attr: { ...n.attr, fused_ops: attr.strs(['BiasAdd']) } }));
      expect(siteResult(await checkSites(model, plain, 7, 3), 'conv').check?.ok).toBe(false);
      model.dispose();
    },
  );

  test('AvgPool x=[1,7,6,2] k=3x2 s=2 p=same averages over the cells inside the input (TensorFlow\'s rule)', async () => {
    const nodes: GraphNodeJson[] = [{ name: 'pool', op: 'AvgPool', input: ['x'], attr: { ksize: attr.ints([1, 3, 2, 1]), strides: attr.ints([1, 2, 2, 1]), padding: attr.s('SAME'), data_format: attr.s('NHWC') } }];
    const { model, topology } = await loadFixture({ inputs: { x: [7, 6, 2] }, nodes });
    const r = siteResult(await checkSites(model, topology, 3), 'pool');
    expect(r.check?.ok, describeCheck(r)).toBe(true);
    // Negative control: VALID windows give a different output shape, so the operator is refused.
    const wrong = mutateNode(topology, 'pool', (n) => ({ ...n, attr: { ...n.attr, padding: attr.s('VALID') } }));
    await expect(checkSites(model, wrong, 3)).rejects.toThrow(/output shape \[3, 3, 2\] but TensorFlow\.js produced \[4, 3, 2\]/);
    model.dispose();
  });

  test.prop([
    fc.record({ h: fc.integer({ min: 2, max: 8 }), w: fc.integer({ min: 2, max: 8 }), c: fc.integer({ min: 1, max: 3 }), kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }), sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }), same: fc.boolean() })
      .filter((p) => p.same || (p.kh <= p.h && p.kw <= p.w)),
    fc.nat(),
  ], { numRuns: 15 })('AvgPool on random windows, strides and SAME/VALID', async (p, seed) => {
    const nodes: GraphNodeJson[] = [{ name: 'pool', op: 'AvgPool', input: ['x'], attr: { ksize: attr.ints([1, p.kh, p.kw, 1]), strides: attr.ints([1, p.sh, p.sw, 1]), padding: attr.s(p.same ? 'SAME' : 'VALID') } }];
    const { model, topology } = await loadFixture({ inputs: { x: [p.h, p.w, p.c] }, nodes });
    const r = siteResult(await checkSites(model, topology, seed), 'pool');
    expect(r.check?.ok, `${JSON.stringify(p)}: ${describeCheck(r)}`).toBe(true);
    model.dispose();
  });

  test('FusedDepthwiseConv2dNative with fused LeakyRelu: tfjs 4.22 drops leakyrelu_alpha (NaN), and the check says so', async () => {
    const c: ConvCase = { h: 5, w: 5, cin: 2, cout: 1, kh: 3, kw: 3, strides: [1, 1], dilations: [1, 1], padding: 'same' };
    const { model, topology } = await loadFixture(convFixture('FusedDepthwiseConv2dNative', c, 5, ['BiasAdd', 'LeakyRelu']));
    const r = siteResult(await checkSites(model, topology, 5), 'conv');
    expect(r.analysis.status === 'affine' && r.analysis.operator.note).toMatch(/leakyrelu_alpha/);
    // When upstream fixes the mapping this check passes, and the note and this test go.
    expect(r.check?.ok, describeCheck(r)).toBe(false);
    model.dispose();
  });
});
