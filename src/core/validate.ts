import { LayerproofError } from './LayerproofError.js';

/** Shared boundary checks: each throws a LayerproofError naming op, argument, value and what is valid. */

export function positiveInteger(op: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw LayerproofError.invalid({ op, argument, value, expected: 'a positive integer (1, 2, 3, …)' });
  }
  return value;
}

export function nonNegativeInteger(op: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw LayerproofError.invalid({ op, argument, value, expected: 'a non-negative integer (0, 1, 2, …)' });
  }
  return value;
}

/** A number or a pair of numbers, each a positive integer: `2` or `[2, 1]`. */
export function positivePair(op: string, argument: string, value: unknown, fallback: number): [number, number] {
  if (value === undefined) return [fallback, fallback];
  const expected = 'a positive integer or a pair [height, width] of positive integers';
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1) throw LayerproofError.invalid({ op, argument, value, expected });
    return [value, value];
  }
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    return [value[0] as number, value[1] as number];
  }
  throw LayerproofError.invalid({ op, argument, value, expected });
}

/** An input shape `[height, width, channels]` of positive integers. */
export function shape3(op: string, argument: string, value: unknown): [number, number, number] {
  if (
    Array.isArray(value) && value.length === 3 &&
    value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)
  ) {
    return [value[0] as number, value[1] as number, value[2] as number];
  }
  throw LayerproofError.invalid({
    op, argument, value,
    expected: '[height, width, channels], three positive integers (NHWC without the batch, e.g. [32, 32, 3])',
  });
}

/** A finite numeric array (plain or typed) of the given length. */
export function finiteArray(op: string, argument: string, value: unknown, length?: number): ArrayLike<number> {
  const isArrayLike = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isArrayLike) {
    throw LayerproofError.invalid({ op, argument, value, expected: `an array or typed array of ${length ?? 'finite'} numbers` });
  }
  const arr = value as ArrayLike<unknown>;
  if (length !== undefined && arr.length !== length) {
    throw LayerproofError.invalid({
      op, argument: `${argument}.length`, value: arr.length,
      expected: `${length} (the size its shape implies)`,
    });
  }
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw LayerproofError.invalid({ op, argument: `${argument}[${i}]`, value: v, expected: 'a finite number' });
    }
  }
  return arr as ArrayLike<number>;
}

export function plainObject(op: string, argument: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw LayerproofError.invalid({ op, argument, value, expected: 'an object' });
  }
  return value as Record<string, unknown>;
}
