import { CIFAR_PIXELS, type CifarImages } from './cifarFormat.js';

/** Per-channel mean and standard deviation of pixel values scaled to [0, 1]. */
export interface Normalisation {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/**
 * Channel statistics of the training images only (never the validation or test images),
 * so that x ↦ (x/255 − μ_c)/σ_c puts each channel near zero mean and unit variance.
 */
export function computeNormalisation(images: CifarImages): Normalisation {
  const sum = [0, 0, 0];
  const sumSq = [0, 0, 0];
  const n = images.count * (CIFAR_PIXELS / 3);
  for (let i = 0; i < images.pixels.length; i++) {
    const c = i % 3;
    const v = (images.pixels[i] as number) / 255;
    sum[c] = (sum[c] as number) + v;
    sumSq[c] = (sumSq[c] as number) + v * v;
  }
  const mean = sum.map((s) => s / Math.max(1, n));
  const std = sumSq.map((s, c) => Math.sqrt(Math.max(s / Math.max(1, n) - (mean[c] as number) ** 2, 1e-12)));
  return { mean: [mean[0] ?? 0, mean[1] ?? 0, mean[2] ?? 0], std: [std[0] ?? 1, std[1] ?? 1, std[2] ?? 1] };
}
