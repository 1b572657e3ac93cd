import { LayerproofError } from '../core/LayerproofError.js';
import { convGeometry } from '../linear/convGeometry.js';
import { plainValue, type ClaimValue } from './ClaimValue.js';
import { convRecordOf, poolRecordOf, type ConvRecord, type PoolRecord } from './geometryRecords.js';
import { unreadCells } from './symmetryRecords.js';

/**
 * The geometries of the symmetry and spectrum proofs: convolutions with a given stride on inputs
 * that the stride divides (`strideGeometry`), circular convolutions whose taps read distinct
 * cells (`circularGeometry`) and pooling windows that tile the input (`tilePool`). One rule per
 * kind, read by the float64 generators (random members) and the bounded ones (every member).
 */

/**
 * `'symmetric'`: the layers a flip maps to themselves (on both axes, the pads after less the unread
 * cells equal the pads before); `'isotropic'`: the symmetric ones on square inputs with square
 * kernels and equal dilations, which every rotation by 90° maps to themselves too.
 */
export type StridePadding = 'valid' | 'same' | 'explicit' | 'any' | 'symmetric' | 'isotropic';

export const STRIDE_PADDINGS: readonly StridePadding[] = ['valid', 'same', 'explicit', 'any', 'symmetric', 'isotropic'];

type Pads = 'valid' | 'same' | [[number, number], [number, number]];

/** The one-cell pads of `convGeometries` (each side alone, where a split on the wrong side shows, and every side). */
const EXPLICIT_PADS: readonly Pads[] = [[[1, 0], [0, 0]], [[0, 1], [0, 0]], [[0, 0], [1, 0]], [[0, 0], [0, 1]], [[1, 1], [1, 1]]];

export interface LayerShape {
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly cout: number;
  readonly kh: number;
  readonly kw: number;
  readonly dh: number;
  readonly dw: number;
}

export function stridePadding(op: string, value: unknown): StridePadding {
  const p = plainValue(value);
  if (p === undefined) return 'any';
  if (typeof p === 'string' && (STRIDE_PADDINGS as readonly string[]).includes(p)) return p as StridePadding;
  throw LayerproofError.invalid({ op, argument: 'padding', value: p, expected: STRIDE_PADDINGS.map((k) => `'${k}'`).join(', ') });
}

export function positive(op: string, argument: string, value: unknown, dflt: number, max = 8): number {
  const v = plainValue(value) ?? dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw LayerproofError.invalid({ op, argument, value: v, expected: `an integer in {1, …, ${max}}` });
  return v;
}

function padsOf(kind: StridePadding): readonly Pads[] {
  if (kind === 'valid') return ['valid'];
  if (kind === 'same') return ['same'];
  if (kind === 'explicit') return EXPLICIT_PADS;
  return ['valid', 'same', ...EXPLICIT_PADS];
}

/** The record of a layer of stride s with these pads, or undefined where it does not belong to the kind. */
function strideRecord(l: LayerShape, s: number, pads: Pads, kind: StridePadding): ConvRecord | undefined {
  if (l.h % s !== 0 || l.w % s !== 0) return undefined;
  const [[t, b], [lft, r]] = pads === 'valid' || pads === 'same' ? [[0, 0], [0, 0]] : pads;
  if (pads !== 'same' && (l.h + t + b < (l.kh - 1) * l.dh + 1 || l.w + lft + r < (l.kw - 1) * l.dw + 1)) return undefined;
  const g = convGeometry({ op: 'strideGeometry', inputShape: [l.h, l.w, l.cin], kernelSize: [l.kh, l.kw], strides: [s, s], dilations: [l.dh, l.dw], padding: pads });
  const record = convRecordOf(g, l.cout, typeof pads === 'string' ? pads : 'explicit');
  const symmetric = record.pb - unreadCells(record, 'rows') === record.pt && record.pr - unreadCells(record, 'columns') === record.pl;
  if ((kind === 'symmetric' || kind === 'isotropic') && !symmetric) return undefined;
  if (kind === 'isotropic' && (l.h !== l.w || l.kh !== l.kw || l.dh !== l.dw || record.pt !== record.pl)) return undefined;
  return record;
}

