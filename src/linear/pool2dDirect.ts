import { LayerproofError } from '../core/LayerproofError.js';
import { finiteArray, plainObject } from '../core/validate.js';
import { convGeometry, inputIndex } from './convGeometry.js';
import type { Image } from './conv2dDirect.js';
import type { PoolMatrixOptions } from './poolMatrix.js';
import type { PoolKind } from './pool2dOver.js';

export type { PoolKind } from './pool2dOver.js';

/**
 * The float64 reference pooling, from the definition: over the input cells under each
 * window (padding cells excluded, as in TensorFlow), the mean, the sum or the maximum.
 * Max pooling is here as the nonlinear counterexample; it has no matrix.
 *
 * The same loop as `pool2dOver` (the generic reference the exact engine runs), kept on typed
 * arrays for speed and property-tested equal to `pool2dOver(float64Arithmetic, …)`.
 */
export function pool2dDirect(kind: PoolKind, x: ArrayLike<number>, options: PoolMatrixOptions): Image {
  const op = `${kind}Pool2dDirect`;
  if (kind !== 'avg' && kind !== 'sum' && kind !== 'max') {
    throw LayerproofError.invalid({ op: 'pool2dDirect', argument: 'kind', value: kind, expected: "'avg', 'sum' or 'max'" });
  }
  const opts = plainObject(op, 'options', options) as unknown as PoolMatrixOptions;
  const padding = opts.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') {
    throw LayerproofError.invalid({ op, argument: 'options.padding', value: padding, expected: "'valid' or 'same'" });
  }
  const g = convGeometry({ op, inputShape: opts.inputShape, kernelSize: opts.poolSize, strides: opts.strides ?? opts.poolSize, padding, windowName: 'window' });
  const c = g.inChannels;
  const input = finiteArray(op, 'x', x, g.inHeight * g.inWidth * c);
  const out = new Float64Array(g.outHeight * g.outWidth * c);
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = kind === 'max' ? -Infinity : 0;
        let count = 0;
        for (let th = 0; th < g.kernelHeight; th++) {
          const ih = inputIndex(oh, th, g.strideHeight, 1, g.padTop);
          if (ih < 0 || ih >= g.inHeight) continue;
          for (let tw = 0; tw < g.kernelWidth; tw++) {
            const iw = inputIndex(ow, tw, g.strideWidth, 1, g.padLeft);
            if (iw < 0 || iw >= g.inWidth) continue;
            const v = input[(ih * g.inWidth + iw) * c + ch] as number;
            acc = kind === 'max' ? Math.max(acc, v) : acc + v;
            count++;
          }
        }
        out[(oh * g.outWidth + ow) * c + ch] = kind === 'avg' ? acc / count : acc;
      }
    }
  }
  return { shape: [g.outHeight, g.outWidth, c], data: out };
}
