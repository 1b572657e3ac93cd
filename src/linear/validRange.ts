import { inputIndex } from './convGeometry.js';

/**
 * The kernel taps [first, end) of output position `out` that land inside an input of
 * `size` cells (taps outside read the zero padding and contribute nothing). Because
 * `inputIndex(out, tap)` increases with `tap`, the valid taps form one interval.
 */
export function validRange(out: number, stride: number, dilation: number, padBefore: number, taps: number, size: number): [number, number] {
  const base = inputIndex(out, 0, stride, dilation, padBefore);
  const first = base >= 0 ? 0 : Math.ceil(-base / dilation);
  const end = Math.min(taps, Math.floor((size - 1 - base) / dilation) + 1);
  return [Math.min(first, taps), Math.max(end, 0)];
}
