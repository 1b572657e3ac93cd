import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../src/cnn/backends/useTfjsBackend.js';
import { tf } from '../../src/tfjs/tf.js';
import { attr, fixtureArtifacts } from '../models/graph/graphFixture.js';
import { saveModel, writeModel } from '../models/io/modelFiles.js';
import { randomizeWeights } from '../models/support/randomizeWeights.js';

const scratch = mkdtempSync(join(tmpdir(), 'layerproof-verify-model-'));
const root = new URL('../../', import.meta.url).pathname;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

interface JsonReport {
  readonly ok: boolean;
  readonly source: string;
  readonly inputs: { readonly samples: number; readonly distribution: string };
  readonly layers: readonly { readonly name: string; readonly kind: string; readonly status: string; readonly inputShape: number[]; readonly outputShape: number[]; readonly rows?: number; readonly cols?: number; readonly nnz?: number; readonly buildMs?: number; readonly maxAbsError?: number; readonly tolerance?: { atol: number } }[];
  readonly chains: readonly { readonly layers: string[]; readonly status: string }[];
  readonly shiftConsistency?: {
    readonly images: number;
    readonly shifts: readonly { readonly size: number; readonly mode: string; readonly consistency: number; readonly agree: number; readonly total: number }[];
    readonly flips: readonly { readonly flip: string; readonly consistency: number; readonly agree: number; readonly total: number }[];
  };
}

let sequentialPath = '';
let poolingPath = '';

