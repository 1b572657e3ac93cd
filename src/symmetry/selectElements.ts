import { LayerproofError } from '../core/LayerproofError.js';
import type { Rng } from '../core/rng.js';
import type { GroupAction } from './GroupAction.js';

/** Groups of at most this many elements are checked element by element unless told otherwise (all 256 shifts of a 16×16 image). */
export const LIST_ALL_UP_TO = 256;
/** Elements sampled per input from a larger group, as escnn's `check_equivariance` does. */
export const SAMPLED_ELEMENTS = 20;
/** The most elements `elements: 'all'` lists (8! = 40 320 permutations). */
export const MAX_LISTED_ELEMENTS = 40_320;

/** Which elements of a group to compare: `'all'`, a number to sample, or undefined for the default. */
export type ElementChoice = 'all' | number | undefined;

/** Checks `options.elements`: `'all'` or a positive integer. */
export function elementChoice(op: string, value: unknown): ElementChoice {
  if (value === undefined || value === 'all' || (typeof value === 'number' && Number.isInteger(value) && value >= 1)) return value;
  throw LayerproofError.invalid({ op, argument: 'options.elements', value, expected: `'all' (every element, up to ${MAX_LISTED_ELEMENTS.toLocaleString('en')}) or a positive number of elements to sample` });
}

/** Whether `choice` lists every element acting on x; refuses `'all'` for a group too large to list. */
export function listsAll<G, X>(op: string, action: GroupAction<G, X>, x: X, choice: ElementChoice): boolean {
  const order = action.order(x);
  if (choice === 'all') {
    if (order > MAX_LISTED_ELEMENTS) {
      throw LayerproofError.invalid({
        op, argument: 'options.elements', value: choice,
        expected: `a number of elements to sample: ${action.name} has ${order.toLocaleString('en')} elements on this input, more than the ${MAX_LISTED_ELEMENTS.toLocaleString('en')} 'all' lists`,
      });
    }
    return true;
  }
  // Sampling as many elements as the group has, or more, would only repeat some: list them instead.
  return order <= (typeof choice === 'number' ? choice : LIST_ALL_UP_TO);
}

/** The elements one input is checked under: all of them, or `count` drawn with `rng` (default 20). */
export function selectElements<G, X>(action: GroupAction<G, X>, x: X, all: boolean, choice: ElementChoice, rng: Rng): Iterable<G> {
  if (all) return action.elements(x);
  const count = typeof choice === 'number' ? choice : SAMPLED_ELEMENTS;
  return Array.from({ length: count }, () => action.random(x, rng));
}