/** Every way to pad a layer of this shape under the kind (possibly none). */
export function strideRecords(l: LayerShape, s: number, kind: StridePadding): ConvRecord[] {
  const out: ConvRecord[] = [];
  for (const p of padsOf(kind)) {
    const r = strideRecord(l, s, p, kind);
    if (r !== undefined) out.push(r);
  }
  return out;
}

/** A circular layer: `'same'` pads (read as wrap-around), stride s dividing H and W, the kernel's span at most H and W. */
export function circularRecord(l: LayerShape, s: number): ConvRecord | undefined {
  if (l.h % s !== 0 || l.w % s !== 0 || (l.kh - 1) * l.dh + 1 > l.h || (l.kw - 1) * l.dw + 1 > l.w) return undefined;
  const g = convGeometry({ op: 'circularGeometry', inputShape: [l.h, l.w, l.cin], kernelSize: [l.kh, l.kw], strides: [s, s], dilations: [l.dh, l.dw], padding: 'same' });
  return convRecordOf(g, l.cout, 'circular');
}

/** A pooling geometry whose k×k windows tile the input: stride k, `'valid'`, H and W multiples of k. */
export function tileRecord(h: number, w: number, c: number, k: number): PoolRecord | undefined {
  if (h % k !== 0 || w % k !== 0) return undefined;
  const g = convGeometry({ op: 'tilePool', inputShape: [h, w, c], kernelSize: [k, k], strides: [k, k], padding: 'valid', windowName: 'window' });
  return poolRecordOf(g, 'valid');
}

const range = (lo: number, hi: number): number[] => Array.from({ length: Math.max(0, hi - lo + 1) }, (_v, i) => lo + i);

/** Every layer shape of the bounds, smallest first (sizes, then kernels, dilations, channels). */
export function* layerShapes(maxSize: number, maxChannels: number, maxKernel: number): Generator<LayerShape> {
  for (const h of range(1, maxSize)) for (const w of range(1, maxSize)) for (const kh of range(1, maxKernel)) for (const kw of range(1, maxKernel)) {
    for (const dh of range(1, 2)) for (const dw of range(1, 2)) {
      if (kh === 1 && dh === 2) continue; // a 1-tap axis has no dilation to speak of: the same layer twice
      if (kw === 1 && dw === 2) continue;
      for (const cin of range(1, maxChannels)) for (const cout of range(1, maxChannels)) yield { h, w, cin, cout, kh, kw, dh, dw };
    }
  }
}

const FAMILIES = new Map<string, ClaimValue[]>();

/** A family built once per process, so that the claims over it share its records (and the caches keyed by them). */
export function cachedFamily(key: string, build: () => ClaimValue[]): ClaimValue[] {
  let f = FAMILIES.get(key);
  if (f === undefined) {
    f = build();
    FAMILIES.set(key, f);
  }
  return f;
}

export function strideFamily(maxSize: number, maxChannels: number, maxKernel: number, kind: StridePadding, s: number): ClaimValue[] {
  return cachedFamily(`stride/${maxSize}/${maxChannels}/${maxKernel}/${kind}/${s}`, () => [...layerShapes(maxSize, maxChannels, maxKernel)].flatMap((l) => strideRecords(l, s, kind)));
}

export function circularFamily(maxSize: number, maxChannels: number, maxKernel: number, s: number): ClaimValue[] {
  return cachedFamily(`circular/${maxSize}/${maxChannels}/${maxKernel}/${s}`, () => [...layerShapes(maxSize, maxChannels, maxKernel)].flatMap((l) => circularRecord(l, s) ?? []));
}

export function tileFamily(maxSize: number, maxChannels: number, k: number): ClaimValue[] {
  return cachedFamily(`tile/${maxSize}/${maxChannels}/${k}`, () => {
    const out: ClaimValue[] = [];
    for (const h of range(1, maxSize)) for (const w of range(1, maxSize)) for (const c of range(1, maxChannels)) {
      const r = tileRecord(h, w, c, k);
      if (r !== undefined) out.push(r);
    }
    return out;
  });
}
