import { LayerproofError } from '../core/LayerproofError.js';
import { convGeometry } from '../linear/convGeometry.js';
import { cyclicShiftOver } from '../symmetry/cyclicShiftOver.js';
import { asConvRecord, convRecordOf, type ConvRecord } from './geometryRecords.js';

/**
 * The geometry records of the symmetry proofs: the layer a flip or a rotation turns a layer into,
 * and the border band of a zero-padded layer under a shift. Both faces of the functions (float64
 * and bounded) read these, so a claim means the same thing in either.
 */

function recordWithPads(op: string, r: ConvRecord, pads: readonly [number, number, number, number], label: string): ConvRecord {
  const g = convGeometry({
    op, inputShape: [r.h, r.w, r.cin], kernelSize: [r.kh, r.kw], strides: [r.sh, r.sw], dilations: [r.dh, r.dw],
    padding: [[pads[0], pads[1]], [pads[2], pads[3]]],
  });
  return convRecordOf(g, r.cout, label);
}

/**
 * Rows (or columns) of the padded input that the last window leaves unread: $H + p_t + p_b - (H_{out} - 1)s - (k - 1)d - 1$,
 * between 0 and s − 1.
 */
export function unreadCells(r: ConvRecord, axis: 'rows' | 'columns'): number {
  return axis === 'rows'
    ? r.h + r.pt + r.pb - (r.oh - 1) * r.sh - (r.kh - 1) * r.dh - 1
    : r.w + r.pl + r.pr - (r.ow - 1) * r.sw - (r.kw - 1) * r.dw - 1;
}

/**
 * The layer that computes the flipped output from the flipped input and kernel:
 * flip(conv_g(x, K)) = conv_{g'}(flip x, flip K) with the pads along the flipped axis
 * $(p'_{\mathrm{before}}, p'_{\mathrm{after}}) = (p_{\mathrm{after}} - r, p_{\mathrm{before}} + r)$, r the unread cells
 * (`unreadCells`): the pads change sides, and with a stride the cells the last window leaves move
 * to the front. Where $p_{\mathrm{after}} < r$ the flipped layer would have to crop the input: refused.
 */
export function flipRecord(op: string, value: unknown, axis: 'rows' | 'columns'): ConvRecord {
  const { record: r } = asConvRecord(op, 'g', value);
  const rest = unreadCells(r, axis);
  const [before, after] = axis === 'rows' ? [r.pt, r.pb] : [r.pl, r.pr];
  if (after < rest) {
    throw LayerproofError.invalid({
      op, argument: 'g', value: `a layer whose last window leaves ${rest} ${axis} unread after ${after} cells of padding`,
      expected: `a layer with at least as much padding after the input as it leaves unread (${rest}): otherwise the flipped layer would have to crop the input`,
    });
  }
  const flipped: [number, number] = [after - rest, before + rest];
  const pads: [number, number, number, number] = axis === 'rows' ? [...flipped, r.pl, r.pr] : [r.pt, r.pb, ...flipped];
  const same = pads[0] === r.pt && pads[1] === r.pb && pads[2] === r.pl && pads[3] === r.pr;
  return recordWithPads(op, r, pads, same ? r.padding : 'explicit');
}

/** The layer on transposed images (rows and columns exchanged): every pair of fields swapped. */
export function transposeRecord(op: string, value: unknown): ConvRecord {
  const { record: r } = asConvRecord(op, 'g', value);
  const g = convGeometry({
    op, inputShape: [r.w, r.h, r.cin], kernelSize: [r.kw, r.kh], strides: [r.sw, r.sh], dilations: [r.dw, r.dh],
    padding: [[r.pl, r.pr], [r.pt, r.pb]],
  });
  return convRecordOf(g, r.cout, r.padding);
}

/**
 * The layer that computes the rotated output from the rotated input and kernel, for one quarter
 * turn counterclockwise: the rotation is the transpose followed by the flip of the rows
 * ($x[j, W - 1 - i]$), so the layer is the transpose's, flipped along the rows.
 */
export function rotateRecord(op: string, value: unknown): ConvRecord {
  return flipRecord(op, transposeRecord(op, value), 'rows');
}

/**
 * The output positions along one axis where a zero-padded layer (kernel k, dilation d, stride s,
 * pad p before an input of n cells, m outputs) may tell $f(S^0_a x)$ from $S^0_{a/s} f(x)$, for
 * a shift a that s divides: position i is in the band when the output's shift fills it
 * ($i - a/s \notin [0, m)$; the layer's bias sits there on one side only) or when the window of
 * $o = i - a/s$ reads an input cell $j = o s + u d - p \in [0, n)$ that the input's shift pushes out,
 * $j + a \notin [0, n)$. Everywhere else both sides sum the same products.
 */
export function axisBand(op: string, n: number, m: number, k: number, d: number, s: number, p: number, a: number): boolean[] {
  if (!Number.isInteger(a) || a % s !== 0) {
    throw LayerproofError.invalid({ op, argument: 'shift', value: a, expected: `an integer multiple of the stride ${s}: a strided layer commutes only with shifts by multiples of its stride` });
  }
  const t = a / s;
  return Array.from({ length: m }, (_v, i) => {
    const o = i - t;
    if (o < 0 || o >= m) return true;
    for (let u = 0; u < k; u++) {
      const j = o * s + u * d - p;
      if (j >= 0 && j < n && (j + a < 0 || j + a >= n)) return true;
    }
    return false;
  });
}

/** The border band of a layer under the input shift (a, b): its rows and columns (`axisBand`), and the output's shift. */
export function shiftBand(op: string, value: unknown, a: number, b: number): { rows: boolean[]; columns: boolean[]; outputShift: [number, number] } {
  const { record: r } = asConvRecord(op, 'g', value);
  return {
    rows: axisBand(op, r.h, r.oh, r.kh, r.dh, r.sh, r.pt, a),
    columns: axisBand(op, r.w, r.ow, r.kw, r.dw, r.sw, r.pl, b),
    outputShift: [a / r.sh, b / r.sw],
  };
}

/**
 * The permutation matrix S of the cyclic shift by (a, b) on h×w×c images in HWC order:
 * S·vec(x) = vec(shift(x, a, b)), one 1 per row, every channel moved alike (S = S_rows ⊗ S_cols ⊗ I_c).
 */
export function cyclicShiftMatrix(op: string, h: number, w: number, c: number, a: number, b: number): number[][] {
  for (const [argument, v] of [['h', h], ['w', w], ['c', c]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 16) throw LayerproofError.invalid({ op, argument, value: v, expected: 'an integer in {1, …, 16}' });
  }
  const n = h * w * c;
  const source = cyclicShiftOver(Array.from({ length: n }, (_v, i) => i), [h, w, c], [a, b]);
  return source.map((j) => Array.from({ length: n }, (_v, k) => (k === j ? 1 : 0)));
}
