import { remapImageOver } from './remapImageOver.js';

/**
 * A mirror of an array `[H, W, …]`: `'columns'` reverses the columns, $w \mapsto W - 1 - w$ (the
 * left–right flip of data augmentation), `'rows'` the rows, $h \mapsto H - 1 - h$. Images and
 * kernels `[kh, kw, cin, cout]` alike.
 */
export function flipOver<T>(x: readonly T[], shape: readonly number[], axis: 'rows' | 'columns'): T[] {
  const [height = 1, width = 1] = shape;
  return remapImageOver('flip', x, shape, [height, width], (h, w) => (axis === 'rows' ? [height - 1 - h, w] : [h, width - 1 - w]));
}
