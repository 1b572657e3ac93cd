import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from '../exact/Arithmetic.js';

/**
 * Global pooling over any arithmetic: one value per channel of a flat HWC image, the mean
 * (`'avg'`: the sum over the positions in row-major order, divided by H·W) or the largest
 * (`'max'`) of that channel over every position. Both forget where a value was, which is why
 * they are invariant under any permutation of the positions, cyclic shifts among them.
 */
export function globalPool2dOver<T>(ar: Arithmetic<T>, kind: 'avg' | 'max', x: readonly T[], shape: readonly [number, number, number]): T[] {
  const [height, width, channels] = shape;
  if (x.length !== height * width * channels || height * width === 0) {
    throw LayerproofError.invalid({ op: `global${kind === 'avg' ? 'Avg' : 'Max'}Pool`, argument: 'x', value: `${x.length} entries`, expected: `a non-empty image of shape [${shape.join(', ')}]` });
  }
  return Array.from({ length: channels }, (_v, c) => {
    const column = Array.from({ length: height * width }, (_p, p) => x[p * channels + c] as T);
    if (kind === 'max') return ar.max(column);
    return ar.div(column.reduce((s, v) => ar.add(s, v), ar.zero), ar.fromInt(height * width));
  });
}
