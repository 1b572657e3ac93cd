import fc from 'fast-check';
import { LayerproofError } from '../../core/LayerproofError.js';
import { positiveInteger } from '../../core/validate.js';

/** How generated entries are drawn. */
export type EntryValues = 'integers' | 'reals';

export interface EntryOptions {
  /**
   * `'integers'`: integers in [−3, 3] (exact arithmetic, short counterexamples);
   * `'reals'`: multiples of 0.001 in [−1, 1]. Both shrink towards 0.
   */
  readonly values?: EntryValues;
}

/** One generated entry. */
export function entryArbitrary(op: string, values: unknown): fc.Arbitrary<number> {
  if (values === undefined || values === 'integers') return fc.integer({ min: -3, max: 3 });
  if (values === 'reals') return fc.integer({ min: -1000, max: 1000 }).map((k) => k / 1000);
  throw LayerproofError.invalid({ op, argument: 'options.values', value: values, expected: "'integers' or 'reals'" });
}

/** fast-check arbitrary of $n\times d$ matrices of node features (`number[][]`). Exported from layerproof/testing as `features`. */
export function featuresArbitrary(n: number, d: number, options: EntryOptions = {}): fc.Arbitrary<number[][]> {
  const op = 'features';
  positiveInteger(op, 'n', n);
  positiveInteger(op, 'd', d);
  const row = fc.array(entryArbitrary(op, options.values ?? 'integers'), { minLength: d, maxLength: d });
  return fc.array(row, { minLength: n, maxLength: n });
}
