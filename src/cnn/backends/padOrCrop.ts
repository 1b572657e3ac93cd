import type { ConvGeometry } from '../../linear/convGeometry.js';
import { tf } from '../../tfjs/tf.js';

/**
 * Adds zeros before/after along the two spatial axes of an NHWC tensor, or removes cells
 * where an amount is negative. Gradients of convolutions need both: a padding larger than
 * the kernel span makes the "full" padding of the adjoint negative.
 */
export function padOrCrop(t: tf.Tensor4D, rows: readonly [number, number], cols: readonly [number, number]): tf.Tensor4D {
  const [b, h, w, c] = t.shape;
  const cropTop = Math.max(0, -rows[0]);
  const cropBottom = Math.max(0, -rows[1]);
  const cropLeft = Math.max(0, -cols[0]);
  const cropRight = Math.max(0, -cols[1]);
  let out = t;
  if (cropTop + cropBottom + cropLeft + cropRight > 0) {
    out = tf.slice(out, [0, cropTop, cropLeft, 0], [b, h - cropTop - cropBottom, w - cropLeft - cropRight, c]);
  }
  const padTop = Math.max(0, rows[0]);
  const padBottom = Math.max(0, rows[1]);
  const padLeft = Math.max(0, cols[0]);
  const padRight = Math.max(0, cols[1]);
  if (padTop + padBottom + padLeft + padRight > 0) {
    out = tf.pad(out, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
  }
  return out;
}

/**
 * Inserts `stride − 1` zeros between neighbouring rows and columns (the "dilation" of the
 * input that a strided convolution's adjoint needs): `[b, oh, ow, c]` becomes
 * `[b, (oh − 1)·sh + 1, (ow − 1)·sw + 1, c]` with the original cells at multiples of the stride.
 */
export function insertZeros(t: tf.Tensor4D, strides: readonly [number, number]): tf.Tensor4D {
  const [sh, sw] = strides;
  if (sh === 1 && sw === 1) return t;
  const [b, oh, ow, c] = t.shape;
  let out = t;
  // Rows, then columns, each as a rank-4 pad of a singleton axis (webgpu pads at most rank 5):
  // [b, oh, 1, ow·c] → [b, oh, sh, ow·c] puts sh − 1 zero rows after each row.
  if (sh > 1) {
    const rows = tf.pad(tf.reshape(out, [b, oh, 1, ow * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
    out = tf.slice(tf.reshape<tf.Rank.R4>(rows, [b, oh * sh, ow, c]), [0, 0, 0, 0], [b, (oh - 1) * sh + 1, ow, c]);
  }
  if (sw > 1) {
    const h = out.shape[1];
    const cols = tf.pad(tf.reshape(out, [b * h, ow, 1, c]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
    out = tf.slice(tf.reshape<tf.Rank.R4>(cols, [b, h, ow * sw, c]), [0, 0, 0, 0], [b, h, (ow - 1) * sw + 1, c]);
  }
  return out;
}

/**
 * The output gradient made ready for the adjoint as a stride-1 correlation with the flipped
 * kernel (ordinary and depthwise alike): spread by the strides (`insertZeros`), then padded by
 * (k − 1)·d − p before and h + p − ((o − 1)·s + 1) after, where negative amounts crop.
 */
export function spreadForAdjoint(dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const spread = insertZeros(dy, [g.strideHeight, g.strideWidth]);
  const [, spreadH, spreadW] = spread.shape;
  return padOrCrop(
    spread,
    [(g.kernelHeight - 1) * g.dilationHeight - g.padTop, g.inHeight + g.padTop - spreadH],
    [(g.kernelWidth - 1) * g.dilationWidth - g.padLeft, g.inWidth + g.padLeft - spreadW],
  );
}
