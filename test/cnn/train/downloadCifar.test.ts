import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadCifar, locateCifarFiles, readCifarFile, readClassNames, CIFAR_ARCHIVE_URL, CIFAR_CLASS_NAMES } from '../../../src/index.js';
import { serveArchive, type ArchiveServer } from './support/serveArchive.js';

const scratch = mkdtempSync(join(tmpdir(), 'layerproof-download-'));
let server: ArchiveServer;

describe('downloadCifar against a local server on 127.0.0.1', () => {
  beforeAll(async () => {
    server = await serveArchive(scratch);
  });
  afterAll(async () => {
    await server.close();
  });

  test('fetches the archive, checks its MD5, unpacks the files into the folder, reports progress', async () => {
    const dir = join(scratch, 'ok');
    const progress: number[] = [];
    expect(await downloadCifar(dir, { url: server.url, md5: server.md5, onProgress: (r) => progress.push(r) })).toBe(true);
    const files = locateCifarFiles(dir);
    expect(files.trainFiles).toHaveLength(5);
    expect(readCifarFile(join(dir, 'test_batch.bin')).count).toBe(100);
    expect(readClassNames(files.metaFile)).toEqual(CIFAR_CLASS_NAMES);
    expect(progress.length).toBeGreaterThan(0);
    expect(readdirSync(dir).some((f) => f.endsWith('.tar.gz') || f.endsWith('.part'))).toBe(false);
    expect(await downloadCifar(dir, { url: server.url, md5: server.md5 })).toBe(false);
  });

  test('a corrupted archive is refused with both checksums, deleted, and nothing is unpacked', async () => {
    const dir = join(scratch, 'bad');
    await expect(downloadCifar(dir, { url: server.corruptUrl, md5: server.md5 })).rejects.toThrow(new RegExp(`is corrupt: its MD5 is [0-9a-f]{32}, expected ${server.md5}`));
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a missing archive, plain HTTP off the loopback interface, and a malformed MD5 are refused', async () => {
    await expect(downloadCifar(join(scratch, 'none'), { url: server.url.replace('cifar.tar.gz', 'nope'), md5: server.md5 })).rejects.toThrow(/answered 404/);
    await expect(downloadCifar(join(scratch, 'plain'), { url: 'http://example.org/cifar.tar.gz' })).rejects.toThrow(/https:\/\/ URL/);
    await expect(downloadCifar(join(scratch, 'md5'), { url: server.url, md5: 'xyz' })).rejects.toThrow(/32 hexadecimal digits/);
    expect(existsSync(join(scratch, 'plain'))).toBe(false);
    expect(CIFAR_ARCHIVE_URL.startsWith('https://')).toBe(true);
  });
});
