import { beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import type { GraphDefJson, GraphNodeJson } from '../../../src/models/graph/GraphDefJson.js';
import { graphModelSites } from '../../../src/models/graph/graphModelSites.js';
import { tf } from '../../../src/tfjs/tf.js';
import { attr, checkSites, describeCheck, fixtureArtifacts, loadFixture, randomWeight, siteResult } from './graphFixture.js';

const conv = (name: string, extra: Record<string, ReturnType<typeof attr.s>> = {}, op = 'Conv2D', input = ['x', 'w']): GraphNodeJson => ({
  name, op, input, attr: { strides: attr.ints([1, 1, 1, 1]), dilations: attr.ints([1, 1, 1, 1]), padding: attr.s('SAME'), ...extra },
});

/** A small model: dense = x·W (W read through Identity, with a control input), relu, pool on an image branch. */
async function smallModel() {
  return loadFixture({
    inputs: { x: [3], img: [4, 4, 2] },
    nodes: [
      { name: 'relu', op: 'Relu', input: ['dense'] },
      { name: 'dense', op: 'MatMul', input: ['x', 'w_read', '^init'] },
      { name: 'w_read', op: 'Identity', input: ['w'] },
      { name: 'init', op: 'NoOp' },
      { name: 'pool', op: 'MaxPool', input: ['img'], attr: { ksize: attr.ints([1, 2, 2, 1]), strides: attr.ints([1, 2, 2, 1]), padding: attr.s('VALID') } },
      { name: 'softmax', op: 'Softmax', input: ['relu'] },
    ],
    weights: { w: randomWeight([3, 2], 1) },
  });
}

/** Expects a LayerproofError (never a raw tfjs error) whose message matches. */
async function expectLayerproofError(run: () => unknown, message: RegExp): Promise<void> {
  let thrown: unknown;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a LayerproofError').toBeInstanceOf(LayerproofError);
  expect((thrown as Error).message).toMatch(message);
}

describe.each(['cpu', 'wasm'] as const)('graphModelSites on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test('one site per op node in topological order: Const, Placeholder, Identity of a Const and NoOp are not sites; control inputs are dropped', async () => {
    const { model, topology } = await smallModel();
    // The GraphDef's own order does not matter.
    const ms = graphModelSites(model, { ...topology, node: [...topology.node].reverse() });
    expect(ms.format).toBe('graph-model');
    expect(ms.inputs).toEqual([{ name: 'x', shape: [3] }, { name: 'img', shape: [4, 4, 2] }]);
    expect(ms.sites.map((s) => [s.name, s.kind, s.inputs, s.output])).toEqual([
      ['pool', 'MaxPool', ['img'], 'pool'],
      ['dense', 'MatMul', ['x'], 'dense'],
      ['relu', 'Relu', ['dense'], 'relu'],
      ['softmax', 'Softmax', ['relu'], 'softmax'],
    ]);
    const results = await checkSites(model, topology, 5, 3);
    expect(siteResult(results, 'dense').check?.ok, describeCheck(siteResult(results, 'dense'))).toBe(true);
    expect(siteResult(results, 'relu').analysis).toMatchObject({ status: 'not linear', reason: expect.stringMatching(/max\(0, x\)/) as unknown });
    expect(siteResult(results, 'pool').analysis).toMatchObject({ status: 'not linear', reason: expect.stringMatching(/max pooling/) as unknown });
    expect(siteResult(results, 'softmax').analysis.status).toBe('not linear');
    model.dispose();
  });

  test('inputs with open sizes are null; sites of a model with an open spatial size analyse at the shapes they see', async () => {
    const { topology, weightSpecs, weightData } = fixtureArtifacts({
      inputs: { x: [4, 4, 2] }, nodes: [conv('c')], weights: { w: randomWeight([3, 3, 2, 2], 3) },
    });
    const open: GraphDefJson = {
      ...topology,
      node: topology.node.map((n) => (n.name === 'x' ? { ...n, attr: { ...n.attr, shape: { shape: { dim: [-1, -1, -1, 2].map((size) => ({ size: String(size) })) } } } } : n)),
    };
    const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: open, weightSpecs, weightData, format: 'graph-model' }));
    const ms = graphModelSites(model, open);
    expect(ms.inputs).toEqual([{ name: 'x', shape: [null, null, 2] }]);
    const r = siteResult(await checkSites(model, open, 4), 'c');
    expect(r.check?.ok, describeCheck(r)).toBe(true);
    model.dispose();
  });

  test('run returns inputs, weights (through Identity), intermediates and node:0 aliases, and leaks or disposes nothing of the caller\'s', async () => {
    const { model, topology } = await smallModel();
    const ms = graphModelSites(model, topology);
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const img = tf.ones([2, 4, 4, 2]);
    const before = tf.memory().numTensors;
    const values = await ms.run([x, img], ['x', 'w_read', 'dense', 'dense:0', 'relu', 'pool']);
    expect(tf.memory().numTensors).toBe(before);
    expect(x.isDisposed || img.isDisposed).toBe(false);
    expect(values.get('x')).toEqual({ shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
    const w = values.get('w_read');
    expect(w?.shape).toEqual([3, 2]);
    const dense = values.get('dense');
    expect(dense?.shape).toEqual([2, 2]);
    expect(values.get('dense:0')).toEqual(dense);
    // dense = x·W, computed here from the weight run returned.
    const wd = w?.data ?? new Float32Array(6);
    const expected = [0, 1, 2, 3].map((i) => {
      const [s, j] = [Math.floor(i / 2), i % 2];
      return [0, 1, 2].reduce((a, k) => a + (s * 3 + k + 1) * (wd[k * 2 + j] as number), 0);
    });
    expect(Array.from(dense?.data ?? []).map((v, i) => Math.abs(v - (expected[i] as number)) < 1e-4)).toEqual([true, true, true, true]);
    expect(values.get('relu')?.data.every((v) => v >= 0)).toBe(true);
    expect(values.get('pool')?.shape).toEqual([2, 2, 2, 2]);
    // The model and its weights still work after run.
    const again = await ms.run([x, img], ['dense']);
    expect(again.get('dense')).toEqual(dense);
    tf.dispose([x, img]);
    model.dispose();
  });

  test('bad model, topology or run arguments give LayerproofErrors that name the problem', async () => {
    const { model, topology } = await smallModel();
    await expectLayerproofError(() => graphModelSites({} as unknown as tf.GraphModel, topology), /a tf\.GraphModel/);
    await expectLayerproofError(() => graphModelSites(model, null as unknown as GraphDefJson), /modelTopology/);
    await expectLayerproofError(() => graphModelSites(model, { node: [{ name: 'x', op: '' }] }), /node\[0\]/);
    await expectLayerproofError(() => graphModelSites(model, { node: [...topology.node, { name: 'relu', op: 'Relu', input: ['x'] }] }), /no other node has/);
    await expectLayerproofError(() => graphModelSites(model, { node: [...topology.node, { name: 'extra', op: 'Relu', input: ['nowhere:1'] }] }), /input 'nowhere:1' of graph node 'extra'/);
    await expectLayerproofError(() => graphModelSites(model, { node: topology.node.filter((n) => n.name !== 'img' && n.name !== 'pool') }), /the GraphDef of this model, which has an input node 'img'/);
    const ms = graphModelSites(model, topology);
    const x = tf.ones([2, 3]);
    await expectLayerproofError(() => ms.run([x], ['dense']), /2 tensor\(s\), one per model input \(x, img\)/);
    await expectLayerproofError(() => ms.run([x, tf.ones([2, 4, 4, 3])], ['dense']), /inputs\[1\] \(img\) shape must be \[any, 4, 4, 2\]/);
    await expectLayerproofError(() => ms.run([x, tf.ones([2, 4, 4, 2])], ['no_such_node']), /names must be tensor names of this graph/);
    const dense = ms.sites.find((s) => s.name === 'dense');
    await expectLayerproofError(() => dense?.analyse([], [2]), /inputShapes must be 1 shape\(s\)/);
    await expectLayerproofError(() => dense?.analyse([[3]], [0]), /outputShape must be a shape of positive integers/);
    await expectLayerproofError(() => dense?.analyse([[4]], [2]), /graph node 'dense' \(MatMul\).*b shape/);
    tf.dispose(x);
    model.dispose();
  });

  test.each(['Relu', 'Relu6', 'Elu', 'Selu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax', 'Softplus', 'MaxPool', 'Maximum', 'Square', 'Exp'])(
    '%s is not linear, with a one-line reason (control: Identity on the same input is affine)',
    async (op) => {
      const { model, topology } = await loadFixture({ inputs: { x: [4] }, nodes: [{ name: 'f', op, input: ['x'] }, { name: 'id', op: 'Identity', input: ['x'] }] });
      const [f, id] = graphModelSites(model, topology).sites;
      const analysis = await f?.analyse([[4]], [4]);
      expect(analysis?.status).toBe('not linear');
      expect(analysis?.status !== 'affine' && analysis?.reason).toMatch(/^[^\n]{10,}$/);
      expect((await id?.analyse([[4]], [4]))?.status).toBe('affine');
      model.dispose();
    },
  );

  test('a Const node without a weight: analyse names the node and the constant, run wraps tfjs\'s error', async () => {
    const { model, topology } = await loadFixture({
      inputs: { x: [3] }, nodes: [{ name: 'dense', op: 'MatMul', input: ['x', 'w'] }], constsWithoutWeights: ['w'],
    });
    const ms = graphModelSites(model, topology);
    await expectLayerproofError(() => ms.sites[0]?.analyse([[3]], [2]), /graph node 'dense' \(MatMul\).*'w'.*weightSpecs\) have no entry 'w'/);
    const x = tf.ones([1, 3]);
    await expectLayerproofError(() => ms.run([x], ['dense']), /TensorFlow\.js could not run the graph model to \[dense\].*Missing the following inputs: \[w\]/);
    tf.dispose(x);
    model.dispose();
  });

  test('unknown ops, NCHW, unsupported fused ops and bad attributes: not supported with the reason, or a LayerproofError', async () => {
    const w = randomWeight([3, 3, 2, 2], 1);
    const { model, topology } = await loadFixture({
      inputs: { x: [5, 5, 2] },
      nodes: [
        { name: 'mystery', op: 'FooBarOp', input: ['x', 'w'] },
        conv('nchw', { data_format: attr.s('NCHW') }),
        { name: 'pool_nchw', op: 'AvgPool', input: ['x'], attr: { ksize: attr.ints([1, 1, 2, 2]), strides: attr.ints([1, 1, 2, 2]), padding: attr.s('VALID'), data_format: attr.s('NCHW') } },
        { name: 'bias_nchw', op: 'BiasAdd', input: ['x', 'b'], attr: { data_format: attr.s('NCHW') } },
        conv('tanh', { fused_ops: attr.strs(['BiasAdd', 'Tanh']), num_args: attr.i(1) }, '_FusedConv2D', ['x', 'w', 'b']),
        conv('relu_only', { fused_ops: attr.strs(['Relu']), num_args: attr.i(0) }, '_FusedConv2D'),
        conv('fused_bn', { fused_ops: attr.strs(['FusedBatchNorm']), num_args: attr.i(4) }, '_FusedConv2D', ['x', 'w', 'b', 'b', 'b', 'b']),
        conv('prelu', { fused_ops: attr.strs(['BiasAdd', 'Prelu']), num_args: attr.i(2) }, '_FusedConv2D', ['x', 'w', 'b', 'b']),
        conv('leaky03', { fused_ops: attr.strs(['BiasAdd', 'LeakyRelu']), num_args: attr.i(1), leakyrelu_alpha: attr.f(0.3) }, '_FusedConv2D', ['x', 'w', 'b']),
        conv('bad_strides', { strides: { list: { i: ['1', 'two', '2', '1'] } } }),
        conv('bad_padding', { padding: attr.s('FULL') }),
        conv('batch_stride', { strides: attr.ints([2, 1, 1, 1]) }),
        conv('data_filter', {}, 'Conv2D', ['x', 'x']),
        conv('plain'),
      ],
      weights: { w, b: randomWeight([2], 2) },
    });
    const ms = graphModelSites(model, topology);
    const site = (name: string) => {
      const s = ms.sites.find((x) => x.name === name);
      if (s === undefined) throw new Error(`no site ${name}`);
      return s;
    };
    const analyse = (name: string) => site(name).analyse(site(name).inputs.map(() => [5, 5, 2]), [5, 5, 2]);
    expect(await analyse('mystery')).toEqual({ status: 'not supported', reason: 'not supported: FooBarOp' });
    for (const name of ['nchw', 'pool_nchw', 'bias_nchw']) expect(await analyse(name)).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/NCHW/) as unknown });
    expect(await analyse('tanh')).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/no fused Tanh/) as unknown });
    expect(await analyse('relu_only')).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/\[Relu\]/) as unknown });
    expect(await analyse('fused_bn')).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/FusedBatchNorm/) as unknown });
    expect(await analyse('prelu')).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/PReLU/) as unknown });
    expect(await analyse('leaky03')).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/slope 0\.3/) as unknown });
    expect(await analyse('batch_stride')).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/batch or channel axis/) as unknown });
    expect(await analyse('data_filter')).toMatchObject({ status: 'not linear', reason: expect.stringMatching(/bilinear/) as unknown });
    await expectLayerproofError(() => analyse('bad_strides'), /graph node 'bad_strides' \(Conv2D\): attr\.strides must be an integer/);
    await expectLayerproofError(() => analyse('bad_padding'), /attr\.padding must be 'SAME', 'VALID' or 'EXPLICIT', but got 'FULL'/);
    await expectLayerproofError(() => site('plain').analyse([[5, 5, 3]], [5, 5, 2]), /filter shape must be \[kh, kw, 3, outChannels\]/);
    model.dispose();
  });
});
