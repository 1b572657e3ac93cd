import type { Rng } from '../../core/rng.js';
import { CIFAR_IMAGE_SIZE, CIFAR_PIXELS, type CifarImages } from './cifarFormat.js';
import type { Normalisation } from './normalisation.js';

/** Standard CIFAR augmentation: a random 32×32 crop of the image padded by `pad` black pixels, and a horizontal flip half the time. */
export interface Augmentation {
  readonly pad: number;
  readonly flip: boolean;
}

/**
 * Writes images `indices` into `out` (NHWC float32, normalised), augmented when `augment`
 * is given: each image is shifted by (dy, dx) ∈ [−pad, pad]², cells shifted in from outside
 * are black (pixel 0, as a crop of a zero-padded image), and mirrored left–right with
 * probability ½. The generator makes the augmentation of a batch reproducible.
 */
export function fillBatch(
  images: CifarImages, indices: ArrayLike<number>, norm: Normalisation, out: Float32Array,
  augment?: { readonly augmentation: Augmentation; readonly rng: Rng },
): void {
  const size = CIFAR_IMAGE_SIZE;
  const scale = [0, 1, 2].map((c) => 1 / (255 * (norm.std[c] as number)));
  const shift = [0, 1, 2].map((c) => (norm.mean[c] as number) / (norm.std[c] as number));
  const black = shift.map((s) => -s);
  for (let k = 0; k < indices.length; k++) {
    const src = (indices[k] as number) * CIFAR_PIXELS;
    const dst = k * CIFAR_PIXELS;
    let dy = 0;
    let dx = 0;
    let flip = false;
    if (augment !== undefined) {
      const p = augment.augmentation.pad;
      dy = Math.floor(augment.rng() * (2 * p + 1)) - p;
      dx = Math.floor(augment.rng() * (2 * p + 1)) - p;
      flip = augment.augmentation.flip && augment.rng() < 0.5;
    }
    for (let h = 0; h < size; h++) {
      const sh = h + dy;
      for (let w = 0; w < size; w++) {
        const sw = (flip ? size - 1 - w : w) + dx;
        const o = dst + (h * size + w) * 3;
        if (sh < 0 || sh >= size || sw < 0 || sw >= size) {
          out[o] = black[0] as number;
          out[o + 1] = black[1] as number;
          out[o + 2] = black[2] as number;
        } else {
          const s = src + (sh * size + sw) * 3;
          for (let c = 0; c < 3; c++) out[o + c] = (images.pixels[s + c] as number) * (scale[c] as number) - (shift[c] as number);
        }
      }
    }
  }
}
