import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { reshapedKernelNorm } from '../../../src/spectrum/reshapedKernelNorm.js';
import { spectrumPlotSpec, writeSpectrumPlot } from '../../../src/spectrum/model/spectrumPlot.js';
import { spectrumReport, type SpectrumRun } from '../../../src/spectrum/model/spectrumReport.js';
import { tf } from '../../../src/tfjs/tf.js';
import { saveModel, tempFolder } from '../../models/io/modelFiles.js';
import { randomizeWeights } from '../../models/support/randomizeWeights.js';
import { denseNorms } from './support/denseNorms.js';

const folder = tempFolder();
let modelPath = '';
let kernel: { shape: number[]; data: Float32Array } = { shape: [], data: new Float32Array(0) };
let run: SpectrumRun;

describe('spectrumReport on a saved model.json (dense SVD norms, so the table is checked apart from how layers are bounded)', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'same', name: 'conv' }),
        tf.layers.activation({ activation: 'relu', name: 'relu' }),
        tf.layers.depthwiseConv2d({ kernelSize: 2, padding: 'same', name: 'depthwise' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 1, name: 'pool' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 4, activation: 'softmax', name: 'logits' }),
      ],
    });
    randomizeWeights(model, 3);
    const [k] = model.getLayer('conv').getWeights();
    kernel = { shape: k?.shape ?? [], data: Float32Array.from(await k?.data() ?? []) };
    modelPath = await saveModel(model, join(folder.path, 'model'));
    model.dispose();
    run = await spectrumReport(modelPath, { random: 5, seed: 2, backend: 'cpu', norms: denseNorms, spectra: true });
  });
  afterAll(() => {
    folder.remove();
  });

  test('one row per layer with the certified interval, the reshaped-kernel value beside the conv, the rule and the bound so far', () => {
    const { report } = run;
    expect(report.source).toBe('layers-model');
    expect(report.layers.map((l) => `${l.name}:${l.kind}:${l.status}`)).toEqual([
      'conv:Conv2D:affine', 'relu:Activation:not linear', 'depthwise:DepthwiseConv2D:affine', 'pool:MaxPooling2D:not linear', 'flat:Flatten:affine', 'logits:Dense:affine',
    ]);
    const conv = report.layers[0];
    expect(conv).toMatchObject({ method: 'dense-svd', exact: true, gap: 0 });
    expect(conv?.lower).toBe(conv?.upper);
    expect(conv?.reshapedKernel).toBe(reshapedKernelNorm(kernel));
    expect(report.layers[2]?.reshapedKernel).toBeUndefined();
    expect(report.layers[3]?.factor).toBe(2);
    expect(report.lipschitz.bound).toBe(report.layers[5]?.bound);
    expect(report.lipschitz.logits.stripped).toBe('fused softmax');
  });

  test('certified radii on the five random inputs, in the inputs\' units, with the local gradient norms', () => {
    const radii = run.report.radii;
    expect(radii?.images).toHaveLength(5);
    expect(radii?.lipschitz).toBe(run.report.lipschitz.bound);
    for (const r of radii?.images ?? []) expect(r.gradientNorm).toBeLessThanOrEqual(Math.SQRT2 * (radii?.lipschitz ?? 0) * 1.0001);
    expect(run.report.inputs).toMatchObject({ samples: 5, units: "the random inputs' units (uniform over [0,1])" });
  });

  test('circular spectra of both convolutions: min(rows, cols) values, descending, on the input grid rounded up to the stride', () => {
    expect(run.spectra.map((s) => `${s.name}:${s.grid.join('x')}:${s.values.length}`)).toEqual(['conv:6x6:27', 'depthwise:3x3:27']);
    for (const s of run.spectra) for (let i = 1; i < s.values.length; i++) expect(s.values[i]).toBeLessThanOrEqual(s.values[i - 1] ?? Infinity);
    expect(run.report.spectra.map((s) => s.name)).toEqual(['conv', 'depthwise']);
  });

  test('the plot: one line per layer on a log scale, written as SVG; a file that is neither .png nor .svg is refused', async () => {
    const spec = spectrumPlotSpec(run.spectra) as unknown as { encoding: { y: { scale: { type: string } } }; data: { values: { layer: string }[] } };
    expect(spec.encoding.y.scale.type).toBe('log');
    expect(new Set(spec.data.values.map((v) => v.layer.split(' ')[0]))).toEqual(new Set(['conv', 'depthwise']));
    const file = join(folder.path, 'spectrum.svg');
    await writeSpectrumPlot(file, run.spectra);
    expect(readFileSync(file, 'utf8')).toMatch(/^<svg/);
    await expect(writeSpectrumPlot(join(folder.path, 'spectrum.jpg'), run.spectra)).rejects.toThrow(/file must be a file name ending in \.png or \.svg/);
  });

  test('bad input: two sources of inputs, and an empty path, are refused with what would be valid', async () => {
    await expect(spectrumReport(modelPath, { random: 2, images: ['x.png'], backend: 'cpu', norms: denseNorms })).rejects.toThrow(/inputs must be one source of inputs/);
    await expect(spectrumReport('', { backend: 'cpu', norms: denseNorms })).rejects.toThrow(LayerproofError);
  });
});
