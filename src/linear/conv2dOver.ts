import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from '../exact/Arithmetic.js';
import { inputIndex, type ConvGeometry } from './convGeometry.js';

export interface Conv2dOverOptions<T> {
  /** One bias per output channel; default none (the sums start at zero). */
  readonly bias?: ArrayLike<T>;
  /** Kernel `[kh, kw, cin, multiplier]`, output channel ci·multiplier + m reads input channel ci only. */
  readonly depthwise?: boolean;
}

/**
 * The reference convolution over any arithmetic, straight from the definition
 * $$y_{o_h, o_w, c_o} = b_{c_o} + \sum_{k_h, k_w, c_i} x_{o_h s_h + k_h d_h - p_{top},\; o_w s_w + k_w d_w - p_{left},\; c_i}\, W_{k_h, k_w, c_i, c_o}$$
 * with x = 0 outside the input (those taps are skipped, not added as zeros). Each sum starts at
 * the bias (or zero) and adds the taps in the order (kh, kw, ci). `conv2dDirect` runs the same
 * loop on typed arrays (for speed) and is property-tested bit for bit equal to this function
 * over float64, so what the exact engine proves is what the float64 reference computes.
 *
 * @param x the image, flat HWC (`[inHeight, inWidth, inChannels]` of `g`).
 * @param kernel flat HWIO `[kh, kw, cin, cout]` (or `[kh, kw, cin, multiplier]` when depthwise).
 * @returns the output, flat HWC `[outHeight, outWidth, cout]`.
 */
export function conv2dOver<T>(ar: Arithmetic<T>, x: ArrayLike<T>, kernel: ArrayLike<T>, g: ConvGeometry, options: Conv2dOverOptions<T> = {}): T[] {
  const depthwise = options.depthwise === true;
  const op = depthwise ? 'depthwiseConv2dOver' : 'conv2dOver';
  const { kernelHeight: kh, kernelWidth: kw, inChannels: cin, inWidth, inHeight } = g;
  const last = kernelLast(op, kernel.length, g);
  const cout = depthwise ? cin * last : last;
  if (x.length !== inHeight * inWidth * cin) {
    throw LayerproofError.invalid({ op, argument: 'x.length', value: x.length, expected: `${inHeight * inWidth * cin} (an ${inHeight}×${inWidth}×${cin} image, flat HWC)` });
  }
  const bias = options.bias;
  if (bias !== undefined && bias.length !== cout) {
    throw LayerproofError.invalid({ op, argument: 'options.bias.length', value: bias.length, expected: `${cout}, one bias per output channel` });
  }
  const out: T[] = [];
  for (let oh = 0; oh < g.outHeight; oh++) {
    for (let ow = 0; ow < g.outWidth; ow++) {
      for (let co = 0; co < cout; co++) {
        let sum = bias === undefined ? ar.zero : (bias[co] as T);
        for (let th = 0; th < kh; th++) {
          const ih = inputIndex(oh, th, g.strideHeight, g.dilationHeight, g.padTop);
          if (ih < 0 || ih >= inHeight) continue;
          for (let tw = 0; tw < kw; tw++) {
            const iw = inputIndex(ow, tw, g.strideWidth, g.dilationWidth, g.padLeft);
            if (iw < 0 || iw >= inWidth) continue;
            const pixel = (ih * inWidth + iw) * cin;
            if (depthwise) {
              const ci = Math.floor(co / last);
              sum = ar.add(sum, ar.mul(x[pixel + ci] as T, kernel[((th * kw + tw) * cin + ci) * last + (co % last)] as T));
            } else {
              for (let ci = 0; ci < cin; ci++) {
                sum = ar.add(sum, ar.mul(x[pixel + ci] as T, kernel[((th * kw + tw) * cin + ci) * cout + co] as T));
              }
            }
          }
        }
        out.push(sum);
      }
    }
  }
  return out;
}

/** The kernel's last axis (output channels, or the depthwise multiplier) from its length. */
export function kernelLast(op: string, length: number, g: ConvGeometry): number {
  const taps = g.kernelHeight * g.kernelWidth * g.inChannels;
  const last = length / taps;
  if (!Number.isInteger(last) || last < 1) {
    throw LayerproofError.invalid({
      op, argument: 'kernel.length', value: length,
      expected: `a positive multiple of kh·kw·cin = ${g.kernelHeight}·${g.kernelWidth}·${g.inChannels} = ${taps} (a flat [kh, kw, cin, c] kernel)`,
    });
  }
  return last;
}
