import { tf } from '../../tfjs/tf.js';
import { CIFAR_CLASSES, CIFAR_PIXELS, type CifarImages } from './cifarFormat.js';
import { fillBatch } from './fillBatch.js';
import type { Normalisation } from './normalisation.js';

export interface Evaluation {
  readonly images: number;
  /** Mean cross-entropy −log softmax(z)_y (no label smoothing), computed in float64 from the logits. */
  readonly loss: number;
  /** Fraction correct, in [0, 1]. */
  readonly accuracy: number;
  /** `confusion[t][p]`: images of true class t predicted as p. */
  readonly confusion: number[][];
  /** Accuracy of each true class (NaN where a class has no image). */
  readonly perClass: number[];
  readonly predictions: Uint8Array;
}

/**
 * The model at inference (batch normalisation with its moving statistics, no dropout) on
 * the images at `indices` (all when left out), in batches.
 */
export async function evaluateModel(
  model: tf.LayersModel, images: CifarImages, norm: Normalisation, options: { indices?: ArrayLike<number>; batchSize?: number } = {},
): Promise<Evaluation> {
  const indices = options.indices ?? Int32Array.from({ length: images.count }, (_v, i) => i);
  const batch = Math.max(1, options.batchSize ?? 256);
  const confusion = Array.from({ length: CIFAR_CLASSES }, () => new Array<number>(CIFAR_CLASSES).fill(0));
  const predictions = new Uint8Array(indices.length);
  let lossSum = 0;
  let correct = 0;
  const buffer = new Float32Array(Math.min(batch, indices.length) * CIFAR_PIXELS);
  for (let start = 0; start < indices.length; start += batch) {
    const end = Math.min(indices.length, start + batch);
    const n = end - start;
    const slice = Array.prototype.slice.call(indices, start, end) as number[];
    fillBatch(images, slice, norm, buffer);
    const x = tf.tensor4d(buffer.subarray(0, n * CIFAR_PIXELS), [n, 32, 32, 3]);
    const logitsTensor = model.apply(x, { training: false }) as tf.Tensor;
    const logits = await logitsTensor.data();
    x.dispose();
    logitsTensor.dispose();
    for (let k = 0; k < n; k++) {
      const row = logits.subarray(k * CIFAR_CLASSES, (k + 1) * CIFAR_CLASSES);
      const label = images.labels[slice[k] as number] as number;
      let best = 0;
      let max = -Infinity;
      for (let c = 0; c < CIFAR_CLASSES; c++) {
        const v = row[c] as number;
        if (v > max) {
          max = v;
          best = c;
        }
      }
      let sumExp = 0;
      for (let c = 0; c < CIFAR_CLASSES; c++) sumExp += Math.exp((row[c] as number) - max);
      lossSum += Math.log(sumExp) + max - (row[label] as number);
      predictions[start + k] = best;
      const confusionRow = confusion[label] as number[];
      confusionRow[best] = (confusionRow[best] as number) + 1;
      if (best === label) correct++;
    }
  }
  const perClass = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : (row[c] as number) / total;
  });
  const count = indices.length;
  return { images: count, loss: count === 0 ? NaN : lossSum / count, accuracy: count === 0 ? NaN : correct / count, confusion, perClass, predictions };
}
