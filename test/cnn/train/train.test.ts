import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  concatImages, readCheckpoint, readCifarFile, readRunState, stratifiedSplit, tf, train, verifyModel, writeCheckpoint, createModel,
  type RunReport, type TrainOptions,
} from '../../../src/index.js';
import { describeWith } from '../../support/withComponent.js';
import { TINY_SPEC, writeSyntheticCifar } from './support/syntheticCifar.js';

const scratch = mkdtempSync(join(tmpdir(), 'layerproof-train-'));
const data = writeSyntheticCifar(join(scratch, 'data'), { perFile: 40, test: 100 });
const specPath = join(scratch, 'tiny.json');
writeFileSync(specPath, JSON.stringify(TINY_SPEC));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function isPng(path: string): boolean {
  return existsSync(path) && readFileSync(path).subarray(0, 8).equals(PNG_SIGNATURE);
}

function weightsOf(path: string): number[][] {
  const c = readCheckpoint(path);
  const values = c.weights.map((t) => Array.from(t.dataSync()));
  tf.dispose([...c.weights, ...c.optimizer.map((n) => n.tensor)]);
  return values;
}

const base: TrainOptions = {
  data, out: '', model: specPath, learningRates: [0.01, 0.003], epochs: 6, batchSize: 20, backend: 'cpu', seed: 7, images: [0, 47],
};

