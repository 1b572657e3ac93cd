import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { LayerproofError } from '../../../src/core/LayerproofError.js';
import { readModelInputs, type ReadModelInputsOptions } from '../../../src/models/io/readModelInputs.js';
import { tf } from '../../../src/tfjs/tf.js';
import { GRAY_4X3, GRAY_JPEG, jpegBytes, pngBytes, smoothRgb, writeFile } from './imageFiles.js';
import { seededValues, tempFolder } from './modelFiles.js';

const folder = tempFolder();
afterAll(() => { folder.remove(); });

const RGB = [10, 20, 30, 40, 50, 60, 70, 80, 90, 200, 210, 220, 1, 2, 3, 255, 254, 253];

async function read(options: ReadModelInputsOptions): Promise<{ shape: number[]; values: Float32Array; sources: string[]; distribution: string }> {
  const { batch, sources, distribution } = await readModelInputs(options);
  try {
    return { shape: batch.shape, values: Float32Array.from(await batch.data()), sources, distribution };
  } finally {
    batch.dispose();
  }
}

async function refusal(options: ReadModelInputsOptions): Promise<string> {
  let caught: unknown;
  try {
    (await readModelInputs(options)).batch.dispose();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LayerproofError);
  return (caught as Error).message;
}

/** Means of the 2×2 blocks of an h×w×c image (row-major values). */
function blockMeans(values: ArrayLike<number>, h: number, w: number, c: number): number[] {
  const out: number[] = [];
  for (let y = 0; y < h / 2; y++) {
    for (let x = 0; x < w / 2; x++) {
      for (let k = 0; k < c; k++) {
        const at = (yy: number, xx: number): number => values[(yy * w + xx) * c + k] ?? NaN;
        out.push((at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4);
      }
    }
  }
  return out;
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number): boolean => a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - (b[i] ?? NaN)) <= tol);

