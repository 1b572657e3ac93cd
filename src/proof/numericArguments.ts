import { LayerproofError } from '../core/LayerproofError.js';
import { flattenValue, plainValue, shapeOf } from './ClaimValue.js';

/**
 * Boundary checks for the functions that claims call: each names the function, the
 * argument and what would be valid, so a typo in a proof document reads as a sentence.
 */

/** A numeric value of the given rank (1: vector, 2: matrix, 3: image [h][w][c], …), with its shape and data. */
export function numericOfRank(op: string, argument: string, value: unknown, rank: number, what: string): { shape: number[]; data: Float64Array } {
  const v = plainValue(value);
  let shape: number[];
  try {
    shape = shapeOf(v, op, argument);
  } catch (error) {
    if (error instanceof LayerproofError) {
      throw LayerproofError.invalid({ op, argument, value: v, expected: `${what} (a rectangular array of rank ${rank} of numbers)` });
    }
    throw error;
  }
  if (shape.length !== rank) {
    throw LayerproofError.invalid({ op, argument, value: v, expected: `${what}, an array of rank ${rank}, not of shape [${shape.join(', ')}]` });
  }
  const data = flattenValue(v, op, argument);
  return { shape, data };
}

/** A matrix as rows of numbers. */
export function asMatrix(op: string, argument: string, value: unknown): number[][] {
  const { shape, data } = numericOfRank(op, argument, value, 2, 'a matrix');
  const [rows = 0, cols = 0] = shape;
  return Array.from({ length: rows }, (_r, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
}

/** A square matrix. */
export function asSquareMatrix(op: string, argument: string, value: unknown): number[][] {
  const m = asMatrix(op, argument, value);
  const cols = m[0]?.length ?? 0;
  if (m.length !== cols) {
    throw LayerproofError.invalid({ op, argument, value: `${m.length}×${cols} matrix`, expected: 'a square matrix' });
  }
  return m;
}

/** A vector (rank 1). */
export function asVector(op: string, argument: string, value: unknown): number[] {
  return Array.from(numericOfRank(op, argument, value, 1, 'a vector').data);
}

/** A finite number. */
export function asNumber(op: string, argument: string, value: unknown): number {
  const v = plainValue(value);
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw LayerproofError.invalid({ op, argument, value: v, expected: 'a finite number' });
  }
  return v;
}

/** A non-negative integer (a size). */
export function asSize(op: string, argument: string, value: unknown, min = 0): number {
  const v = plainValue(value);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw LayerproofError.invalid({ op, argument, value: v, expected: `an integer ≥ ${min}` });
  }
  return v;
}
