import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  CIFAR_CLASS_NAMES, CIFAR_PIXELS, CIFAR_RECORD_BYTES, LayerproofError, checkCifarFile, locateCifarFiles, readCifarFile, readClassNames,
} from '../../../src/index.js';
import { syntheticRecords, writeSyntheticCifar } from './support/syntheticCifar.js';

const scratch = mkdtempSync(join(tmpdir(), 'layerproof-cifar-'));
let counter = 0;
function file(bytes: Uint8Array): string {
  const path = join(scratch, `f${counter++}.bin`);
  writeFileSync(path, bytes);
  return path;
}

function thrown(fn: () => unknown): LayerproofError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LayerproofError) return error;
    throw error;
  }
  throw new Error('expected a LayerproofError');
}

describe('readCifarFile: the official binary format', () => {
  test.prop([fc.integer({ min: 1, max: 4 }), fc.nat()], { numRuns: 20 })('label byte then R, G, B planes become labels and NHWC pixels', (count, seed) => {
    const bytes = Uint8Array.from({ length: count * CIFAR_RECORD_BYTES }, (_v, i) => (i * 31 + seed) % 256);
    for (let r = 0; r < count; r++) bytes[r * CIFAR_RECORD_BYTES] = (seed + r) % 10;
    const images = readCifarFile(file(bytes));
    expect(images.count).toBe(count);
    for (let r = 0; r < count; r++) {
      expect(images.labels[r]).toBe((seed + r) % 10);
      for (const [h, w, c] of [[0, 0, 0], [0, 1, 2], [31, 31, 1], [5, 17, 2], [20, 3, 0]] as const) {
        const plane = bytes[r * CIFAR_RECORD_BYTES + 1 + c * 1024 + h * 32 + w];
        expect(images.pixels[r * CIFAR_PIXELS + (h * 32 + w) * 3 + c]).toBe(plane);
      }
    }
  });

  test('negative control: reading the planes as if they were interleaved gives other pixels', () => {
    const bytes = syntheticRecords(1, 3);
    const images = readCifarFile(file(bytes));
    const asInterleaved = bytes.subarray(1, 1 + CIFAR_PIXELS);
    expect(Buffer.from(images.pixels).equals(Buffer.from(asInterleaved))).toBe(false);
  });

  test.prop([fc.integer({ min: 1, max: 3 * CIFAR_RECORD_BYTES }).filter((n) => n % CIFAR_RECORD_BYTES !== 0)], { numRuns: 25 })(
    'a truncated file is refused naming the file, its size and the records it would hold',
    (size) => {
      const path = file(new Uint8Array(size));
      const error = thrown(() => readCifarFile(path));
      expect(error.message).toContain(path);
      expect(error.message).toContain(`its size, ${size} bytes`);
      expect(error.message).toContain(`it would hold ${Math.floor(size / CIFAR_RECORD_BYTES)} whole records`);
    },
  );

  test('an empty file is refused; a whole number of records is accepted (control)', () => {
    expect(thrown(() => checkCifarFile(file(new Uint8Array(0)))).message).toContain('its size, 0 bytes');
    expect(checkCifarFile(file(syntheticRecords(3, 1)))).toBe(3);
  });

  test('a label above 9 is refused naming the file and the record', () => {
    const bytes = syntheticRecords(5, 2);
    bytes[3 * CIFAR_RECORD_BYTES] = 12;
    const path = file(bytes);
    const error = thrown(() => readCifarFile(path));
    expect(error.message).toContain(`${path}, record 3`);
    expect(error.message).toContain('has label 12');
  });

  test('a missing file is refused naming the path', () => {
    const path = join(scratch, 'nowhere.bin');
    expect(thrown(() => readCifarFile(path)).message).toContain(`${path} does not exist`);
  });
});

describe('locateCifarFiles and readClassNames', () => {
  const dir = writeSyntheticCifar(join(scratch, 'full'), { perFile: 10, test: 20 });

  test('the five training files and test_batch.bin; sizes checked, nothing read', () => {
    const files = locateCifarFiles(dir);
    expect(files.trainFiles.map((f) => f.slice(dir.length + 1))).toEqual(['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin']);
    expect(files.testFiles).toEqual([join(dir, 'test_batch.bin')]);
    expect(files.records[join(dir, 'test_batch.bin')]).toBe(20);
    expect(files.metaFile).toBe(join(dir, 'batches.meta.txt'));
  });

  test('--test data_batch_5.bin makes it the test set and leaves it out of training', () => {
    const files = locateCifarFiles(dir, ['data_batch_5.bin']);
    expect(files.testFiles).toEqual([join(dir, 'data_batch_5.bin')]);
    expect(files.trainFiles).toHaveLength(4);
    expect(files.trainFiles).not.toContain(join(dir, 'data_batch_5.bin'));
  });

  test('no test_batch.bin: the error says to name test files with --test or to --download', () => {
    const subset = writeSyntheticCifar(join(scratch, 'subset'), { perFile: 10, test: 0, meta: false });
    const error = thrown(() => locateCifarFiles(subset));
    expect(error.message).toContain(`${join(subset, 'test_batch.bin')} does not exist`);
    expect(error.message).toContain('--test');
    expect(error.message).toContain('--download');
  });

  test('a missing --test file names where it was looked for', () => {
    const error = thrown(() => locateCifarFiles(dir, ['nope.bin']));
    expect(error.message).toContain(join(dir, 'nope.bin'));
    expect(error.message).toContain('looked at');
  });

  test('a missing data folder, and one without training files, are refused', () => {
    expect(thrown(() => locateCifarFiles(join(scratch, 'absent'))).message).toContain('does not exist');
    const empty = join(scratch, 'empty');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'test_batch.bin'), syntheticRecords(2, 1));
    expect(thrown(() => locateCifarFiles(empty)).message).toContain('no training files');
  });

  test('a truncated training file is refused before anything is read', () => {
    const broken = writeSyntheticCifar(join(scratch, 'broken'), { perFile: 10, test: 10 });
    writeFileSync(join(broken, 'data_batch_3.bin'), syntheticRecords(4, 1).subarray(0, 2 * CIFAR_RECORD_BYTES + 100));
    expect(thrown(() => locateCifarFiles(broken)).message).toContain('data_batch_3.bin is truncated');
  });

  test('class names from batches.meta.txt, the official ones without it; a wrong count is refused', () => {
    expect(readClassNames(join(dir, 'batches.meta.txt'))).toEqual(CIFAR_CLASS_NAMES);
    expect(readClassNames(undefined)).toEqual(CIFAR_CLASS_NAMES);
    const bad = join(scratch, 'bad-meta.txt');
    writeFileSync(bad, 'cat\ndog\n');
    expect(thrown(() => readClassNames(bad)).message).toContain('10 class names');
  });
});
