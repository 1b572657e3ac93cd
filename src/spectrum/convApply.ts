import type { ConvGeometry } from '../linear/convGeometry.js';
import { validRange } from '../linear/validRange.js';
import type { ConvKernel } from './ConvKernel.js';

/**
 * T and Tᵀ of one full convolution (kernel [kh, kw, cin, cout], zero padding, strides and
 * dilations of `g`) on HWC vectors, in float64 straight from the definition: what
 * `conv2dMatrix` builds, without building it. `abs` applies |T| (every entry's magnitude), which
 * bounds the rounding error of T·x.
 */
export interface ConvApply {
  readonly rows: number;
  readonly cols: number;
  /** Most terms in one output sum (kh·kw·cin): the k of the rounding bound γ_k. */
  readonly terms: number;
  forward(x: Float64Array, abs?: boolean): Float64Array;
  adjoint(y: Float64Array): Float64Array;
}

export function convApply(kernel: ConvKernel, g: ConvGeometry): ConvApply {
  const { kh, kw, cin, cout, data } = kernel;
  const { inWidth, outHeight, outWidth } = g;
  const rows = outHeight * outWidth * cout;
  const cols = g.inHeight * inWidth * cin;
  const absData = Float64Array.from(data, Math.abs);
  const each = (visit: (yBase: number, xBase: number, kBase: number) => void): void => {
    for (let oh = 0; oh < outHeight; oh++) {
      const [a0, a1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, kh, g.inHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const [b0, b1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, kw, inWidth);
        const yBase = (oh * outWidth + ow) * cout;
        for (let a = a0; a < a1; a++) {
          const ih = oh * g.strideHeight + a * g.dilationHeight - g.padTop;
          for (let b = b0; b < b1; b++) {
            const iw = ow * g.strideWidth + b * g.dilationWidth - g.padLeft;
            visit(yBase, (ih * inWidth + iw) * cin, (a * kw + b) * cin * cout);
          }
        }
      }
    }
  };
  return {
    rows,
    cols,
    terms: kh * kw * cin,
    forward(x, abs = false) {
      const k = abs ? absData : data;
      const y = new Float64Array(rows);
      each((yBase, xBase, kBase) => {
        for (let ci = 0; ci < cin; ci++) {
          const raw = x[xBase + ci] as number;
          const xv = abs ? Math.abs(raw) : raw;
          if (xv === 0) continue;
          const kRow = kBase + ci * cout;
          for (let co = 0; co < cout; co++) y[yBase + co] = (y[yBase + co] as number) + (k[kRow + co] as number) * xv;
        }
      });
      return y;
    },
    adjoint(y) {
      const x = new Float64Array(cols);
      each((yBase, xBase, kBase) => {
        for (let ci = 0; ci < cin; ci++) {
          const kRow = kBase + ci * cout;
          let s = 0;
          for (let co = 0; co < cout; co++) s += (data[kRow + co] as number) * (y[yBase + co] as number);
          x[xBase + ci] = (x[xBase + ci] as number) + s;
        }
      });
      return x;
    },
  };
}
