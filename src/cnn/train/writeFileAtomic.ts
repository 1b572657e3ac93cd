import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * Writes a file so that readers see the old or the new contents, never half of one: a
 * temporary file, flushed, then renamed. `contents` may be several chunks (a checkpoint's
 * header and its tensors), written in order without joining them first.
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array | readonly Uint8Array[]): void {
  const chunks = typeof contents === 'string' ? [Buffer.from(contents, 'utf8')] : contents instanceof Uint8Array ? [contents] : contents;
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    try {
      for (const chunk of chunks) writeSync(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
