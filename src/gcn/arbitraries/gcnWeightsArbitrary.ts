import fc from 'fast-check';
import { LayerproofError } from '../../core/LayerproofError.js';
import { positiveInteger } from '../../core/validate.js';
import { entryArbitrary, type EntryOptions } from './featuresArbitrary.js';

/**
 * fast-check arbitrary of GCN weights for layer widths `dims` $= [d_0, d_1, \dots, d_L]$:
 * $[W^{(1)}, \dots, W^{(L)}]$ with $W^{(\ell)}$ of shape $d_{\ell-1}\times d_\ell$ (`number[][]`
 * each). Entries default to `'reals'` (multiples of 0.001 in [−1, 1]). Exported from
 * layerproof/testing as `gcnWeights`.
 */
export function gcnWeightsArbitrary(dims: readonly number[], options: EntryOptions = {}): fc.Arbitrary<number[][][]> {
  const op = 'gcnWeights';
  if (!Array.isArray(dims) || dims.length < 2) {
    throw LayerproofError.invalid({ op, argument: 'dims', value: dims, expected: 'layer widths [d0, d1, …, dL] with at least two entries (one layer)' });
  }
  const widths: number[] = (dims as readonly unknown[]).map((d, i) => positiveInteger(op, `dims[${i}]`, d));
  const entry = entryArbitrary(op, options.values ?? 'reals');
  const shapes = widths.slice(1).map((cols, l) => [widths[l] as number, cols] as const);
  const total = shapes.reduce((sum, [rows, cols]) => sum + rows * cols, 0);
  // One flat array, cut into the matrices: shrinks entry by entry like any fc.array.
  return fc.array(entry, { minLength: total, maxLength: total }).map((flat) => {
    let offset = 0;
    return shapes.map(([rows, cols]) => Array.from({ length: rows }, () => {
      const row = flat.slice(offset, offset + cols);
      offset += cols;
      return row;
    }));
  });
}
