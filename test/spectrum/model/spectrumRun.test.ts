import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { train } from '../../../src/cnn/train/train.js';
import { spectrumReport } from '../../../src/spectrum/model/spectrumReport.js';
import { tempFolder } from '../../models/io/modelFiles.js';
import { TINY_SPEC, writeSyntheticCifar } from '../../cnn/train/support/syntheticCifar.js';

const folder = tempFolder();
const out = join(folder.path, 'run');

describe('spectrumReport on a layerproof run folder (one epoch of the tiny network on generated CIFAR-format data)', () => {
  beforeAll(async () => {
    const data = writeSyntheticCifar(join(folder.path, 'data'), { perFile: 20, files: 2, test: 20 });
    const spec = join(folder.path, 'tiny.json');
    writeFileSync(spec, JSON.stringify(TINY_SPEC));
    const result = await train({ data, out, model: spec, learningRates: [0.01], epochs: 1, batchSize: 20, backend: 'cpu', seed: 3, images: [0], workers: 1 });
    expect(result.status).toBe('done');
  });
  afterAll(() => {
    folder.remove();
  });

  test('the run\'s own test images, normalised as in training: the layers of its spec, a bound, and radii in normalised units', async () => {
    const { report } = await spectrumReport(out, { limit: 6, backend: 'cpu' });
    expect(report.source).toBe('run');
    expect(report.inputShape).toEqual([32, 32, 3]);
    expect(report.layers.map((l) => `${l.name}:${l.status}`)).toEqual([
      'shrink:affine', 'conv:affine', 'bn:affine', 'relu:not linear', 'pool:not linear', 'flatten:affine', 'logits:affine',
    ]);
    expect(report.layers.find((l) => l.name === 'pool')?.factor).toBe(1);
    expect(report.lipschitz.bound).toBeGreaterThan(0);
    expect(report.inputs).toMatchObject({ samples: 6, units: 'normalised pixels, as the run trained on them' });
    expect(report.radii?.images).toHaveLength(6);
  });

  test('bad input: other inputs for a run folder are refused, naming --limit', async () => {
    await expect(spectrumReport(out, { random: 2, backend: 'cpu' })).rejects.toThrow(/none for a run folder .*--limit N/);
  });
});