describe.each(['cpu', 'wasm'] as const)('readModelInputs on %s: images', (backend) => {
  beforeAll(() => useTfjsBackend(backend));

  test.each([
    ['0,1', (v: number) => v / 255],
    ['0,255', (v: number) => v],
    ['-1,1', (v: number) => (2 * v) / 255 - 1],
  ] as const)('an RGB PNG of the model size is scaled to [%s] and not resampled', async (range, scale) => {
    const path = writeFile(join(folder.path, `${backend}-rgb.png`), pngBytes(3, 2, RGB, 2));
    const got = await read({ shape: [2, 3, 3], images: [path], range });
    expect(got.shape).toEqual([1, 2, 3, 3]);
    expect(got.values).toEqual(Float32Array.from(RGB, scale));
    expect(got.sources).toEqual([path]);
    expect(got.distribution).toBe(`1 image(s) scaled to [${range.replace(',', ', ')}]`);
  });

  test.prop([fc.integer({ min: 1, max: 1_000_000 })], { numRuns: 4 })('an 8×6 image resized to 4×3 is the mean of each 2×2 block (bilinear, half-pixel centres)', async (seed) => {
    const samples = Array.from(seededValues(8 * 6 * 3, seed), (v) => Math.round(127.5 + 127.5 * v));
    const path = writeFile(join(folder.path, `${backend}-big-${seed}.png`), pngBytes(6, 8, samples, 2));
    const got = await read({ shape: [4, 3, 3], images: [path] });
    expect(got.shape).toEqual([1, 4, 3, 3]);
    expect(close(got.values, blockMeans(samples.map((v) => v / 255), 8, 6, 3), 1e-6)).toBe(true);
    expect(got.distribution).toMatch(/1 resized bilinearly to 4×3/);
  });

  test('negative control: a corner-aligned resize (no half-pixel centres) is not the block mean', async () => {
    const samples = Array.from(seededValues(8 * 6 * 3, 5), (v) => Math.round(127.5 + 127.5 * v));
    const sampled = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(samples.map((v) => v / 255), [8, 6, 3]), [4, 3], false, false));
    const values = await sampled.data();
    sampled.dispose();
    expect(close(values, blockMeans(samples.map((v) => v / 255), 8, 6, 3), 1e-6)).toBe(false);
  });

  test('grayscale into a 3-channel model repeats the gray; into a 1-channel model it stays as it is', async () => {
    const gray = [0, 51, 102, 153, 204, 255];
    const path = writeFile(join(folder.path, `${backend}-gray.png`), pngBytes(3, 2, gray, 0));
    const three = await read({ shape: [2, 3, 3], images: [path] });
    expect(three.values).toEqual(Float32Array.from(gray.flatMap((v) => [v, v, v]), (v) => v / 255));
    expect(three.distribution).toMatch(/1 converted to RGB by repeating the gray channel/);
    const one = await read({ shape: [2, 3, 1], images: [path] });
    expect(one.values).toEqual(Float32Array.from(gray, (v) => v / 255));
  });

  test('a grayscale JPEG into a 1-channel model is its one channel, not converted', async () => {
    const path = writeFile(join(folder.path, `${backend}-gray.jpg`), GRAY_JPEG);
    const got = await read({ shape: [3, 4, 1], images: [path], range: '0,255' });
    expect(got.shape).toEqual([1, 3, 4, 1]);
    expect(close(got.values, GRAY_4X3, 2)).toBe(true);
    expect(got.distribution).toBe('1 image(s) scaled to [0, 255]');
  });

  test('RGB into a 1-channel model is its luma 0.299 R + 0.587 G + 0.114 B; RGBA drops the alpha', async () => {
    const rgba = RGB.flatMap((v, i) => (i % 3 === 2 ? [v, 255 - 10 * i] : [v]));
    const path = writeFile(join(folder.path, `${backend}-rgba.png`), pngBytes(3, 2, rgba, 6));
    const got = await read({ shape: [2, 3, 1], images: [path], range: '0,255' });
    const luma = Array.from({ length: 6 }, (_, p) => 0.299 * (RGB[3 * p] ?? 0) + 0.587 * (RGB[3 * p + 1] ?? 0) + 0.114 * (RGB[3 * p + 2] ?? 0));
    expect(close(got.values, luma, 1e-4)).toBe(true);
    expect(got.distribution).toMatch(/converted to grayscale by luma/);
    // Negative control: the plain channel mean is not what a grayscale model gets.
    expect(close(got.values, Array.from({ length: 6 }, (_, p) => ((RGB[3 * p] ?? 0) + (RGB[3 * p + 1] ?? 0) + (RGB[3 * p + 2] ?? 0)) / 3), 1e-4)).toBe(false);
  });

  test('a folder: its images in name order (numbers as numbers), other files skipped; JPEG and PNG alike', async () => {
    const dir = join(folder.path, `${backend}-folder`);
    mkdirSync(dir);
    const rgb = smoothRgb(4, 4);
    writeFile(join(dir, 'img10.png'), pngBytes(4, 4, rgb, 2));
    writeFile(join(dir, 'img2.PNG'), pngBytes(4, 4, rgb.map((v) => 255 - v), 2));
    writeFile(join(dir, 'a.jpeg'), jpegBytes(4, 4, rgb));
    writeFileSync(join(dir, 'notes.txt'), 'not an image');
    const got = await read({ shape: [4, 4, 3], images: [dir] });
    expect(got.sources).toEqual(['a.jpeg', 'img2.PNG', 'img10.png'].map((n) => join(dir, n)));
    expect(got.shape).toEqual([3, 4, 4, 3]);
    expect(close(got.values.subarray(0, 48), rgb.map((v) => v / 255), 3 / 255)).toBe(true);
    expect(got.values.subarray(96)).toEqual(Float32Array.from(rgb, (v) => v / 255));
  });
});

