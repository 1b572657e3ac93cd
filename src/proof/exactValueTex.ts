import type { JsonValue } from './ClaimValue.js';

const DIGITS = 6n;

/** a/b rounded down (up when `up`) to DIGITS decimals, as text. */
function decimal(num: bigint, den: bigint, up: boolean): string {
  const scale = 10n ** DIGITS;
  let q = (num * scale) / den;
  const exact = q * den === num * scale;
  // BigInt division truncates toward zero: adjust to floor or ceiling.
  if (!exact && ((num < 0n) !== (den < 0n)) && !up) q -= 1n;
  if (!exact && ((num < 0n) === (den < 0n)) && up) q += 1n;
  const sign = q < 0n ? '-' : '';
  const abs = q < 0n ? -q : q;
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(Number(DIGITS), '0').replace(/0+$/, '');
  return `${sign}${whole}${frac === '' ? '' : `.${frac}`}`;
}

function rational(text: string): [bigint, bigint] | undefined {
  const m = /^(-?\d+)(?:\/(\d+))?$/.exec(text.trim());
  if (m === null) return undefined;
  return [BigInt(m[1] ?? '0'), BigInt(m[2] ?? '1')];
}

/**
 * LaTeX of one exact entry as the exact engine stores it: an integer, a rational 'p/q' (a
 * fraction), or a certified interval '[lo, hi]' (shown to 6 decimals, rounded outward, so the
 * printed interval still holds the value).
 */
export function exactEntryTex(value: JsonValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return '\\text{?}';
  const r = rational(value);
  if (r !== undefined) {
    const [p, q] = r;
    if (q === 1n) return p.toString();
    const small = p.toString().length + q.toString().length <= 12;
    return small ? `${p < 0n ? '-' : ''}\\tfrac{${(p < 0n ? -p : p).toString()}}{${q.toString()}}` : `\\approx ${decimal(p, q, false)}`;
  }
  const m = /^\[(.+),\s*(.+)\]$/.exec(value.trim());
  const lo = m === null ? undefined : rational(m[1] ?? '');
  const hi = m === null ? undefined : rational(m[2] ?? '');
  if (lo !== undefined && hi !== undefined) return `[${decimal(lo[0], lo[1], false)},\\, ${decimal(hi[0], hi[1], true)}]`;
  return `\\text{${value.replace(/[\\{}$&#^_%~]/g, '')}}`;
}

/** LaTeX of an exact value: an entry, a vector (a row), a matrix, or deeper arrays flattened into a row. */
export function exactValueTex(value: JsonValue): string {
  if (!Array.isArray(value)) return exactEntryTex(value);
  const depth = (v: JsonValue): number => (Array.isArray(v) ? 1 + (v.length === 0 ? 0 : depth(v[0] as JsonValue)) : 0);
  const d = depth(value);
  if (d === 1) return `\\begin{pmatrix} ${value.map(exactEntryTex).join(' & ')} \\end{pmatrix}`;
  if (d === 2) return `\\begin{pmatrix} ${value.map((row) => (Array.isArray(row) ? row.map(exactEntryTex).join(' & ') : exactEntryTex(row))).join(' \\\\ ')} \\end{pmatrix}`;
  const flat: JsonValue[] = [];
  const walk = (v: JsonValue): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else flat.push(v);
  };
  walk(value);
  return `\\operatorname{vec}^{-1}\\begin{pmatrix} ${flat.map(exactEntryTex).join(' & ')} \\end{pmatrix}`;
}
