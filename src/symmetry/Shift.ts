import { LayerproofError } from '../core/LayerproofError.js';
import { positivePair } from '../core/validate.js';

/** A translation by `[rows, columns]`: positive moves the content down and to the right. */
export type Shift = readonly [number, number];

/** `(1, −2)`. */
export function formatShift(g: Shift): string {
  return `(${g.map((v) => String(v).replace('-', '−')).join(', ')})`;
}

/** |rows| + |columns|: the smallest failing shift is the one reported. */
export function shiftSize(g: Shift): number {
  return Math.abs(g[0]) + Math.abs(g[1]);
}

/** The step between the shifts an action uses (`options.step`), checked: a positive integer or a pair. */
export function shiftStep(op: string, value: unknown): [number, number] {
  return positivePair(op, 'options.step', value, 1);
}

/** Checks that `g` is a pair of integers, multiples of `step`. */
export function checkShift(op: string, g: unknown, step: readonly [number, number]): Shift {
  if (!Array.isArray(g) || g.length !== 2 || !g.every((v) => typeof v === 'number' && Number.isInteger(v))) {
    throw LayerproofError.invalid({ op, argument: 'g', value: g, expected: 'a shift [rows, columns] of two integers' });
  }
  const shift = g as unknown as Shift;
  if (shift[0] % step[0] !== 0 || shift[1] % step[1] !== 0) {
    throw LayerproofError.invalid({ op, argument: 'g', value: g, expected: `a multiple of the action's step [${step.join(', ')}]` });
  }
  return shift;
}
