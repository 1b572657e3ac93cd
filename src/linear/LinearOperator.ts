import type { SparseMatrix } from './SparseMatrix.js';
import type { ConvGeometry } from './convGeometry.js';

/**
 * A layer written as an affine map on vectorised tensors: vec(y) = matrix·vec(x) + bias.
 *
 * Vectorisation convention (NHWC, as TensorFlow.js): a tensor of shape [H, W, C] is
 * flattened row-major, element (h, w, c) at index (h·W + w)·C + c.
 */
export interface LinearOperator {
  readonly matrix: SparseMatrix;
  /** One entry per output element (zeros for a layer without bias). */
  readonly bias: Float64Array;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
}

/** A convolution or pooling operator, which also carries its geometry. */
export interface WindowOperator extends LinearOperator {
  readonly inputShape: readonly [number, number, number];
  readonly outputShape: readonly [number, number, number];
  readonly geometry: ConvGeometry;
}

/** Convolution weights: a tfjs tensor's `shape` and `dataSync()` fit this. */
export interface Weights {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}
