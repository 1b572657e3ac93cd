import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import * as tar from 'tar';
import { LayerproofError } from '../../core/LayerproofError.js';
import { CIFAR_TEST_FILE, CIFAR_TRAIN_FILES } from './cifarFormat.js';

/** The official archive of the binary version (the dataset's home page lists it with this MD5). */
export const CIFAR_ARCHIVE_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
export const CIFAR_ARCHIVE_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

export interface DownloadCifarOptions {
  /** Default the official archive (the CLI also reads LAYERPROOF_CIFAR_URL). */
  readonly url?: string;
  /** Expected MD5 of the archive, hex (the CLI also reads LAYERPROOF_CIFAR_MD5). */
  readonly md5?: string;
  /** Called as bytes arrive; `total` is undefined when the server does not say. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Download even when the files are already there. */
  readonly force?: boolean;
}

const op = 'downloadCifar';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Fetches the CIFAR-10 binary archive into `dir` over HTTPS (plain HTTP only from the
 * loopback interface, for tests), checks its MD5 and unpacks the `.bin` files and
 * `batches.meta.txt` into `dir` itself. A corrupt download is deleted and refused with both
 * checksums. Returns false when the files were already there and nothing was fetched.
 */
export async function downloadCifar(dir: string, options: DownloadCifarOptions = {}): Promise<boolean> {
  const root = resolve(dir);
  const present = [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE].every((f) => existsSync(join(root, f)));
  if (present && options.force !== true) return false;
  const url = options.url ?? CIFAR_ARCHIVE_URL;
  const md5 = (options.md5 ?? CIFAR_ARCHIVE_MD5).toLowerCase();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw LayerproofError.invalid({ op, argument: 'url', value: url, expected: 'an https:// URL' });
  }
  if (!(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)))) {
    throw LayerproofError.invalid({ op, argument: 'url', value: url, expected: 'an https:// URL (plain http:// only from 127.0.0.1 or localhost)' });
  }
  if (!/^[0-9a-f]{32}$/.test(md5)) throw LayerproofError.invalid({ op, argument: 'md5', value: md5, expected: '32 hexadecimal digits' });
  mkdirSync(root, { recursive: true });
  const archive = join(root, 'cifar-10-binary.tar.gz');
  const part = `${archive}.part`;

  let response: Response;
  try {
    response = await fetch(parsed);
  } catch (error) {
    throw new LayerproofError(`Error in ${op}: could not reach ${url}: ${error instanceof Error ? error.message : String(error)}.`, { op, argument: 'url', value: url, cause: error });
  }
  if (!response.ok || response.body === null) {
    throw new LayerproofError(`Error in ${op}: ${url} answered ${response.status} ${response.statusText}.`, { op, argument: 'url', value: url });
  }
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const hash = createHash('md5');
  const file = createWriteStream(part);
  let received = 0;
  try {
    const reader = response.body.getReader();
    for (;;) {
      // fetch's body stream is typed loosely in @types/node: narrow each chunk.
      const next: unknown = await reader.read();
      if (typeof next !== 'object' || next === null || ('done' in next && next.done === true)) break;
      const value = 'value' in next ? next.value : undefined;
      if (!(value instanceof Uint8Array)) throw new Error('the response body yielded something other than bytes');
      hash.update(value);
      received += value.length;
      if (!file.write(value)) await new Promise<void>((drained) => file.once('drain', drained));
      options.onProgress?.(received, total);
    }
    file.end();
    await finished(file);
  } catch (error) {
    file.destroy();
    rmSync(part, { force: true });
    throw new LayerproofError(`Error in ${op}: the download from ${url} broke off after ${received} bytes: ${error instanceof Error ? error.message : String(error)}.`, { op, argument: 'url', value: url, cause: error });
  }
  const got = hash.digest('hex');
  if (got !== md5) {
    rmSync(part, { force: true });
    throw new LayerproofError(
      `Error in ${op}: the archive from ${url} is corrupt: its MD5 is ${got}, expected ${md5} (${received} bytes received${total === undefined ? '' : ` of ${total}`}). ` +
        'The partial file was deleted; try again.',
      { op, argument: 'md5', value: got },
    );
  }
  renameSync(part, archive);
  try {
    // The archive holds cifar-10-batches-bin/…: strip that folder so the files land in dir.
    await tar.x({ file: archive, cwd: root, strip: 1, filter: (path) => /\.(bin|txt|html)$/.test(path) });
  } catch (error) {
    throw new LayerproofError(`Error in ${op}: ${archive} passed its MD5 check but could not be unpacked: ${error instanceof Error ? error.message : String(error)}.`, { op, argument: 'archive', value: archive, cause: error });
  }
  rmSync(archive, { force: true });
  const missing = [...CIFAR_TRAIN_FILES, CIFAR_TEST_FILE].filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) {
    throw new LayerproofError(`Error in ${op}: the archive from ${url} unpacked without ${missing.join(', ')}.`, { op, argument: 'url', value: url });
  }
  return true;
}
