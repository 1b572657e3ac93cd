import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { logitsFunction, type ModelLogits } from '../../../src/spectrum/model/logitsFunction.js';
import { modelLipschitz, type ModelLipschitz } from '../../../src/spectrum/model/modelLipschitz.js';
import { tf } from '../../../src/tfjs/tf.js';
import { attr, loadFixture, randomWeight } from '../../models/graph/graphFixture.js';
import { randomizeWeights } from '../../models/support/randomizeWeights.js';
import { denseNorms } from './support/denseNorms.js';
import { holds, makePair, pairArb, pairStretch } from './support/lipschitzPairs.js';

interface Case {
  readonly model: tf.LayersModel;
  readonly shape: readonly number[];
  readonly report: ModelLipschitz;
  readonly logits: ModelLogits;
}

async function prepare(model: tf.LayersModel, seed: number): Promise<Case> {
  randomizeWeights(model, seed);
  const report = await modelLipschitz(model, { norms: denseNorms });
  const logits = await logitsFunction(model, report.logits, report.inputShape);
  return { model, shape: report.inputShape, report, logits };
}

const bound = (c: Case): number => {
  if (c.report.bound === undefined) throw new Error(`no bound: ${JSON.stringify(c.report.noBound)}`);
  return c.report.bound;
};

/** conv (stride 2, relu) → overlapping max pooling → flatten → dense with a fused softmax. */
function stridedNetwork(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'pool' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 4, activation: 'softmax', name: 'logits' }),
    ],
  });
}

/** x + BN(conv(x)) → relu → [·, conv1×1(·)] → global average → dense → softmax layer. */
function residualNetwork(): tf.LayersModel {
  const input = tf.input({ shape: [5, 5, 2] });
  const c1 = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'c1' }).apply(input) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ name: 'bn' }).apply(c1) as tf.SymbolicTensor;
  const add = tf.layers.add({ name: 'residual' }).apply([input, bn]) as tf.SymbolicTensor;
  const relu = tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(add) as tf.SymbolicTensor;
  const c2 = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'c2' }).apply(relu) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ name: 'cat' }).apply([relu, c2]) as tf.SymbolicTensor;
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(cat) as tf.SymbolicTensor;
  const dense = tf.layers.dense({ units: 3, name: 'dense' }).apply(gap) as tf.SymbolicTensor;
  const soft = tf.layers.softmax({ name: 'soft' }).apply(dense) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: soft });
}

/** x + 0.1·conv(x), flattened: the skip branch carries almost all of the signal. */
function skipNetwork(): tf.LayersModel {
  const input = tf.input({ shape: [4, 4, 1] });
  const conv = tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', name: 'branch' }).apply(input) as tf.SymbolicTensor;
  const add = tf.layers.add({ name: 'skip' }).apply([input, conv]) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'flat' }).apply(add) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: flat });
}

const property = { numRuns: 25 };

