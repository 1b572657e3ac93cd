import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createModel, createOptimizer, LayerproofError, readCheckpoint, restoreWeights, tf, useTfjsBackend, writeCheckpoint } from '../../../src/index.js';
import { TINY_SPEC } from './support/syntheticCifar.js';

const scratch = mkdtempSync(join(tmpdir(), 'layerproof-ckpt-'));

function trainedPair(): { model: tf.Sequential; optimizer: tf.Optimizer } {
  const model = createModel(TINY_SPEC);
  const { optimizer } = createOptimizer('adam', 0.01);
  const x = tf.randomUniform([4, 32, 32, 3], -1, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10);
  for (let i = 0; i < 2; i++) {
    optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor).asScalar());
  }
  tf.dispose([x, y]);
  return { model, optimizer };
}

describe('checkpoint files', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test('weights, batch-norm statistics, optimizer moments and the JSON state come back exactly', async () => {
    const { model, optimizer } = trainedPair();
    const path = join(scratch, 'a.ckpt');
    await writeCheckpoint(path, { epoch: 3, note: 'x' }, model, optimizer);
    const back = readCheckpoint<{ epoch: number; note: string }>(path);
    expect(back.state).toEqual({ epoch: 3, note: 'x' });
    const original = model.getWeights().map((t) => Array.from(t.dataSync()));
    expect(back.weights.map((t) => Array.from(t.dataSync()))).toEqual(original);
    const moments = await optimizer.getWeights();
    expect(back.optimizer.map((n) => [n.name, n.tensor.dtype, Array.from(n.tensor.dataSync())])).toEqual(moments.map((n) => [n.name, n.tensor.dtype, Array.from(n.tensor.dataSync())]));
    const fresh = createModel(TINY_SPEC);
    restoreWeights(fresh, back.weights, path);
    expect(fresh.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(original);
    tf.dispose([...back.weights, ...back.optimizer.map((n) => n.tensor)]);
    model.dispose();
    fresh.dispose();
  });

  test('a failed write leaves the previous checkpoint whole and no temporary file behind', async () => {
    const { model, optimizer } = trainedPair();
    const dir = join(scratch, 'atomic');
    mkdirSync(dir);
    const path = join(dir, 'last.ckpt');
    await writeCheckpoint(path, { epoch: 1 }, model, optimizer);
    const before = readFileSync(path);
    // The temporary file's place is taken by a folder: the write fails before the rename.
    mkdirSync(`${path}.tmp-${process.pid}`);
    await expect(writeCheckpoint(path, { epoch: 2 }, model, optimizer)).rejects.toThrow();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readCheckpoint<{ epoch: number }>(path).state.epoch).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.ckpt'))).toEqual(['last.ckpt']);
    model.dispose();
  });

  test('a truncated or foreign file, and weights of another network, are refused', async () => {
    const { model } = trainedPair();
    const path = join(scratch, 'b.ckpt');
    await writeCheckpoint(path, {}, model);
    const bytes = readFileSync(path);
    writeFileSync(join(scratch, 'cut.ckpt'), bytes.subarray(0, bytes.length - 8));
    expect(() => readCheckpoint(join(scratch, 'cut.ckpt'))).toThrow(/truncated/);
    writeFileSync(join(scratch, 'other.ckpt'), 'hello');
    expect(() => readCheckpoint(join(scratch, 'other.ckpt'))).toThrow(/not a layerproof checkpoint/);
    expect(() => readCheckpoint(join(scratch, 'none.ckpt'))).toThrow(LayerproofError);
    expect(existsSync(join(scratch, 'none.ckpt'))).toBe(false);
    const other = createModel({ ...TINY_SPEC, layers: TINY_SPEC.layers.map((l) => (l.kind === 'conv2d' ? { ...l, filters: 6 } : l)) });
    const back = readCheckpoint(path);
    expect(() => restoreWeights(other, back.weights, path)).toThrow(/same network/);
    tf.dispose(back.weights);
    model.dispose();
    other.dispose();
  });
});
