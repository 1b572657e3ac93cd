import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';
import { convGeometry, type ConvGeometry } from '../linear/convGeometry.js';
import { plainValue } from './ClaimValue.js';

/**
 * The geometry of a convolution as a claim sees it: short field names so that a document
 * can write `g.oh == floor((g.h + g.pt + g.pb - g.dh*(g.kh - 1) - 1) / g.sh) + 1`.
 * Padding is resolved into explicit pads (`'same'` by TensorFlow's rule), so every
 * function that reads the record computes the same layer.
 */
export interface ConvRecord {
  readonly [field: string]: number | string;
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly cout: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly pt: number;
  readonly pb: number;
  readonly pl: number;
  readonly pr: number;
  readonly oh: number;
  readonly ow: number;
  /** How the pads were chosen: `'valid'`, `'same'` or `'explicit'`. */
  readonly padding: string;
}

/** The geometry of a pooling window (no dilation, no output channels of its own). */
export interface PoolRecord {
  readonly [field: string]: number | string;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly pt: number;
  readonly pb: number;
  readonly pl: number;
  readonly pr: number;
  readonly oh: number;
  readonly ow: number;
  /** `'valid'` or `'same'` (TensorFlow's pooling has no explicit padding). */
  readonly padding: 'valid' | 'same';
}

/** LaTeX for the fields of a geometry record, used when a claim reads `g.oh`. */
export const GEOMETRY_FIELD_TEX: Readonly<Record<string, string>> = {
  h: 'H', w: 'W', c: 'C', cin: 'C_{\\mathrm{in}}', cout: 'C_{\\mathrm{out}}',
  kh: 'k_h', kw: 'k_w', sh: 's_h', sw: 's_w', dh: 'd_h', dw: 'd_w',
  pt: 'p_{\\mathrm{top}}', pb: 'p_{\\mathrm{bottom}}', pl: 'p_{\\mathrm{left}}', pr: 'p_{\\mathrm{right}}',
  oh: 'H_{\\mathrm{out}}', ow: 'W_{\\mathrm{out}}',
};

export function convRecordOf(g: ConvGeometry, cout: number, padding: string): ConvRecord {
  return {
    h: g.inHeight, w: g.inWidth, cin: g.inChannels, cout,
    kh: g.kernelHeight, kw: g.kernelWidth, sh: g.strideHeight, sw: g.strideWidth, dh: g.dilationHeight, dw: g.dilationWidth,
    pt: g.padTop, pb: g.padBottom, pl: g.padLeft, pr: g.padRight, oh: g.outHeight, ow: g.outWidth, padding,
  };
}

export function poolRecordOf(g: ConvGeometry, padding: 'valid' | 'same'): PoolRecord {
  return {
    h: g.inHeight, w: g.inWidth, c: g.inChannels, kh: g.kernelHeight, kw: g.kernelWidth, sh: g.strideHeight, sw: g.strideWidth,
    pt: g.padTop, pb: g.padBottom, pl: g.padLeft, pr: g.padRight, oh: g.outHeight, ow: g.outWidth, padding,
  };
}

function field(op: string, argument: string, record: Record<string, unknown>, name: string, min: number): number {
  const v = record[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw LayerproofError.invalid({ op, argument: `${argument}.${name}`, value: v, expected: `an integer ≥ ${min}` });
  }
  return v;
}

/** Checks a convolution record and recomputes its geometry (so inconsistent hand-written records are refused). */
export function asConvRecord(op: string, argument: string, value: unknown): { record: ConvRecord; geometry: ConvGeometry } {
  const r = plainObject(op, argument, plainValue(value));
  const get = (name: string, min: number): number => field(op, argument, r, name, min);
  const [h, w, cin, cout, kh, kw, sh, sw, dh, dw] = ['h', 'w', 'cin', 'cout', 'kh', 'kw', 'sh', 'sw', 'dh', 'dw'].map((n) => get(n, 1)) as
    [number, number, number, number, number, number, number, number, number, number];
  const [pt, pb, pl, pr] = ['pt', 'pb', 'pl', 'pr'].map((n) => get(n, 0)) as [number, number, number, number];
  const geometry = convGeometry({
    op, inputShape: [h, w, cin], kernelSize: [kh, kw], strides: [sh, sw], dilations: [dh, dw], padding: [[pt, pb], [pl, pr]],
  });
  const padding = typeof r.padding === 'string' ? r.padding : 'explicit';
  return { record: convRecordOf(geometry, cout, padding), geometry };
}

/** Checks a pooling record; its `padding` must be `'valid'` or `'same'`. */
export function asPoolRecord(op: string, argument: string, value: unknown): { record: PoolRecord; geometry: ConvGeometry } {
  const r = plainObject(op, argument, plainValue(value));
  const get = (name: string): number => field(op, argument, r, name, 1);
  const [h, w, c, kh, kw, sh, sw] = ['h', 'w', 'c', 'kh', 'kw', 'sh', 'sw'].map(get) as [number, number, number, number, number, number, number];
  const padding = r.padding;
  if (padding !== 'valid' && padding !== 'same') {
    throw LayerproofError.invalid({ op, argument: `${argument}.padding`, value: padding, expected: "'valid' or 'same'" });
  }
  const geometry = convGeometry({ op, inputShape: [h, w, c], kernelSize: [kh, kw], strides: [sh, sw], padding, windowName: 'window' });
  return { record: poolRecordOf(geometry, padding), geometry };
}