describe.each(['cpu', 'wasm'] as const)('modelLipschitz on %s', (backend) => {
  let strided: Case;
  let residual: Case;
  let skip: Case;
  beforeAll(async () => {
    await useTfjsBackend(backend);
    strided = await prepare(stridedNetwork(), 3);
    residual = await prepare(residualNetwork(), 5);
    const model = skipNetwork();
    randomizeWeights(model, 7);
    const [kernel, biasValue] = model.getWeights();
    if (kernel === undefined || biasValue === undefined) throw new Error('the skip network has a kernel and a bias');
    model.setWeights([kernel.mul(0.1), biasValue]);
    const report = await modelLipschitz(model, { norms: denseNorms });
    skip = { model, shape: report.inputShape, report, logits: await logitsFunction(model, report.logits, report.inputShape) };
  });
  afterAll(() => {
    for (const c of [strided, residual, skip]) {
      c.logits.dispose();
      c.model.dispose();
    }
  });

  test.prop([pairArb], property)('conv s=2 relu → max pool 2×2 s=1 (overlapping) → dense+softmax: ‖f(x) − f(y)‖ ≤ L‖x − y‖ on the logits', async (c) => {
    const stretch = await pairStretch(strided.logits.apply, strided.shape, makePair(c, strided.shape));
    expect(holds(stretch, bound(strided)), `${stretch.out} > ${bound(strided)}·${stretch.in}`).toBe(true);
  });

  test.prop([pairArb], property)('x + BN(conv x) → relu → concat(·, conv 1×1) → GAP → dense → softmax layer: the bound holds on random pairs', async (c) => {
    const stretch = await pairStretch(residual.logits.apply, residual.shape, makePair(c, residual.shape));
    expect(holds(stretch, bound(residual)), `${stretch.out} > ${bound(residual)}·${stretch.in}`).toBe(true);
  });

  test('the rules are stated per layer: stride-2 conv with relu, overlapping pool √4, fused softmax left out, the product along the chain', () => {
    const r = strided.report;
    expect(r.layers.map((l) => `${l.name}:${l.kind}:${l.status}`)).toEqual(['conv:Conv2D:affine', 'pool:MaxPooling2D:not linear', 'flat:Flatten:affine', 'logits:Dense:affine']);
    const [conv, pool, flat, dense] = r.layers;
    expect(conv?.rule).toMatch(/Lip\(relu\) = 1/);
    expect(pool?.factor).toBe(2);
    expect(pool?.rule).toMatch(/overlapping max pooling.*2·2 = 4 windows/);
    expect(flat?.factor).toBeCloseTo(1, 12);
    expect(dense?.rule).toMatch(/softmax left out/);
    expect(r.logits).toMatchObject({ stripped: 'fused softmax', site: 'logits' });
    const product = [conv, pool, flat, dense].reduce((a, l) => a * (l?.factor ?? NaN), 1);
    expect(bound(strided)).toBeCloseTo(product, 10);
    expect(r.rules.join('\n')).toMatch(/bounds multiply/);
  });

  test('residual Add sums its branches, Concatenate takes the root of the sum of squares, the softmax layer is left out', () => {
    const r = residual.report;
    const at = (name: string) => r.layers.find((l) => l.name === name);
    const bnBound = at('bn')?.bound ?? NaN;
    expect(at('residual')?.bound).toBeCloseTo(1 + bnBound, 10);
    const reluBound = at('relu')?.bound ?? NaN;
    const c2Bound = at('c2')?.bound ?? NaN;
    expect(at('cat')?.bound).toBeCloseTo(Math.hypot(reluBound, c2Bound), 10);
    expect(at('soft')?.status).toBe('after the logits');
    expect(r.logits.stripped).toBe('softmax layer');
    expect(bound(residual)).toBe(at('dense')?.bound);
  });

  test('the fused softmax\'s logits are T·h + b: they differ from the model\'s probabilities and give them back through softmax', async () => {
    const x = tf.randomUniform([3, ...strided.shape], -1, 1, 'float32', 11);
    const z = strided.logits.apply(x);
    const p = strided.model.predict(x) as tf.Tensor;
    const fromLogits = tf.softmax(z);
    const [pv, fv] = await Promise.all([p.data(), fromLogits.data()]);
    Array.from(pv).forEach((v, i) => expect(fv[i]).toBeCloseTo(v, 5));
    expect(Math.max(...Array.from(await z.data()).map(Math.abs))).toBeGreaterThan(0);
    tf.dispose([x, z, p, fromLogits]);
  });

  test.prop([pairArb], property)('x + 0.1·conv(x): the bound 1 + ‖0.1·C‖ holds on random pairs', async (c) => {
    const stretch = await pairStretch(skip.logits.apply, skip.shape, makePair(c, skip.shape));
    expect(holds(stretch, bound(skip))).toBe(true);
  });

  test('negative control: a bound that ignores the residual branch (only ‖0.1·C‖) is broken by random pairs', async () => {
    const branchOnly = skip.report.layers.find((l) => l.name === 'branch')?.bound ?? NaN;
    expect(branchOnly).toBeLessThan(1);
    const result = await fc.check(fc.asyncProperty(pairArb, async (c) => holds(await pairStretch(skip.logits.apply, skip.shape, makePair(c, skip.shape)), branchOnly)), { numRuns: 25 });
    expect(result.failed).toBe(true);
  });
});

