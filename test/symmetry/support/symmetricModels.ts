import { createRng } from '../../../src/core/rng.js';
import { tf } from '../../../src/tfjs/tf.js';

/** Circular padding by p on both sides of height and width, with tf ops (TensorFlow.js has no 'circular' padding). */
export function circularPad(x: tf.Tensor4D, p: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const rows = tf.concat([x.slice([0, h - p, 0, 0], [-1, p, -1, -1]), x, x.slice([0, 0, 0, 0], [-1, p, -1, -1])], 1);
  return tf.concat([rows.slice([0, 0, w - p, 0], [-1, -1, p, -1]), rows, rows.slice([0, 0, 0, 0], [-1, -1, p, -1])], 2);
}

/** Seeded weights in [−1, 1], as [kh, kw, cin, cout] row-major. */
export function randomWeights(shape: readonly number[], seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1);
}

/** A kernel [k, k, cin, cout] averaged over the given index maps of its taps (flips, rotations): symmetric under them. */
export function symmetrize(weights: Float32Array, k: number, per: number, maps: readonly ((i: number, j: number) => [number, number])[]): Float32Array {
  const out = new Float32Array(weights.length);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      for (let c = 0; c < per; c++) {
        let sum = 0;
        for (const m of maps) {
          const [a, b] = m(i, j);
          sum += weights[(a * k + b) * per + c] ?? 0;
        }
        out[(i * k + j) * per + c] = sum / maps.length;
      }
    }
  }
  return out;
}

/** A 3×3 convolution with circular padding and the given stride: equivariant to every cyclic shift (by multiples of the stride). */
export function circularConv(kernel: tf.Tensor4D, stride = 1): (x: tf.Tensor) => tf.Tensor {
  return (x) => tf.conv2d(circularPad(x as tf.Tensor4D, 1), kernel, stride, 'valid');
}
