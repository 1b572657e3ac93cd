import { readFileSync, statSync } from 'node:fs';
import { LayerproofError } from '../../core/LayerproofError.js';
import { CIFAR_CLASSES, CIFAR_IMAGE_SIZE, CIFAR_PIXELS, CIFAR_RECORD_BYTES, type CifarImages } from './cifarFormat.js';

const op = 'readCifarFile';

/**
 * Checks that a file exists and that its size is a whole number of records, without
 * reading its contents (so the test files can be checked before training and read after).
 * Returns the number of records.
 */
export function checkCifarFile(path: string): number {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new LayerproofError(`Error in ${op}: the file ${path} does not exist or is not a file.`, { op, argument: 'path', value: path });
  }
  if (size === 0 || size % CIFAR_RECORD_BYTES !== 0) {
    const whole = Math.floor(size / CIFAR_RECORD_BYTES);
    throw new LayerproofError(
      `Error in ${op}: ${path} is truncated or not a CIFAR-10 binary file: its size, ${size} bytes, is not a positive multiple ` +
        `of ${CIFAR_RECORD_BYTES} (1 label byte + 3,072 pixel bytes per record); it would hold ${whole} whole records and ` +
        `${size - whole * CIFAR_RECORD_BYTES} bytes more. Download the dataset again (layerproof train --download).`,
      { op, argument: 'path', value: path },
    );
  }
  return size / CIFAR_RECORD_BYTES;
}

/**
 * Reads one file of the CIFAR-10 binary format into NHWC bytes. Refuses truncated files
 * (naming the size and how many records it would hold) and labels above 9 (naming the record).
 */
export function readCifarFile(path: string): CifarImages {
  const count = checkCifarFile(path);
  const bytes = readFileSync(path);
  if (bytes.length !== count * CIFAR_RECORD_BYTES) {
    throw new LayerproofError(`Error in ${op}: ${path} changed size while it was read (${bytes.length} bytes now).`, { op, argument: 'path', value: path });
  }
  const pixels = new Uint8Array(count * CIFAR_PIXELS);
  const labels = new Uint8Array(count);
  const plane = CIFAR_IMAGE_SIZE * CIFAR_IMAGE_SIZE;
  for (let i = 0; i < count; i++) {
    const offset = i * CIFAR_RECORD_BYTES;
    const label = bytes[offset] as number;
    if (label >= CIFAR_CLASSES) {
      throw new LayerproofError(
        `Error in ${op}: ${path}, record ${i} (byte offset ${offset}), has label ${label}; CIFAR-10 labels must be 0 to 9. ` +
          'The file is corrupt or is not CIFAR-10 (CIFAR-100 binaries have two label bytes per record).',
        { op, argument: `${path} record ${i}`, value: label },
      );
    }
    labels[i] = label;
    // Planes R, G, B of 32×32 become interleaved (h, w, c).
    const out = i * CIFAR_PIXELS;
    for (let p = 0; p < plane; p++) {
      pixels[out + 3 * p] = bytes[offset + 1 + p] as number;
      pixels[out + 3 * p + 1] = bytes[offset + 1 + plane + p] as number;
      pixels[out + 3 * p + 2] = bytes[offset + 1 + 2 * plane + p] as number;
    }
  }
  return { count, pixels, labels };
}