describe('modelLipschitz with src/spectrum\'s certified norms (the default provider)', () => {
  let dense: Case;
  let model: tf.LayersModel;
  let report: ModelLipschitz;
  let logits: ModelLogits;
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    dense = await prepare(residualNetwork(), 5);
    model = dense.model;
    report = await modelLipschitz(model);
    logits = await logitsFunction(model, report.logits, report.inputShape);
  });
  afterAll(() => {
    logits.dispose();
    dense.logits.dispose();
    model.dispose();
  });

  test('every affine layer\'s interval holds its exact norm, so the model bound is at least the exact-norm one', () => {
    for (const l of report.layers) {
      const exact = dense.report.layers.find((d) => d.name === l.name)?.norm;
      if (l.norm === undefined || exact === undefined) continue;
      expect(l.norm.lower, l.name).toBeLessThanOrEqual(exact.upper * (1 + 1e-12));
      expect(l.norm.upper, l.name).toBeGreaterThanOrEqual(exact.lower * (1 - 1e-12));
    }
    expect(report.bound ?? NaN).toBeGreaterThanOrEqual((dense.report.bound ?? NaN) * (1 - 1e-12));
  });

  test.prop([pairArb], { numRuns: 15 })('the bound holds on random pairs', async (c) => {
    const stretch = await pairStretch(logits.apply, report.inputShape, makePair(c, report.inputShape));
    expect(holds(stretch, report.bound ?? NaN)).toBe(true);
  });
});

describe('modelLipschitz: max pooling\'s rule is tight, and ignoring the stride is caught', () => {
  let model: tf.LayersModel;
  let logits: ModelLogits;
  let report: ModelLipschitz;
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    model = tf.sequential({ layers: [tf.layers.maxPooling2d({ inputShape: [5, 5, 1], poolSize: 3, strides: 1, padding: 'same', name: 'pool' }), tf.layers.flatten({ name: 'flat' })] });
    report = await modelLipschitz(model, { norms: denseNorms });
    logits = await logitsFunction(model, report.logits, report.inputShape);
  });
  afterAll(() => {
    logits.dispose();
    model.dispose();
  });

  test('3×3 windows at stride 1 (same): L = √9 = 3, reached by a spike at an inner cell', async () => {
    expect(report.bound).toBeCloseTo(3, 12);
    const spike = new Float32Array(25);
    spike[12] = 1;
    const stretch = await pairStretch(logits.apply, [5, 5, 1], { x: new Float32Array(25), y: spike });
    expect(stretch.out).toBeCloseTo(3, 6);
  });

  test('negative control: the non-overlapping rule (L = 1, the stride ignored) is broken by a spike', async () => {
    const result = await fc.check(fc.asyncProperty(fc.nat(24), fc.double({ min: 0.1, max: 2, noNaN: true }), async (cell, height) => {
      const y = new Float32Array(25);
      y[cell] = height;
      return holds(await pairStretch(logits.apply, [5, 5, 1], { x: new Float32Array(25), y }), 1);
    }), { numRuns: 10 });
    expect(result.failed).toBe(true);
  });
});

