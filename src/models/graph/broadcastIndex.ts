import { LayerproofError } from '../../core/LayerproofError.js';
import { shapeSize } from '../AffineOperator.js';

/**
 * For every element of a tensor of shape `to` (row-major), the element of a tensor of shape
 * `from` that broadcasting reads (NumPy rules: shapes aligned at their last axes, a missing or
 * size-1 axis repeats). Throws when `from` does not broadcast to `to`.
 */
export function broadcastIndex(op: string, argument: string, from: readonly number[], to: readonly number[]): Int32Array {
  const offset = to.length - from.length;
  if (offset < 0 || !from.every((d, i) => d === 1 || d === to[offset + i])) {
    throw LayerproofError.invalid({ op, argument, value: from, expected: `a shape that broadcasts to [${to.join(', ')}] (aligned at the last axis, each axis equal or 1)` });
  }
  const strides = new Array<number>(to.length).fill(0);
  let step = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    const d = from[i] as number;
    if (d !== 1) strides[offset + i] = step;
    step *= d;
  }
  const n = shapeSize(to);
  const index = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let rest = r;
    let at = 0;
    for (let d = to.length - 1; d >= 0; d--) {
      const size = to[d] as number;
      const j = rest % size;
      rest = (rest - j) / size;
      at += j * (strides[d] as number);
    }
    index[r] = at;
  }
  return index;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = (strides[d + 1] as number) * (shape[d + 1] as number);
  return strides;
}