describe('layerproof verify-model on users\' saved models', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    const sequential = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [10, 10, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: 'conv' }),
        tf.layers.batchNormalization({ name: 'bn' }),
        tf.layers.activation({ activation: 'relu', name: 'act' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 5, activation: 'softmax', name: 'logits' }),
      ],
    });
    randomizeWeights(sequential, 1);
    sequentialPath = await saveModel(sequential, join(scratch, 'sequential'));
    sequential.dispose();

    const input = tf.input({ shape: [8, 8, 2] });
    const a = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'a' }).apply(input) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'residual' }).apply([input, a]) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'b' }).apply(sum) as tf.SymbolicTensor;
    const cat = tf.layers.concatenate({ name: 'cat' }).apply([sum, b]) as tf.SymbolicTensor;
    const out = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(cat) as tf.SymbolicTensor;
    const functional = tf.model({ inputs: input, outputs: out });
    randomizeWeights(functional, 2);
    await saveModel(functional, join(scratch, 'functional'));
    functional.dispose();

    // Global average pooling forgets where things are: its class survives every circular shift and flip.
    const pooling = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 3], filters: 4, kernelSize: 1, activation: 'relu', name: 'pointwise' }),
        tf.layers.globalAveragePooling2d({ name: 'gap' }),
        tf.layers.dense({ units: 4, name: 'logits' }),
      ],
    });
    randomizeWeights(pooling, 3);
    poolingPath = await saveModel(pooling, join(scratch, 'pooling'));
    pooling.dispose();
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a sequential model.json, random inputs: table, JSON report with the issue\'s fields, exit 0', async () => {
    const json = join(scratch, 'sequential.json');
    const run = await cli(['verify-model', sequentialPath, '--random', '3', '--seed', '4', '--backend', 'cpu', '--json', json]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/4 of 4 linear layers equal act\(T·x \+ b\) on 3 inputs/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    expect(Object.keys(report)[0]).toBe('ok');
    expect(report.ok).toBe(true);
    expect(report.source).toBe('layers-model');
    expect(report.inputs.distribution).toMatch(/uniform.*seed 4/);
    expect(report.layers.map((l) => `${l.name}:${l.kind}:${l.status}`)).toEqual([
      'conv:Conv2D:checked', 'bn:BatchNormalization:checked', 'act:Activation:not linear', 'flat:Flatten:checked', 'logits:Dense:checked',
    ]);
    const conv = report.layers[0];
    expect(conv).toMatchObject({ inputShape: [10, 10, 3], outputShape: [5, 5, 4], rows: 100, cols: 300 });
    for (const key of ['nnz', 'buildMs', 'maxAbsError', 'tolerance']) expect(conv, key).toHaveProperty(key);
    expect(report.chains.map((c) => `${c.layers.join('+')}:${c.status}`)).toEqual(['conv+bn:checked', 'flat+logits:checked']);
    // An image classifier: shift consistency on the same 3 inputs, per shift size and mode, and the flips.
    expect(report.shiftConsistency?.images).toBe(3);
    expect(report.shiftConsistency?.shifts.map((r) => `${r.size}:${r.mode}`)).toEqual([1, 2, 3, 4].flatMap((k) => [`${k}:circular`, `${k}:zero`]));
    expect(report.shiftConsistency?.flips.map((r) => r.flip)).toEqual(['horizontal', 'vertical']);
    for (const r of [...report.shiftConsistency?.shifts ?? [], ...report.shiftConsistency?.flips ?? []]) expect(r.consistency).toBe(r.agree / 3);
    // Negative control for the pooling model's 100% below: strides and a flatten that reads positions lose the class under circular shifts.
    expect(report.shiftConsistency?.shifts.filter((r) => r.mode === 'circular').some((r) => r.agree < 3)).toBe(true);
    expect(run.stdout).toMatch(/Shift consistency \(Zhang 2019\).*3 inputs/);
    expect(run.stdout).toMatch(/shift 4 px, zero fill: \d+\.\d% \(\d\/3\)/);
    expect(run.stdout).toMatch(/vertical flip: /);
  });

  test('shift consistency: global average pooling keeps every class under every circular shift and flip (the strided sequential model above does not)', async () => {
    const pooled = join(scratch, 'pooling.json');
    const pooling = await cli(['verify-model', poolingPath, '--random', '8', '--backend', 'cpu', '--no-norms', '--json', pooled]);
    expect(pooling.code, pooling.stderr).toBe(0);
    const invariant = (JSON.parse(readFileSync(pooled, 'utf8')) as JsonReport).shiftConsistency;
    expect(invariant?.shifts.filter((r) => r.mode === 'circular').map((r) => r.agree)).toEqual([8, 8, 8, 8]);
    expect(invariant?.flips.map((r) => r.agree)).toEqual([8, 8]);
  });

  test('a functional model with a residual Add and a Concatenate, through its folder; --no-shifts skips the shift consistency', async () => {
    const json = join(scratch, 'functional.json');
    const run = await cli(['verify-model', join(scratch, 'functional'), '--random', '2', '--backend', 'cpu', '--no-shifts', '--json', json]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    expect(report.layers.map((l) => `${l.name}:${l.status}`)).toEqual(['a:checked', 'residual:checked', 'b:checked', 'cat:checked', 'gap:checked']);
    expect(report).not.toHaveProperty('shiftConsistency');
    expect(run.stdout).not.toMatch(/Shift consistency/);
  });

  test('a graph model (as tensorflowjs_converter writes a SavedModel: fused conv, a mean and a MatMul), read from its files', async () => {
    const rand = (n: number, seed: number): number[] => Array.from({ length: n }, (_v, i) => Math.sin(seed * 100 + i * 1.7));
    const { topology, weightSpecs, weightData } = fixtureArtifacts({
      inputs: { image: [6, 6, 2] },
      weights: { filter: { shape: [3, 3, 2, 4], data: rand(72, 1) }, bias: { shape: [4], data: rand(4, 2) }, axes: { shape: [2], data: [1, 2], dtype: 'int32' }, dense: { shape: [4, 3], data: rand(12, 3) } },
      nodes: [
        { name: 'conv', op: '_FusedConv2D', input: ['image', 'filter', 'bias'], attr: { T: attr.dtype(), strides: attr.ints([1, 2, 2, 1]), padding: attr.s('SAME'), dilations: attr.ints([1, 1, 1, 1]), data_format: attr.s('NHWC'), fused_ops: attr.strs(['BiasAdd', 'Relu']), num_args: attr.i(1) } },
        { name: 'mean', op: 'Mean', input: ['conv', 'axes'], attr: { T: attr.dtype(), keep_dims: attr.b(false), Tidx: attr.dtype('DT_INT32') } },
        { name: 'logits', op: 'MatMul', input: ['mean', 'dense'], attr: { T: attr.dtype(), transpose_a: attr.b(false), transpose_b: attr.b(false) } },
      ],
    });
    const dir = join(scratch, 'graph');
    writeModel(dir, { format: 'graph-model', generatedBy: '2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0', modelTopology: topology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: weightSpecs }] }, { 'group1-shard1of1.bin': new Uint8Array(weightData) });
    const json = join(scratch, 'graph-report.json');
    const run = await cli(['verify-model', dir, '--random', '2', '--backend', 'cpu', '--json', json]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    expect(report.source).toBe('graph-model');
    expect(report.layers.map((l) => `${l.name}:${l.kind}:${l.status}`)).toEqual(['conv:_FusedConv2D:checked', 'mean:Mean:checked', 'logits:MatMul:checked']);
    expect(report.layers[0]).toMatchObject({ inputShape: [6, 6, 2], outputShape: [3, 3, 4], rows: 36, cols: 72 });
    expect(report.chains.map((c) => `${c.layers.join('+')}:${c.status}`)).toEqual(['mean+logits:checked']);
  });

  test('negative control: a weight changed in the shard after saving still verifies (T is built from what tfjs loaded), but a layer whose operator is wrong fails with exit 1', async () => {
    // The CLI cannot be handed a wrong operator, so the failing path is the library's (test/models/verifyModelSites.test.ts);
    // here: a NaN weight makes TensorFlow.js and T disagree on nothing finite, and the layer fails.
    const dir = join(scratch, 'poisoned');
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, name: 'fc' })] });
    model.setWeights([tf.tensor2d([[NaN, 1], [1, 1], [1, 1], [1, 1]]), tf.zeros([2])]);
    await saveModel(model, dir);
    model.dispose();
    const run = await cli(['verify-model', dir, '--random', '1', '--backend', 'cpu', '--shifts']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/fc.*failed/);
    // --shifts on a model that takes no image: said, not thrown.
    expect(run.stdout).toMatch(/no shift consistency: the input \[4\] is not an image/);
  });

  test('bad input: a truncated model.json and an input shape the model cannot take name the file and the value', async () => {
    const dir = join(scratch, 'truncated');
    const copy = readFileSync(sequentialPath, 'utf8');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), copy);
    truncateSync(join(dir, 'model.json'), Math.floor(copy.length / 2));
    const truncated = await cli(['verify-model', dir, '--backend', 'cpu']);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/model\.json/);
    expect(truncated.stderr).toMatch(/truncated/);
    expect(truncated.stderr).not.toMatch(/ {4}at /);

    const shape = await cli(['verify-model', sequentialPath, '--input-shape', '10,10', '--backend', 'cpu']);
    expect(shape.code).toBe(2);
    expect(shape.stderr).toMatch(/input/i);
    expect(shape.stderr).not.toMatch(/ {4}at /);
    const random = await cli(['verify-model', sequentialPath, '--random', 'two']);
    expect(random.code).toBe(2);
    expect(random.stderr).toMatch(/--random must be an integer ≥ 1, but got 'two'/);
  });

  test('--help names every input option and the statuses', async () => {
    const run = await cli(['verify-model', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--images', '--cifar', '--random', '--seed', '--input-shape', '--json', '--backend', '--no-norms', '--shifts', '--no-shifts']) expect(run.stdout).toContain(flag);
    expect(run.stdout).toMatch(/not supported/);
  });
});
