import { shapeSize } from '../AffineOperator.js';
import { broadcastSource, broadcastStrides } from '../layers/broadcastStrides.js';

/**
 * For every element of a tensor of shape `to` (row-major), the element of a tensor of shape
 * `from` that broadcasting reads (NumPy rules: shapes aligned at their last axes, a missing or
 * size-1 axis repeats). Throws when `from` does not broadcast to `to`.
 */
export function broadcastIndex(op: string, argument: string, from: readonly number[], to: readonly number[]): Int32Array {
  const strides = broadcastStrides(op, argument, from, to);
  return Int32Array.from({ length: shapeSize(to) }, (_v, r) => broadcastSource(r, to, strides));
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  return strides;
}
