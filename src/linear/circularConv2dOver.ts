import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from '../exact/Arithmetic.js';
import { kernelLast } from './conv2dOver.js';
import type { ConvGeometry } from './convGeometry.js';

/**
 * The convolution with circular padding over any arithmetic: the input is extended periodically
 * (PyTorch's `padding_mode='circular'`), so a tap that leaves the image re-enters on the other side:
 * $$y_{o_h, o_w, c_o} = b_{c_o} + \sum_{k_h, k_w, c_i} x_{(o_h s_h + k_h d_h - p_{top}) \bmod H,\; (o_w s_w + k_w d_w - p_{left}) \bmod W,\; c_i}\, K_{k_h, k_w, c_i, c_o}.$$
 * The pads of `g` say where the window starts (`'same'` pads centre it) and its output size; every
 * tap reads a cell, none is dropped. Each sum starts at the bias (or zero) and adds the taps in the
 * order (kh, kw, ci), as `conv2dOver`. The float64 face of the proofs runs this very function.
 *
 * @param x the image, flat HWC. @param kernel flat HWIO `[kh, kw, cin, cout]`.
 * @returns the output, flat HWC `[outHeight, outWidth, cout]` of `g`.
 */
export function circularConv2dOver<T>(ar: Arithmetic<T>, x: ArrayLike<T>, kernel: ArrayLike<T>, g: ConvGeometry, options: { readonly bias?: ArrayLike<T> } = {}): T[] {
  const op = 'circularConv2dOver';
  const { kernelHeight: kh, kernelWidth: kw, inChannels: cin, inHeight, inWidth } = g;
  const cout = kernelLast(op, kernel.length, g);
  if (x.length !== inHeight * inWidth * cin) {
    throw LayerproofError.invalid({ op, argument: 'x.length', value: x.length, expected: `${inHeight * inWidth * cin} (an ${inHeight}×${inWidth}×${cin} image, flat HWC)` });
  }
  const bias = options.bias;
  if (bias !== undefined && bias.length !== cout) {
    throw LayerproofError.invalid({ op, argument: 'options.bias.length', value: bias.length, expected: `${cout}, one bias per output channel` });
  }
  const mod = (v: number, n: number): number => ((v % n) + n) % n;
  const out: T[] = [];
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      for (let co = 0; co < cout; co++) {
        let sum = bias === undefined ? ar.zero : (bias[co] as T);
        for (let th = 0; th < kh; th++) {
          const ih = mod(oh * g.strideHeight + th * g.dilationHeight - g.padTop, inHeight);
          for (let tw = 0; tw < kw; tw++) {
            const pixel = (ih * inWidth + mod(ow * g.strideWidth + tw * g.dilationWidth - g.padLeft, inWidth)) * cin;
            for (let ci = 0; ci < cin; ci++) sum = ar.add(sum, ar.mul(x[pixel + ci] as T, kernel[((th * kw + tw) * cin + ci) * cout + co] as T));
          }
        }
        out.push(sum);
      }
    }
  }
  return out;
}
