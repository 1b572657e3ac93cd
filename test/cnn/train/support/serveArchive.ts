import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as tar from 'tar';
import { writeSyntheticCifar } from './syntheticCifar.js';

export interface ArchiveServer {
  /** URL of the good archive, and its MD5. */
  readonly url: string;
  readonly md5: string;
  /** URL of the same archive with one byte flipped in the middle (same length, other MD5). */
  readonly corruptUrl: string;
  close(): Promise<void>;
}

/**
 * An archive laid out as the official one (`cifar-10-batches-bin/…` inside a .tar.gz) of
 * synthetic data, served over HTTP on 127.0.0.1, with a corrupted copy beside it.
 */
export async function serveArchive(scratch: string, options: { perFile?: number; test?: number } = {}): Promise<ArchiveServer> {
  const root = join(scratch, 'archive-src');
  mkdirSync(root, { recursive: true });
  writeSyntheticCifar(join(root, 'cifar-10-batches-bin'), { perFile: options.perFile ?? 40, test: options.test ?? 100 });
  const file = join(scratch, 'cifar-10-binary.tar.gz');
  await tar.c({ gzip: true, file, cwd: root }, ['cifar-10-batches-bin']);
  const good = readFileSync(file);
  const bad = Buffer.from(good);
  const middle = Math.floor(bad.length / 2);
  bad[middle] = (bad[middle] ?? 0) ^ 0xff;
  const server: Server = createServer((req, res) => {
    const body = req.url === '/cifar.tar.gz' ? good : req.url === '/corrupt.tar.gz' ? bad : undefined;
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/gzip' });
    res.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/cifar.tar.gz`,
    corruptUrl: `http://127.0.0.1:${port}/corrupt.tar.gz`,
    md5: createHash('md5').update(good).digest('hex'),
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
