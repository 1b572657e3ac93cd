import { CIFAR_PIXELS, type CifarImages } from './cifarFormat.js';

/** Concatenates image sets (in order). */
export function concatImages(sets: readonly CifarImages[]): CifarImages {
  const count = sets.reduce((n, s) => n + s.count, 0);
  const pixels = new Uint8Array(count * CIFAR_PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const s of sets) {
    pixels.set(s.pixels, at * CIFAR_PIXELS);
    labels.set(s.labels, at);
    at += s.count;
  }
  return { count, pixels, labels };
}

/** The images at `indices`, in that order. */
export function selectImages(images: CifarImages, indices: ArrayLike<number>): CifarImages {
  const pixels = new Uint8Array(indices.length * CIFAR_PIXELS);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    pixels.set(images.pixels.subarray(i * CIFAR_PIXELS, (i + 1) * CIFAR_PIXELS), k * CIFAR_PIXELS);
    labels[k] = images.labels[i] as number;
  }
  return { count: indices.length, pixels, labels };
}
