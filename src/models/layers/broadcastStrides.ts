import { LayerproofError } from '../../core/LayerproofError.js';

/**
 * For each axis of `to`, the step in the row-major vectorisation of a tensor of shape `from`
 * broadcast to `to` (NumPy rules: shapes aligned at their last axes, a missing or size-1 axis
 * repeats, so its step is 0). Element at multi-index j of `to` reads element Σ_d j_d·stride_d
 * of `from`.
 */
export function broadcastStrides(op: string, argument: string, from: readonly number[], to: readonly number[]): number[] {
  const strides = new Array<number>(to.length).fill(0);
  const offset = to.length - from.length;
  const compatible = offset >= 0 && from.every((d, i) => d === 1 || d === to[offset + i]);
  if (!compatible) {
    throw LayerproofError.invalid({ op, argument, value: from, expected: `a shape that broadcasts to [${to.join(', ')}] (aligned at the last axis, each axis equal or 1)` });
  }
  let step = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    const d = from[i] as number;
    if (d !== 1) strides[offset + i] = step;
    step *= d;
  }
  return strides;
}

/** The column that output element `row` (of shape `shape`) reads, given `broadcastStrides`. */
export function broadcastSource(row: number, shape: readonly number[], strides: readonly number[]): number {
  let rest = row;
  let col = 0;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] as number;
    const j = rest % n;
    rest = (rest - j) / n;
    col += j * (strides[d] as number);
  }
  return col;
}
