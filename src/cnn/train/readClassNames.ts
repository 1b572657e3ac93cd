import { readFileSync } from 'node:fs';
import { LayerproofError } from '../../core/LayerproofError.js';
import { CIFAR_CLASSES, CIFAR_CLASS_NAMES } from './cifarFormat.js';

/**
 * The class names of `batches.meta.txt` (one per line, blank lines ignored), or the
 * official names when there is no such file (the shared subset has none).
 */
export function readClassNames(path?: string): readonly string[] {
  if (path === undefined) return CIFAR_CLASS_NAMES;
  const names = readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (names.length !== CIFAR_CLASSES) {
    throw LayerproofError.invalid({
      op: 'readClassNames', argument: path, value: names,
      expected: `${CIFAR_CLASSES} class names, one per line`,
    });
  }
  return names;
}
