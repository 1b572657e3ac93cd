import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';
import { CIFAR_META_FILE, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES } from './cifarFormat.js';
import { checkCifarFile } from './readCifarFile.js';

/** Which files of a data directory are the training files and which the test files. */
export interface CifarFiles {
  readonly dir: string;
  /** Absolute paths of the training files (`data_batch_*.bin` not named as test files). */
  readonly trainFiles: readonly string[];
  /** Absolute paths of the test files; checked (size) here, read only after the choice. */
  readonly testFiles: readonly string[];
  /** `batches.meta.txt`, when the directory has one. */
  readonly metaFile?: string;
  /** Records per file, from the file sizes (nothing is read here). */
  readonly records: Readonly<Record<string, number>>;
}

const op = 'locateCifarFiles';

/**
 * Resolves the training and test files of a CIFAR-10 directory. `testFiles` names other
 * files as the test set (absolute, relative to `dir`, or relative to the working
 * directory); those are taken out of the training files. Only sizes are checked: the
 * test files' contents are read after the configuration is chosen.
 */
export function locateCifarFiles(dir: string, testFiles?: readonly string[]): CifarFiles {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new LayerproofError(
      `Error in ${op}: the data directory ${root} does not exist. Valid: a folder holding ${CIFAR_TRAIN_FILES[0]} … ` +
        `${CIFAR_TRAIN_FILES[4]} and ${CIFAR_TEST_FILE} (the official binary version), or add --download to fetch it there.`,
      { op, argument: 'dir', value: dir },
    );
  }
  const tests = testFiles === undefined || testFiles.length === 0
    ? [defaultTestFile(root)]
    : testFiles.map((name) => resolveNamed(root, name));
  const train = CIFAR_TRAIN_FILES.map((name) => join(root, name)).filter((path) => existsSync(path) && !tests.includes(path));
  if (train.length === 0) {
    const named = tests.filter((t) => CIFAR_TRAIN_FILES.some((name) => join(root, name) === t));
    throw new LayerproofError(
      `Error in ${op}: no training files in ${root}: looked for ${CIFAR_TRAIN_FILES.join(', ')}` +
        (named.length > 0 ? ` (${named.length} of them named as test files)` : '') +
        '. Valid: a folder with the official binary files, or add --download.',
      { op, argument: 'dir', value: dir },
    );
  }
  const records: Record<string, number> = {};
  for (const path of [...train, ...tests]) records[path] = checkCifarFile(path);
  const meta = join(root, CIFAR_META_FILE);
  return { dir: root, trainFiles: train, testFiles: tests, ...(existsSync(meta) && { metaFile: meta }), records };
}

function defaultTestFile(root: string): string {
  const path = join(root, CIFAR_TEST_FILE);
  if (!existsSync(path)) {
    throw new LayerproofError(
      `Error in ${op}: there is no test set: ${path} does not exist. Valid: name the test files with --test ` +
        `(for example --test ${CIFAR_TRAIN_FILES[4]}, which is then left out of training), or fetch the official archive with --download.`,
      { op, argument: 'testFiles', value: path },
    );
  }
  return path;
}

function resolveNamed(root: string, name: string): string {
  const candidates = isAbsolute(name) ? [name] : [join(root, name), resolve(name)];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new LayerproofError(
      `Error in ${op}: the test file '${name}' does not exist; looked at ${candidates.join(' and ')}. ` +
        `Valid: a CIFAR-10 binary file, named relative to the data directory or the working directory.`,
      { op, argument: 'testFiles', value: name },
    );
  }
  return resolve(found);
}
