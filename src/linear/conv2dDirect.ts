import { finiteArray } from '../core/validate.js';
import type { Conv2dMatrixOptions } from './conv2dMatrix.js';
import { convLayerGeometry } from './convLayerGeometry.js';
import { inputIndex } from './convGeometry.js';
import type { Weights } from './LinearOperator.js';

/** A tensor of one image: shape `[h, w, c]` and row-major data. */
export interface Image {
  readonly shape: readonly [number, number, number];
  readonly data: Float64Array;
}

/**
 * The float64 reference convolution, straight from the definition
 * y[oh, ow, co] = b[co] + Σ_{kh, kw, ci} x[oh·s + kh·d − p, ow·s + kw·d − p, ci] · W[kh, kw, ci, co],
 * with x = 0 outside the input. Used where TensorFlow.js cannot be (strides and dilations
 * both above 1) and as the exact reference for integer inputs. `depthwise` reads
 * weights [kh, kw, cin, multiplier] and output channel ci·multiplier + m.
 *
 * The same loop as `conv2dOver` (the generic reference the exact engine runs), kept on typed
 * arrays for speed and property-tested bit-for-bit equal to `conv2dOver(float64Arithmetic, …)`:
 * the generic one is 1.2× slower alone and ~7× once a process has also run an exact arithmetic
 * through it (its calls to `ar.add` and `ar.mul` stop being inlined).
 */
export function conv2dDirect(
  x: ArrayLike<number>,
  weights: Weights,
  options: Conv2dMatrixOptions & { readonly depthwise?: boolean },
): Image {
  const depthwise = (options as { depthwise?: unknown } | null)?.depthwise === true;
  const op = depthwise ? 'depthwiseConv2dDirect' : 'conv2dDirect';
  const { weights: w, options: opts, geometry: g } = convLayerGeometry(op, weights, options, depthwise ? 'channelMultiplier' : 'outChannels');
  const [kh, kw, cin, last] = w.shape;
  const input = finiteArray(op, 'x', x, g.inHeight * g.inWidth * cin);
  const cout = depthwise ? cin * last : last;
  const bias = opts.bias === undefined ? undefined : finiteArray(op, 'options.bias', opts.bias, cout);
  const out = new Float64Array(g.outHeight * g.outWidth * cout);
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      for (let co = 0; co < cout; co++) {
        let sum = bias === undefined ? 0 : (bias[co] as number);
        for (let th = 0; th < kh; th++) {
          const ih = inputIndex(oh, th, g.strideHeight, g.dilationHeight, g.padTop);
          if (ih < 0 || ih >= g.inHeight) continue;
          for (let tw = 0; tw < kw; tw++) {
            const iw = inputIndex(ow, tw, g.strideWidth, g.dilationWidth, g.padLeft);
            if (iw < 0 || iw >= g.inWidth) continue;
            if (depthwise) {
              const ci = Math.floor(co / last);
              sum += (input[(ih * g.inWidth + iw) * cin + ci] as number) * (w.data[((th * kw + tw) * cin + ci) * last + (co % last)] as number);
            } else {
              for (let ci = 0; ci < cin; ci++) {
                sum += (input[(ih * g.inWidth + iw) * cin + ci] as number) * (w.data[((th * kw + tw) * cin + ci) * cout + co] as number);
              }
            }
          }
        }
        out[(oh * g.outWidth + ow) * cout + co] = sum;
      }
    }
  }
  return { shape: [g.outHeight, g.outWidth, cout], data: out };
}
