import { LayerproofError } from '../../core/LayerproofError.js';
import type { Arithmetic } from '../../exact/Arithmetic.js';

/**
 * A scalar of an arithmetic inside a claim, boxed so that it is never confused with a plain
 * number: plain numbers are the discrete values of a claim (sizes, geometry fields, the
 * entries of a permutation matrix), exact in float64, and become scalars when they meet one.
 */
export class Scalar<T> {
  constructor(readonly value: T) {}
}

/** A value inside a claim evaluated over an arithmetic: a scalar, a plain number, a (nested) array, a record or a string. */
export type OverValue<T> = Scalar<T> | number | string | boolean | readonly OverValue<T>[] | { readonly [key: string]: OverValue<T> };

/** Whether a value is a record (a geometry) rather than an array or a scalar. */
export function isRecord<T>(v: OverValue<T>): v is { readonly [key: string]: OverValue<T> } {
  return typeof v === 'object' && !Array.isArray(v) && !(v instanceof Scalar);
}

/** A numeric leaf as a scalar of the arithmetic (plain numbers are lifted exactly). */
export function scalarOf<T>(ar: Arithmetic<T>, op: string, v: OverValue<T>): T {
  if (v instanceof Scalar) return v.value;
  if (typeof v === 'number') return ar.fromNumber(v);
  if (typeof v === 'boolean') return v ? ar.one : ar.zero;
  throw LayerproofError.invalid({ op, argument: 'value', value: Array.isArray(v) ? 'an array' : v, expected: 'a number' });
}

/** A plain number (a size, an exponent, a dimension); a scalar is accepted when it is one in float64 (the float64 arithmetic). */
export function plainNumber<T>(op: string, argument: string, v: OverValue<T>): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Scalar && typeof v.value === 'number') return v.value;
  throw LayerproofError.invalid({ op, argument, value: v instanceof Scalar ? 'a symbolic value' : Array.isArray(v) ? 'an array' : v, expected: 'a plain number (a size, a dimension or an exponent)' });
}

/** The shape of a (nested) numeric array: [] for a leaf. Ragged arrays are refused. */
export function shapeOfOver<T>(op: string, v: OverValue<T>): number[] {
  if (!Array.isArray(v)) {
    if (isRecord(v) || typeof v === 'string') throw LayerproofError.invalid({ op, argument: 'value', value: typeof v === 'string' ? v : 'a record', expected: 'a number or an array of numbers' });
    return [];
  }
  const arr = v as readonly OverValue<T>[];
  if (arr.length === 0) return [0];
  const inner = shapeOfOver(op, arr[0] as OverValue<T>);
  for (const e of arr) {
    const s = shapeOfOver(op, e);
    if (s.length !== inner.length || s.some((d, i) => d !== inner[i])) {
      throw LayerproofError.invalid({ op, argument: 'value', value: 'a ragged array', expected: 'entries of one shape' });
    }
  }
  return [arr.length, ...inner];
}

/** The leaves of a numeric value in row-major order, as scalars of the arithmetic. */
export function flattenOver<T>(ar: Arithmetic<T>, op: string, v: OverValue<T>): T[] {
  const out: T[] = [];
  const walk = (x: OverValue<T>): void => {
    if (Array.isArray(x)) for (const e of x as readonly OverValue<T>[]) walk(e);
    else out.push(scalarOf(ar, op, x));
  };
  walk(v);
  return out;
}

/** Flat scalars in row-major order back into nested arrays of the shape (a leaf for []). */
export function reshapeOver<T>(data: readonly T[], shape: readonly number[]): OverValue<T> {
  let at = 0;
  const build = (d: number): OverValue<T> => {
    if (d === shape.length) return new Scalar(data[at++] as T);
    return Array.from({ length: shape[d] as number }, () => build(d + 1));
  };
  return build(0);
}

/** A matrix value as T[][] (a vector is refused: say which). */
export function matrixOver<T>(ar: Arithmetic<T>, op: string, argument: string, v: OverValue<T>): T[][] {
  const shape = shapeOfOver(op, v);
  if (shape.length !== 2) throw LayerproofError.invalid({ op, argument, value: `a value of shape [${shape.join(', ')}]`, expected: 'a matrix' });
  return (v as readonly (readonly OverValue<T>[])[]).map((row) => row.map((x) => scalarOf(ar, op, x)));
}

/** A vector (or a 1×n / n×1 matrix) as T[]. */
export function vectorOver<T>(ar: Arithmetic<T>, op: string, argument: string, v: OverValue<T>): T[] {
  const shape = shapeOfOver(op, v);
  if (shape.length === 1 || (shape.length === 2 && (shape[0] === 1 || shape[1] === 1))) return flattenOver(ar, op, v);
  throw LayerproofError.invalid({ op, argument, value: `a value of shape [${shape.join(', ')}]`, expected: 'a vector' });
}

/** T[][] back to a value. */
export function fromMatrix<T>(m: readonly (readonly T[])[]): OverValue<T> {
  return m.map((row) => row.map((x) => new Scalar(x)));
}

/** T[] back to a value. */
export function fromVector<T>(v: readonly T[]): OverValue<T> {
  return v.map((x) => new Scalar(x));
}