describe('readModelInputs: random inputs and CIFAR-10 files', () => {
  beforeAll(() => useTfjsBackend('cpu'));

  test.prop([fc.integer({ min: -1000, max: 1000 })], { numRuns: 5 })('random: N seeded inputs uniform in [0, 1), the same for the same seed', async (seed) => {
    const a = await read({ shape: [4, 4, 3], random: 3, seed });
    const b = await read({ shape: [4, 4, 3], random: 3, seed });
    expect(a.shape).toEqual([3, 4, 4, 3]);
    expect(a.values).toEqual(b.values);
    expect(a.values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(a.distribution).toBe(`uniform [0,1), seed ${seed}`);
    expect(a.sources).toEqual([0, 1, 2].map((i) => `random #${i} (seed ${seed})`));
    // Negative control: another seed gives other inputs.
    expect((await read({ shape: [4, 4, 3], random: 3, seed: seed + 1 })).values).not.toEqual(a.values);
  });

  test('random inputs of a non-image shape, over the [-1, 1) range', async () => {
    const got = await read({ shape: [7], random: 50, range: '-1,1' });
    expect(got.shape).toEqual([50, 7]);
    expect(got.values.every((v) => v >= -1 && v < 1)).toBe(true);
    expect(got.values.some((v) => v < 0)).toBe(true);
    expect(got.distribution).toBe('uniform [-1,1), seed 1');
  });

  function cifarFile(name: string, records: readonly (readonly [number, number, number])[]): string {
    const bytes = new Uint8Array(records.length * 3073);
    records.forEach(([r, g, b], i) => {
      bytes[i * 3073] = i % 10;
      bytes.fill(r, i * 3073 + 1, i * 3073 + 1025);
      bytes.fill(g, i * 3073 + 1025, i * 3073 + 2049);
      bytes.fill(b, i * 3073 + 2049, i * 3073 + 3073);
    });
    return writeFile(join(folder.path, name), bytes);
  }

  test('CIFAR-10 records, up to the limit, as NHWC pixels; resized and grayscale when the model wants it', async () => {
    const path = cifarFile('batch.bin', [[255, 0, 0], [0, 128, 255], [10, 20, 30]]);
    const got = await read({ shape: [32, 32, 3], cifar: [path], limit: 2 });
    expect(got.shape).toEqual([2, 32, 32, 3]);
    expect(got.sources).toEqual([`${path}#0`, `${path}#1`]);
    expect(Array.from(got.values.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(got.values.subarray(32 * 32 * 3, 32 * 32 * 3 + 3))).toEqual([0, Math.fround(128 / 255), 1]);
    const small = await read({ shape: [16, 16, 1], cifar: [path], range: '0,255' });
    expect(small.shape).toEqual([3, 16, 16, 1]);
    expect(close(small.values.subarray(256 * 2), new Array(256).fill(0.299 * 10 + 0.587 * 20 + 0.114 * 30), 1e-4)).toBe(true);
    expect(small.distribution).toMatch(/3 CIFAR-10 image\(s\) scaled to \[0, 255\] \(resized bilinearly from 32×32 to 16×16; converted to grayscale/);
  });

  test('sources combine in order, images then CIFAR then random, cut at the limit', async () => {
    const png = writeFile(join(folder.path, 'one.png'), pngBytes(32, 32, new Array(32 * 32 * 3).fill(7), 2));
    const path = cifarFile('two.bin', [[1, 2, 3], [4, 5, 6]]);
    const got = await read({ shape: [32, 32, 3], images: [png], cifar: [path], random: 5, limit: 4 });
    expect(got.sources).toEqual([png, `${path}#0`, `${path}#1`, 'random #0 (seed 1)']);
    expect(got.distribution).toBe('1 image(s) scaled to [0, 1]; 2 CIFAR-10 image(s) scaled to [0, 1]; 1 random input(s) uniform [0,1), seed 1');
  });
});

describe('readModelInputs refuses bad inputs, naming the file', () => {
  beforeAll(() => useTfjsBackend('cpu'));

  test('a folder with no images says what it holds', async () => {
    const dir = join(folder.path, 'noimages');
    mkdirSync(dir);
    writeFileSync(join(dir, 'readme.md'), '');
    expect(await refusal({ shape: [4, 4, 3], images: [dir] })).toMatch(/the folder .*noimages holds no images \(\.png, \.jpg, \.jpeg\): it holds 1 other file\(s\): readme\.md/);
  });

  test('a corrupt image names the file', async () => {
    const path = writeFile(join(folder.path, 'broken.png'), Buffer.from('not a png at all'));
    expect(await refusal({ shape: [4, 4, 3], images: [path] })).toMatch(/the image .*broken\.png is neither a PNG nor a JPEG/);
  });

  test('a file with another extension', async () => {
    const path = writeFile(join(folder.path, 'picture.gif'), Buffer.from('GIF89a'));
    expect(await refusal({ shape: [4, 4, 3], images: [path] })).toMatch(/picture\.gif has the extension '\.gif'; images must be \.png, \.jpg, \.jpeg files/);
  });

  test('a truncated CIFAR file says it is truncated', async () => {
    const path = writeFile(join(folder.path, 'cut.bin'), new Uint8Array(3073 + 100));
    expect(await refusal({ shape: [32, 32, 3], cifar: [path] })).toMatch(/cut\.bin is truncated or not a CIFAR-10 binary file: its size, 3173 bytes/);
  });

  test('images for a shape that is not an image, no source at all, a wrong range', async () => {
    const path = writeFile(join(folder.path, 'ok.png'), pngBytes(3, 2, RGB, 2));
    expect(await refusal({ shape: [10], images: [path] })).toMatch(/options\.shape must be \[height, width, channels\] with 1 or 3 channels to read images/);
    expect(await refusal({ shape: [4, 4, 4], images: [path] })).toMatch(/with 1 or 3 channels/);
    expect(await refusal({ shape: [4, 4, 3] })).toMatch(/at least one source of inputs/);
    expect(await refusal({ shape: [4, 4, 3], random: 1, range: '0,2' as '0,1' })).toMatch(/options\.range must be one of '0,1', '0,255', '-1,1'/);
  });
});
