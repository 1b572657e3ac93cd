import type { Arithmetic } from '../exact/Arithmetic.js';
import { circularConv2dOver } from './circularConv2dOver.js';
import type { ConvGeometry } from './convGeometry.js';

/**
 * The dense matrix C of the circular convolution of `g` (no bias) over any arithmetic, column by
 * column: column j is `circularConv2dOver` applied to the j-th unit image, so C is by construction
 * the matrix the layer multiplies by, (oh·ow·cout) × (h·w·cin) in HWC order. Where taps wrap onto
 * one cell (a kernel wider than the input) their weights add up in one entry.
 */
export function circularMatrixOver<T>(ar: Arithmetic<T>, kernel: ArrayLike<T>, g: ConvGeometry): T[][] {
  const cols = g.inHeight * g.inWidth * g.inChannels;
  const unit: T[] = Array.from({ length: cols }, () => ar.zero);
  const columns: T[][] = [];
  for (let j = 0; j < cols; j++) {
    unit[j] = ar.one;
    columns.push(circularConv2dOver(ar, unit, kernel, g));
    unit[j] = ar.zero;
  }
  const rows = columns[0]?.length ?? 0;
  return Array.from({ length: rows }, (_r, i) => columns.map((c) => c[i] as T));
}
