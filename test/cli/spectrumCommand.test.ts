import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../src/cnn/backends/useTfjsBackend.js';
import { tf } from '../../src/tfjs/tf.js';
import { saveModel, tempFolder } from '../models/io/modelFiles.js';
import { randomizeWeights } from '../models/support/randomizeWeights.js';

const scratch = tempFolder();
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
  readonly source: string;
  readonly inputShape: number[];
  readonly layers: readonly { readonly name: string; readonly kind: string; readonly status: string; readonly lower?: number; readonly upper?: number; readonly method?: string; readonly ms?: number; readonly reshapedKernel?: number; readonly rule: string; readonly bound?: number }[];
  readonly lipschitz: { readonly bound?: number; readonly rules: string[]; readonly logits: { readonly stripped?: string } };
  readonly radii?: { readonly shares: readonly { radius: number; certified: number; share: number }[]; readonly images: readonly { radius: number; gradientNorm?: number }[]; readonly summary: string };
}

let modelPath = '';

describe('layerproof spectrum on a saved model', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    const input = tf.input({ shape: [6, 6, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }).apply(input) as tf.SymbolicTensor;
    const add = tf.layers.add({ name: 'residual' }).apply([input, conv]) as tf.SymbolicTensor;
    const pool = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same', name: 'pool' }).apply(add) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({ name: 'flat' }).apply(pool) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'logits' }).apply(flat) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    randomizeWeights(model, 1);
    modelPath = await saveModel(model, join(scratch.path, 'model'));
    model.dispose();
  });
  afterAll(() => {
    scratch.remove();
  });

  test('table, rules, Lipschitz bound and radii on stdout; JSON with name, kind, lower, upper, method, ms per layer; a PNG plot', async () => {
    const json = join(scratch.path, 'spectrum.json');
    const plot = join(scratch.path, 'spectrum.png');
    const run = await cli(['spectrum', modelPath, '--random', '4', '--seed', '3', '--backend', 'cpu', '--json', json, '--plot', plot]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Rules:/);
    expect(run.stdout).toMatch(/overlapping max pooling \(3×3 windows, stride 1×1\)/);
    expect(run.stdout).toMatch(/Lipschitz bound, input → logits \(ℓ₂\): L ≤ \d/);
    expect(run.stdout).toMatch(/Certified ℓ₂ radii on 4 inputs/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    expect(report.source).toBe('layers-model');
    expect(report.layers.map((l) => `${l.name}:${l.kind}:${l.status}`)).toEqual(['conv:Conv2D:affine', 'residual:Add:affine', 'pool:MaxPooling2D:not linear', 'flat:Flatten:affine', 'logits:Dense:affine']);
    for (const l of report.layers.filter((x) => x.status === 'affine')) {
      for (const key of ['name', 'kind', 'lower', 'upper', 'method', 'ms']) expect(l, `${l.name}.${key}`).toHaveProperty(key);
      expect(l.lower ?? NaN).toBeLessThanOrEqual(l.upper ?? NaN);
    }
    expect(report.layers[0]?.reshapedKernel).toBeGreaterThan(0);
    expect(report.lipschitz.logits.stripped).toBe('fused softmax');
    expect(report.lipschitz.bound).toBeGreaterThan(0);
    expect(report.radii?.shares.map((s) => s.radius)).toEqual([0.01, 0.1, 0.5]);
    expect(report.radii?.images).toHaveLength(4);
    expect(readFileSync(plot).subarray(1, 4).toString()).toBe('PNG');
  });

  test('--help states what the bound and the radii mean; bad input exits 2 with a message naming the argument, no stack trace', async () => {
    // Four processes at once: each spends most of its time starting tsx.
    const [help, plot, radii, missing] = await Promise.all([
      cli(['spectrum', '--help']),
      cli(['spectrum', modelPath, '--plot', join(scratch.path, 'x.jpg'), '--backend', 'cpu']),
      cli(['spectrum', modelPath, '--radii', '0.1,-1', '--backend', 'cpu']),
      cli(['spectrum', join(scratch.path, 'nowhere'), '--backend', 'cpu']),
    ]);
    expect(help.code).toBe(0);
    for (const option of ['--images', '--cifar', '--random', '--limit', '--input-shape', '--json', '--plot', '--seed', '--backend', '--radii']) expect(help.stdout).toContain(option);
    expect(help.stdout).toMatch(/\(top-1 logit − runner-up\)\/\(√2·L\)/);
    expect(plot.code).toBe(2);
    expect(plot.stderr).toMatch(/--plot must be a file name ending in \.png or \.svg, but got '.*x\.jpg'/);
    expect(existsSync(join(scratch.path, 'x.jpg'))).toBe(false);
    expect(radii.code).toBe(2);
    expect(radii.stderr).toMatch(/--radii must be positive numbers separated by commas/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere/);
    for (const r of [plot, radii, missing]) expect(r.stderr).not.toMatch(/ {4}at /);
  });
});
