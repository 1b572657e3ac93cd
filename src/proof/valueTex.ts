import type { JsonValue } from './ClaimValue.js';

/** Largest number of rows or columns printed; larger matrices are elided with dots. */
const MAX_SHOWN = 10;

/** A number as a reader wants it: integers as they are, others with 6 significant digits. */
export function numberTex(v: JsonValue): string {
  if (typeof v === 'string') return v === 'Infinity' ? '\\infty' : v === '-Infinity' ? '-\\infty' : `\\text{${v}}`;
  if (typeof v !== 'number') return '?';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) {
    const [mantissa = '', exponent = ''] = v.toExponential(3).split('e');
    return `${trimZeros(mantissa)}\\times 10^{${Number(exponent)}}`;
  }
  return trimZeros(v.toPrecision(6));
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function elide<T>(items: readonly T[], dots: T): T[] {
  return items.length <= MAX_SHOWN ? [...items] : [...items.slice(0, MAX_SHOWN - 2), dots, items[items.length - 1] as T];
}

function isNumeric(v: JsonValue): boolean {
  return typeof v === 'number' || (typeof v === 'string' && /^-?Infinity$|^NaN$/.test(v));
}

function depthOf(v: JsonValue): number {
  return Array.isArray(v) ? 1 + (v.length === 0 ? 0 : depthOf(v[0] ?? null)) : 0;
}

/** Whether a nested array is a full rectangular tensor (a list of matrices of different shapes is not). */
function isRectangular(v: JsonValue): boolean {
  if (!Array.isArray(v)) return isNumeric(v);
  if (v.length === 0) return true;
  const first = v[0] ?? null;
  const shape = (x: JsonValue): string => (Array.isArray(x) ? `${x.length}:${shape(x[0] ?? null)}` : '');
  return v.every((x) => isRectangular(x) && shape(x) === shape(first));
}

function pmatrix(rows: readonly (readonly JsonValue[])[]): string {
  const shownRows = elide(rows.map((r) => elide(r.map(numberTex), '\\cdots')), ['\\vdots']);
  return `\\begin{pmatrix} ${shownRows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{pmatrix}`;
}

/**
 * LaTeX of a claim value: a number; a vector as a column; a matrix; an image [h][w][c] as one
 * h×w matrix per channel; a kernel [kh][kw][cin][cout] as one matrix per (cin, cout); a list
 * of matrices of different shapes (GCN weights) one after another. Records (geometries) are
 * rendered as tables by the site, not here: undefined.
 */
export function valueTex(value: JsonValue): string | undefined {
  if (isNumeric(value)) return numberTex(value);
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return '()';
  const depth = depthOf(value);
  const rect = (v: JsonValue): v is JsonValue[] => Array.isArray(v);
  if (depth === 1 && value.every(isNumeric)) return pmatrix(value.map((v) => [v]));
  if (depth === 2 && value.every((r) => rect(r) && r.every(isNumeric))) {
    const widths = new Set(value.map((r) => (rect(r) ? r.length : -1)));
    if (widths.size === 1) return pmatrix(value as JsonValue[][]);
  }
  if (depth === 3 && isRectangular(value)) {
    // Image [h][w][c]: one h×w matrix per channel.
    const channels = (value[0] as JsonValue[][] | undefined)?.[0]?.length ?? 0;
    const parts = Array.from({ length: channels }, (_v, c) =>
      `${pmatrix((value as JsonValue[][][]).map((row) => row.map((cell) => cell[c] ?? null)))}_{c=${c + 1}}`);
    return channels === 1 ? pmatrix((value as JsonValue[][][]).map((row) => row.map((cell) => cell[0] ?? null))) : parts.join(',\\; ');
  }
  if (depth === 4 && isRectangular(value)) {
    // Kernel [kh][kw][cin][cout]: one kh×kw matrix per (cin, cout).
    const k = value as JsonValue[][][][];
    const cin = k[0]?.[0]?.length ?? 0;
    const cout = k[0]?.[0]?.[0]?.length ?? 0;
    const parts: string[] = [];
    for (let ci = 0; ci < cin; ci++) {
      for (let co = 0; co < cout; co++) {
        parts.push(`${pmatrix(k.map((row) => row.map((cell) => cell[ci]?.[co] ?? null)))}_{${ci + 1},${co + 1}}`);
      }
    }
    return parts.join(',\\; ');
  }
  // A list of matrices of different shapes, e.g. the weights of the layers of a GCN.
  const items = value.map((v) => valueTex(v));
  if (items.every((t): t is string => t !== undefined)) return items.map((t, i) => `${t}_{(${i + 1})}`).join(',\\; ');
  return undefined;
}
