import { LayerproofError, describeValue } from '../core/LayerproofError.js';

/**
 * A value inside a claim: a number, a (nested) array of numbers (vector, matrix, image
 * [h][w][c], kernel [kh][kw][cin][cout]), a string, a list of matrices, or a record such as
 * a convolution geometry. Claims are evaluated by mathjs configured to return plain arrays.
 */
export type ClaimValue = number | string | boolean | readonly ClaimValue[] | { readonly [key: string]: ClaimValue };

/** A value as written to JSON: numbers that JSON cannot hold become the strings `'Infinity'`, `'-Infinity'`, `'NaN'`. */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** True for a (nested) array whose leaves are all numbers. */
export function isNumericArray(value: unknown): value is readonly ClaimValue[] {
  if (!Array.isArray(value)) return false;
  return value.every((v) => typeof v === 'number' || isNumericArray(v));
}

/** A mathjs Matrix (it has `toArray`) becomes a plain nested array; everything else is returned as is. */
export function plainValue(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const toArray = (value as { toArray?: unknown }).toArray;
    if (typeof toArray === 'function') return (toArray as () => unknown).call(value);
  }
  return value;
}

/**
 * The shape of a numeric value: `[]` for a number, `[n]` for a vector, `[n, d]` for a
 * matrix, and so on. Ragged arrays are refused.
 */
export function shapeOf(value: unknown, op = 'shapeOf', argument = 'value'): number[] {
  const v = plainValue(value);
  if (typeof v === 'number') return [];
  if (!Array.isArray(v)) {
    throw LayerproofError.invalid({ op, argument, value: v, expected: 'a number or a (nested) array of numbers' });
  }
  if (v.length === 0) return [0];
  const inner = shapeOf(v[0], op, `${argument}[0]`);
  for (let i = 1; i < v.length; i++) {
    const s = shapeOf(v[i], op, `${argument}[${i}]`);
    if (s.length !== inner.length || s.some((d, k) => d !== inner[k])) {
      throw LayerproofError.invalid({
        op, argument: `${argument}[${i}]`, value: v[i],
        expected: `an entry of shape [${inner.join(', ')}] like ${argument}[0] (arrays must not be ragged)`,
      });
    }
  }
  return [v.length, ...inner];
}

/** All numbers of a numeric value in row-major order (the `vec` of the value). */
export function flattenValue(value: unknown, op = 'vec', argument = 'value'): Float64Array {
  const out: number[] = [];
  const walk = (v: unknown, path: string): void => {
    const p = plainValue(v);
    if (typeof p === 'number') {
      out.push(p);
    } else if (Array.isArray(p)) {
      p.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else {
      throw LayerproofError.invalid({ op, argument: path, value: p, expected: 'a number or a (nested) array of numbers' });
    }
  };
  walk(value, argument);
  return Float64Array.from(out);
}

/** A numeric value of the given shape, filled row-major from `data`. */
export function reshape(data: ArrayLike<number>, shape: readonly number[]): ClaimValue {
  let offset = 0;
  const build = (level: number): ClaimValue => {
    if (level === shape.length) return data[offset++] ?? NaN;
    return Array.from({ length: shape[level] ?? 0 }, () => build(level + 1));
  };
  return build(0);
}

/** Converts a value for JSON: non-finite numbers become strings, −0 becomes 0, Matrices become arrays. */
export function toJsonValue(value: unknown): JsonValue {
  const v = plainValue(value);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return v === 0 ? 0 : v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((item) => toJsonValue(item));
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => toJsonValue(x));
  if (typeof v === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(v)) out[key] = toJsonValue(item);
    return out;
  }
  return describeValue(v);
}