describe('layerproof train end to end on generated CIFAR-format data (cpu backend)', () => {
  test('reaches > 90% test accuracy, reads the test files only after the choice, trains on no validation image, writes every output, and verify-model passes', async () => {
    const out = join(scratch, 'run');
    const events: string[] = [];
    const trained = new Set<number>();
    const result = await train({
      ...base, out,
      onFileRead: (path, role) => events.push(`read ${role} ${path.slice(data.length + 1)}`),
      onChosen: (c) => events.push(`chosen ${c.id}`),
      observer: { onBatch: (e) => e.indices.forEach((i) => trained.add(i)) },
    });
    expect(result.status).toBe('done');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    expect(report.testAccuracy).toBeGreaterThan(0.9);
    expect(report.testAccuracy).toBeLessThanOrEqual(1);
    expect(report.testImages).toBe(100);

    // Honest evaluation: every training file is read before the choice, the test file once, after it.
    const chosenAt = events.findIndex((e) => e.startsWith('chosen'));
    expect(events.slice(0, chosenAt)).toEqual([1, 2, 3, 4, 5].map((k) => `read train data_batch_${k}.bin`));
    expect(events.slice(chosenAt + 1)).toEqual(['read test test_batch.bin']);

    // Leak-free: no validation image was in any training batch of the search.
    const labels = concatImages([1, 2, 3, 4, 5].map((k) => readCifarFile(join(data, `data_batch_${k}.bin`)))).labels;
    const split = stratifiedSplit(labels, 0.1, 7);
    const state = readRunState(out);
    expect(state.split.validationCount).toBe(20);
    expect(state.split.validationPerClass).toEqual(new Array(10).fill(2));
    expect([...split.validation].filter((i) => trained.has(i))).toEqual([]);
    expect(trained.size).toBe(180);

    // The choice: the best validation accuracy, and the model tested is its best epoch's.
    const best = Math.max(...report.configurations.map((c) => c.bestValidationAccuracy ?? 0));
    expect(report.validationAccuracy).toBe(best);
    expect(weightsOf(join(out, 'model.ckpt'))).toEqual(weightsOf(join(out, 'checkpoints', report.chosen.configuration.id, 'best.ckpt')));

    // Every output.
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { configuration: string; epoch: number; validationAccuracy: number });
    expect(metrics.map((m) => `${m.configuration}:${m.epoch}`)).toEqual(['c01', 'c02'].flatMap((c) => [1, 2, 3, 4, 5, 6].map((e) => `${c}:${e}`)));
    expect(report.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(100);
    expect(Object.keys(report.perClassAccuracy)).toHaveLength(10);
    expect([report.backend, report.device, report.seed]).toEqual(['cpu', 'cpu', 7]);
    expect(report.imagesPerSecond).toBeGreaterThan(0);
    expect(report.wallSeconds).toBeGreaterThan(0);
    for (const name of ['learning-curves-c01', 'learning-curves-c02', 'learning-curves', 'confusion-matrix']) {
      expect(readFileSync(join(out, 'figures', `${name}.svg`), 'utf8')).toContain('<svg');
      expect(isPng(join(out, 'figures', `${name}.png`))).toBe(true);
    }
    for (const image of [0, 47]) {
      for (const f of ['00-input.png', '01-shrink.png', '02-conv.png', '05-pool.png']) expect(isPng(join(out, 'feature-maps', `image-${image}`, f))).toBe(true);
    }
    expect(isPng(join(out, 'feature-maps', 'first-layer-filters.png'))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`${(100 * report.testAccuracy).toFixed(1)}%`);
    const sources = [...html.matchAll(/src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(sources.length).toBeGreaterThan(10);
    for (const src of sources) expect(existsSync(join(out, src)), src).toBe(true);
    expect(report.commentary.join(' ')).toMatch(/Zeros\. .*% .*exactly 0/);
    expect(report.featureMaps.layers.find((l) => l.kind === 'relu')?.zeroFraction).toBeGreaterThan(0);

    // verify-model: every linear layer of the trained network equals T·x + b on the test images.
    const verified = await verifyModel(out, { backend: 'cpu' });
    expect(verified.ok).toBe(true);
    expect(verified.source).toBe('run');
    expect(verified.layers.map((l) => `${l.kind}:${l.status}`)).toEqual([
      'AveragePooling2D:checked', 'Conv2D:checked', 'BatchNormalization:checked', 'ReLU:not linear', 'MaxPooling2D:not linear', 'Flatten:checked', 'Dense:checked',
    ]);
    // The same path as a user's model: conv→BN and flatten→dense are multiplied into one operator each and checked.
    expect(verified.chains.map((c) => c.status)).toEqual(['checked', 'checked']);

    // Negative control: a model whose dense kernel went non-finite fails verify-model.
    const broken = readCheckpoint(join(out, 'model.ckpt'));
    const model = createModel(TINY_SPEC);
    const kernel = model.weights.findIndex((w) => w.originalName === 'logits/kernel');
    expect(kernel).toBeGreaterThanOrEqual(0);
    const poisoned = broken.weights.map((t, i) => (i === kernel ? tf.fill(t.shape, NaN) : t));
    model.setWeights(poisoned);
    await writeCheckpoint(join(out, 'model.ckpt'), broken.state, model);
    tf.dispose([...broken.weights, ...poisoned]);
    model.dispose();
    const failed = await verifyModel(out, { backend: 'cpu' });
    expect(failed.ok).toBe(false);
    expect(failed.layers.map((l) => l.status)).toEqual(['checked', 'checked', 'checked', 'not linear', 'not linear', 'checked', 'failed']);
  });

  test('an interrupted run resumes from the saved epoch and batch and ends with the same weights as an uninterrupted one', async () => {
    const options: TrainOptions = { ...base, learningRates: [0.05], optimizer: 'sgd', schedule: 'onecycle', epochs: 4, augment: true, images: [0] };
    const straight = join(scratch, 'straight');
    await train({ ...options, out: straight });

    const out = join(scratch, 'resumed');
    const first = new AbortController();
    const r1 = await train({
      ...options, out, signal: first.signal,
      observer: { onBatch: (e) => { if (e.epoch === 2 && e.batch === 3) first.abort(); } },
    });
    expect(r1.status).toBe('interrupted');
    expect(readRunState(out).phase).toBe('search');
    expect(existsSync(join(out, 'report.json'))).toBe(false);

    const second = new AbortController();
    const starts: unknown[] = [];
    const r2 = await train({
      ...options, out, resume: true, signal: second.signal,
      observer: { onConfigurationStart: (e) => starts.push(e.resumedAt), onEpoch: (m) => { if (m.epoch === 3) second.abort(); } },
    });
    expect(r2.status).toBe('interrupted');

    const r3 = await train({ ...options, out, resume: true, observer: { onConfigurationStart: (e) => starts.push(e.resumedAt) } });
    expect(r3.status).toBe('done');
    expect(starts).toEqual([{ epoch: 1, batch: 3 }, { epoch: 3, batch: 0 }]);
    const epochs = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { epoch: number }).epoch);
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(weightsOf(join(out, 'model.ckpt'))).toEqual(weightsOf(join(straight, 'model.ckpt')));
    expect(readRunState(out).sessions).toHaveLength(3);
  });

  test('--retrain trains the chosen configuration again on training + validation, and that model is the one tested', async () => {
    const out = join(scratch, 'retrained');
    const byPhase = { search: new Set<number>(), retrain: new Set<number>() };
    const result = await train({
      ...base, out, learningRates: [0.01], epochs: 2, retrain: true, images: [0],
      observer: { onBatch: (e) => e.indices.forEach((i) => byPhase[e.phase].add(i)) },
    });
    expect(result.report?.chosen.retrained).toBe(true);
    const validation = stratifiedSplit(concatImages([1, 2, 3, 4, 5].map((k) => readCifarFile(join(data, `data_batch_${k}.bin`)))).labels, 0.1, 7).validation;
    expect([...validation].filter((i) => byPhase.search.has(i))).toEqual([]);
    expect([...validation].every((i) => byPhase.retrain.has(i))).toBe(true);
    expect(byPhase.retrain.size).toBe(200);
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { phase: string; validationAccuracy?: number });
    expect(metrics.map((m) => m.phase)).toEqual(['search', 'search', 'retrain', 'retrain']);
    expect(metrics.filter((m) => m.phase === 'retrain').every((m) => m.validationAccuracy === undefined)).toBe(true);
    expect(weightsOf(join(out, 'model.ckpt'))).toEqual(weightsOf(join(out, 'checkpoints', 'retrain', 'last.ckpt')));
    expect(existsSync(join(out, 'figures', 'learning-curves-retrain.png'))).toBe(true);
  });

  test('the NaN guard stops a diverging configuration, records where, and the search chooses among the others', async () => {
    const out = join(scratch, 'diverging');
    const messages: string[] = [];
    const result = await train({ ...base, out, learningRates: [0.05, 1e30], optimizer: 'sgd', epochs: 2, images: [0], observer: { onMessage: (m) => messages.push(m) } });
    const report = result.report;
    expect(report?.configurations.map((c) => c.status)).toEqual(['done', 'diverged']);
    expect(report?.configurations[1]?.diverged?.epoch).toBe(1);
    expect(report?.chosen.configuration.id).toBe('c01');
    expect(messages.some((m) => m.includes('NaN guard stopped'))).toBe(true);
  });

  test('workers: 2 trains the configurations in two processes at once, with the same results as one after another', async () => {
    const out = join(scratch, 'parallel');
    const messages: string[] = [];
    const result = await train({ ...base, out, workers: 2, observer: { onMessage: (m) => messages.push(m) } });
    expect(result.status).toBe('done');
    expect(messages).toContain('training 2 configurations at once, one process each');
    const sequential = join(scratch, 'run');
    for (const file of ['c01/best.ckpt', 'c01/last.ckpt', 'c02/best.ckpt', 'c02/last.ckpt']) {
      expect(weightsOf(join(out, 'checkpoints', file))).toEqual(weightsOf(join(sequential, 'checkpoints', file)));
    }
    const strip = (path: string): unknown[] => readFileSync(path, 'utf8').trim().split('\n').map((l) => {
      const { seconds: _s, imagesPerSecond: _i, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });
    expect(strip(join(out, 'metrics.jsonl'))).toEqual(strip(join(sequential, 'metrics.jsonl')));
  });

  test('a second run into the same folder is refused unless it resumes; a broken network is refused before any data is read', async () => {
    const out = join(scratch, 'run');
    await expect(train({ ...base, out })).rejects.toThrow(/already holds a run\. Valid: --resume/);
    const reads: string[] = [];
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, JSON.stringify({ inputShape: [32, 32, 3], layers: [{ kind: 'conv2d', filters: 4, kernel: 40 }, { kind: 'flatten' }, { kind: 'dense', units: 10 }] }));
    await expect(train({ ...base, out: join(scratch, 'never'), model: broken, onFileRead: (p) => reads.push(p) })).rejects.toThrow(/layer 1 \(conv2d, the first convolution\)/);
    expect(reads).toEqual([]);
    expect(existsSync(join(scratch, 'never'))).toBe(false);
  });
});