describe('modelLipschitz: no bound, said plainly; bad input refused', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test('a Multiply of two branches has no global Lipschitz constant: no model bound, the layer named with why', async () => {
    const input = tf.input({ shape: [3] });
    const a = tf.layers.dense({ units: 3, name: 'a' }).apply(input) as tf.SymbolicTensor;
    const product = tf.layers.multiply({ name: 'product' }).apply([input, a]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, name: 'out' }).apply(product) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const report = await modelLipschitz(model, { norms: denseNorms });
    expect(report.bound).toBeUndefined();
    expect(report.noBound.map((b) => b.layer)).toEqual(['product']);
    expect(report.noBound[0]?.reason).toMatch(/Multiply multiplies two inputs/);
    expect(report.layers.find((l) => l.name === 'out')?.bound).toBeUndefined();
    model.dispose();
  });

  test('an input size the model leaves open must be given, and must fit', async () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [null, null, 2], filters: 1, kernelSize: 1 })] });
    await expect(modelLipschitz(model, { norms: denseNorms })).rejects.toThrow(/inputShape must be positive integers that fill the sizes the model leaves open in \[any, any, 2\]/);
    await expect(modelLipschitz(model, { norms: denseNorms, inputShape: [4, 4, 3] })).rejects.toThrow(LayerproofError);
    const report = await modelLipschitz(model, { norms: denseNorms, inputShape: [4, 4, 2] });
    expect(report.bound).toBeGreaterThan(0);
    model.dispose();
  });

  test('a value that is not a model is refused with what would be valid', async () => {
    const notAModel: unknown = { layers: [] };
    await expect(modelLipschitz(notAModel as tf.LayersModel, { norms: denseNorms })).rejects.toThrow(/model must be a tf\.LayersModel, or \{ model: tf\.GraphModel, topology \}/);
  });
});

describe('modelLipschitz on a graph model', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test.prop([pairArb], { numRuns: 15 })('fused conv+relu → MaxPool 3×3 s=1 SAME → Mean → MatMul → Softmax: the bound holds, each op\'s rule stated', async (c) => {
    const { model, topology } = await loadFixture({
      inputs: { image: [5, 5, 2] },
      weights: { filter: randomWeight([3, 3, 2, 3], 1), bias: randomWeight([3], 2), axes: { shape: [2], data: [1, 2], dtype: 'int32' }, dense: randomWeight([3, 4], 3) },
      nodes: [
        { name: 'conv', op: '_FusedConv2D', input: ['image', 'filter', 'bias'], attr: { T: attr.dtype(), strides: attr.ints([1, 1, 1, 1]), padding: attr.s('SAME'), dilations: attr.ints([1, 1, 1, 1]), data_format: attr.s('NHWC'), fused_ops: attr.strs(['BiasAdd', 'Relu']), num_args: attr.i(1) } },
        { name: 'pool', op: 'MaxPool', input: ['conv'], attr: { T: attr.dtype(), ksize: attr.ints([1, 3, 3, 1]), strides: attr.ints([1, 1, 1, 1]), padding: attr.s('SAME'), data_format: attr.s('NHWC') } },
        { name: 'mean', op: 'Mean', input: ['pool', 'axes'], attr: { T: attr.dtype(), keep_dims: attr.b(false), Tidx: attr.dtype('DT_INT32') } },
        { name: 'logits', op: 'MatMul', input: ['mean', 'dense'], attr: { T: attr.dtype(), transpose_a: attr.b(false), transpose_b: attr.b(false) } },
        { name: 'probabilities', op: 'Softmax', input: ['logits'], attr: { T: attr.dtype() } },
      ],
    });
    try {
      const report = await modelLipschitz({ model, topology }, { norms: denseNorms });
      expect(report.layers.map((l) => `${l.name}:${l.status}`)).toEqual(['conv:affine', 'pool:not linear', 'mean:affine', 'logits:affine', 'probabilities:after the logits']);
      expect(report.layers[1]?.factor).toBe(3);
      expect(report.logits).toMatchObject({ tensor: 'logits', stripped: 'softmax layer' });
      const logits = await logitsFunction({ model, topology }, report.logits, report.inputShape);
      const stretch = await pairStretch(logits.apply, [5, 5, 2], makePair(c, [5, 5, 2]));
      logits.dispose();
      expect(holds(stretch, report.bound ?? NaN)).toBe(true);
    } finally {
      model.dispose();
    }
  });
});
