import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIFAR_CLASS_NAMES, CIFAR_RECORD_BYTES, createRng, type ModelSpec } from '../../../../src/index.js';

/** Ten colours far apart, one per class: the learnable signal of the synthetic data. */
const PALETTE: readonly [number, number, number][] = [
  [40, 40, 40], [215, 40, 40], [40, 215, 40], [40, 40, 215], [215, 215, 40],
  [215, 40, 215], [40, 215, 215], [215, 215, 215], [128, 128, 128], [230, 128, 30],
];

/**
 * CIFAR-10 binary records (label byte, then the R, G and B planes) whose class shows as the
 * image's colour, under pixel noise of ±`noise` and a brightness shift per image.
 */
export function syntheticRecords(count: number, seed: number, options: { noise?: number; labels?: readonly number[] } = {}): Buffer {
  const rng = createRng(seed);
  const noise = options.noise ?? 40;
  const out = Buffer.alloc(count * CIFAR_RECORD_BYTES);
  for (let i = 0; i < count; i++) {
    const label = options.labels?.[i] ?? i % 10;
    const o = i * CIFAR_RECORD_BYTES;
    out[o] = label;
    const shift = (rng() * 2 - 1) * 20;
    const colour = PALETTE[label % 10] ?? [0, 0, 0];
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) {
        const v = (colour[c] ?? 0) + shift + (rng() * 2 - 1) * noise;
        out[o + 1 + c * 1024 + p] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return out;
}

/** A data folder in the official layout: `files` training files of `perFile` images, test_batch.bin of `test` images, batches.meta.txt. */
export function writeSyntheticCifar(dir: string, options: { perFile?: number; files?: number; test?: number; seed?: number; meta?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  const perFile = options.perFile ?? 40;
  const seed = options.seed ?? 1;
  for (let f = 1; f <= (options.files ?? 5); f++) writeFileSync(join(dir, `data_batch_${f}.bin`), syntheticRecords(perFile, seed + f));
  if ((options.test ?? 100) > 0) writeFileSync(join(dir, 'test_batch.bin'), syntheticRecords(options.test ?? 100, seed + 100));
  if (options.meta ?? true) writeFileSync(join(dir, 'batches.meta.txt'), `${CIFAR_CLASS_NAMES.join('\n')}\n\n`);
  return dir;
}

/** A tiny network with every kind of layer verify-model checks: average pooling, convolution, batch norm, ReLU, max pooling, flatten, dense. */
export const TINY_SPEC: ModelSpec = {
  inputShape: [32, 32, 3],
  layers: [
    { kind: 'avgPool', poolSize: 4, name: 'shrink' },
    { kind: 'conv2d', filters: 4, kernel: 3, padding: 'same', useBias: false, name: 'conv' },
    { kind: 'batchNorm', momentum: 0.9, name: 'bn' },
    { kind: 'relu', name: 'relu' },
    { kind: 'maxPool', poolSize: 2, name: 'pool' },
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', units: 10, name: 'logits' },
  ],
};