// tfjs's webgpu backend cannot read a tensor synchronously in Node (it needs OffscreenCanvas):
// every read of the trainer (checkpoints, feature maps, verify-model) must be asynchronous.
describeWith('vulkan', 'layerproof train end to end on the webgpu backend (software adapter in CI)', () => {
  afterAll(async () => {
    const { selectBackend } = await import('../../../src/index.js');
    await selectBackend({ backend: 'cpu' });
  });

  test('trains with the fused Adam, checkpoints, resumes, writes the feature maps, and verify-model passes', async () => {
    const options: TrainOptions = { ...base, backend: 'webgpu', learningRates: [0.01], epochs: 2, images: [0] };
    const out = join(scratch, 'webgpu');
    const stop = new AbortController();
    const first = await train({ ...options, out, signal: stop.signal, observer: { onBatch: (e) => { if (e.epoch === 1 && e.batch === 2) stop.abort(); } } });
    expect(first.status).toBe('interrupted');
    const second = await train({ ...options, out, resume: true });
    expect(second.status).toBe('done');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    expect([report.backend, report.device]).toEqual(['webgpu', 'cpu']);
    expect(report.testAccuracy).toBeGreaterThan(0.2);
    expect(isPng(join(out, 'feature-maps', 'image-0', '02-conv.png'))).toBe(true);
    expect(weightsOf(join(out, 'model.ckpt')).flat().every(Number.isFinite)).toBe(true);
    const verified = await verifyModel(out, { backend: 'webgpu' });
    expect(verified.ok, JSON.stringify(verified.layers)).toBe(true);
  });
});
