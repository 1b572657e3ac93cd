import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from '../exact/Arithmetic.js';
import { inputIndex, type ConvGeometry } from './convGeometry.js';

/** The three poolings: average and sum are linear, max is the nonlinear counterexample. */
export type PoolKind = 'avg' | 'sum' | 'max';

/**
 * The reference pooling over any arithmetic, from the definition: over the input cells under
 * each window (padding cells are not counted, as in TensorFlow), the sum (from zero, cells in
 * (kh, kw) order), the average (that sum / the number of cells) or the maximum (`ar.max` of the
 * cells' values). `pool2dDirect` runs the same loop on typed arrays (for speed) and is
 * property-tested bit for bit equal to this function over float64.
 *
 * A pooling geometry is a `ConvGeometry` whose kernel is the window and whose input channels are
 * the channels; its dilations are honoured (1 in every TensorFlow.js pooling layer).
 *
 * @param x the image, flat HWC (`[inHeight, inWidth, inChannels]` of `g`).
 * @returns the output, flat HWC `[outHeight, outWidth, inChannels]`.
 * @throws LayerproofError for a window with no cell inside the input (only explicit padding can make one).
 */
export function pool2dOver<T>(ar: Arithmetic<T>, kind: PoolKind, x: ArrayLike<T>, g: ConvGeometry): T[] {
  const op = 'pool2dOver';
  if (kind !== 'avg' && kind !== 'sum' && kind !== 'max') {
    throw LayerproofError.invalid({ op, argument: 'kind', value: kind, expected: "'avg', 'sum' or 'max'" });
  }
  const { inHeight, inWidth, inChannels: c } = g;
  if (x.length !== inHeight * inWidth * c) {
    throw LayerproofError.invalid({ op, argument: 'x.length', value: x.length, expected: `${inHeight * inWidth * c} (an ${inHeight}×${inWidth}×${c} image, flat HWC)` });
  }
  const out: T[] = [];
  const cells: T[] = [];
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      for (let ch = 0; ch < c; ch++) {
        let sum = ar.zero;
        let count = 0;
        cells.length = 0;
        for (let th = 0; th < g.kernelHeight; th++) {
          const ih = inputIndex(oh, th, g.strideHeight, g.dilationHeight, g.padTop);
          if (ih < 0 || ih >= inHeight) continue;
          for (let tw = 0; tw < g.kernelWidth; tw++) {
            const iw = inputIndex(ow, tw, g.strideWidth, g.dilationWidth, g.padLeft);
            if (iw < 0 || iw >= inWidth) continue;
            const v = x[(ih * inWidth + iw) * c + ch] as T;
            if (kind === 'max') cells.push(v);
            else sum = ar.add(sum, v);
            count++;
          }
        }
        if (count === 0 && kind !== 'sum') {
          throw LayerproofError.invalid({
            op, argument: 'g', value: `output (${oh}, ${ow}) of ${kind} pooling`,
            expected: 'a geometry whose every window covers at least one input cell (padding cells are not counted, so an all-padding window has no average or maximum)',
          });
        }
        out.push(kind === 'max' ? ar.max(cells) : kind === 'avg' ? ar.div(sum, ar.fromInt(count)) : sum);
      }
    }
  }
  return out;
}
