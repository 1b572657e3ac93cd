import fc from 'fast-check';
import { LayerproofError } from '../../core/LayerproofError.js';
import { positiveInteger } from '../../core/validate.js';

/** How many cases a property runs and how to replay one. */
export interface PropertyRunOptions {
  /** Generated cases. Default: 100 for `assertAffine` and `assertLinear`, 20 for `assertMatchesOperator`. */
  readonly runs?: number;
  /** Seed of the generator, printed with a failure. Default: fast-check's global seed if one is configured, else 42. */
  readonly seed?: number;
  /** fast-check replay path of a reported counterexample (with its `seed`). */
  readonly path?: string;
}

export interface ResolvedRun {
  readonly runs: number;
  readonly seed: number;
  readonly path: string | undefined;
}

/** Checks `runs`, `seed` and `path`, filling in the defaults. */
export function resolveRun(op: string, options: PropertyRunOptions, defaultRuns: number): ResolvedRun {
  const runs = positiveInteger(op, 'options.runs', options.runs ?? defaultRuns);
  const seed = options.seed ?? fc.readConfigureGlobal().seed ?? 42;
  if (!Number.isInteger(seed)) throw LayerproofError.invalid({ op, argument: 'options.seed', value: seed, expected: 'an integer' });
  if (options.path !== undefined && typeof options.path !== 'string') {
    throw LayerproofError.invalid({ op, argument: 'options.path', value: options.path, expected: 'a fast-check replay path such as "12:0:3", as a failure prints it' });
  }
  return { runs, seed, path: options.path };
}

/** Largest input a generated case may have: each is held in memory several times over. */
const MAX_INPUT_SIZE = 1_000_000;

/** A shape without the batch dimension: a non-empty array of positive integers. */
export function inputShapeOf(op: string, argument: string, value: unknown): number[] {
  const expected = 'the shape of one input without the batch dimension, a non-empty array of positive integers such as [8, 8, 3]';
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw LayerproofError.invalid({ op, argument, value, expected });
  }
  const shape = [...value as number[]];
  const size = shape.reduce((a, b) => a * b, 1);
  if (size > MAX_INPUT_SIZE) throw LayerproofError.invalid({ op, argument, value: shape, expected: `a shape of at most ${MAX_INPUT_SIZE.toLocaleString('en')} entries (generated inputs are held in memory)` });
  return shape;
}

/**
 * Entries of generated inputs: multiples of 1/8 in [−2, 2]. They shrink towards 0, so a shrunk
 * counterexample is mostly zeros, and every αx + βy with α, β multiples of 1/4 is exact in
 * float32: the map sees exactly the input the float64 side combines.
 */
export const inputEntry: fc.Arbitrary<number> = fc.integer({ min: -16, max: 16 }).map((k) => k / 8);

/** A generated input of `size` entries. */
export function inputVector(size: number): fc.Arbitrary<Float64Array> {
  return fc.array(inputEntry, { minLength: size, maxLength: size }).map((a) => Float64Array.from(a));
}
