import fc from 'fast-check';
import { LayerproofError } from '../core/LayerproofError.js';
import { compareArrays, tolerances, type Tolerance } from '../core/tolerance.js';
import { positiveInteger } from '../core/validate.js';

/** A black-box map from vectors to vectors. */
export type VectorMap = (x: Float64Array) => ArrayLike<number>;

export interface CheckLinearityOptions {
  /** Inputs to test: additivity on every pair (xᵢ, xⱼ), homogeneity on every xᵢ with every scalar. */
  readonly inputs?: readonly ArrayLike<number>[];
  /** When `inputs` is absent: length of the generated inputs (fast-check, shrinking on failure). */
  readonly dimension?: number;
  /** Generated cases per property. Default 100. */
  readonly runs?: number;
  /** Seed of the generator; printed in the result so a failure can be replayed. Default 42. */
  readonly seed?: number;
  /** Scalars c for f(c·x) = c·f(x). Default [-2, -1, 0, 0.5, 3]. */
  readonly scalars?: readonly number[];
  /** Default `tolerances.float64`. */
  readonly tolerance?: Tolerance;
  /** Generated entries: small integers in [-5, 5] (default: exact sums, readable counterexamples) or reals in [-1, 1]. */
  readonly values?: 'integers' | 'reals';
}

export interface LinearityCounterexample {
  readonly property: 'additivity' | 'homogeneity';
  readonly x: number[];
  readonly y?: number[];
  readonly c?: number;
  /** f(x + y) or f(c·x). */
  readonly lhs: number[];
  /** f(x) + f(y) or c·f(x). */
  readonly rhs: number[];
  /** Largest |lhs − rhs| over the output. */
  readonly violation: number;
}

export interface LinearityResult {
  readonly linear: boolean;
  /** Cases evaluated (additivity and homogeneity together). */
  readonly cases: number;
  readonly maxAdditivityViolation: number;
  readonly maxHomogeneityViolation: number;
  /** The larger of the two. */
  readonly maxViolation: number;
  readonly tolerance: Tolerance;
  /** The first failing case (shrunk by fast-check when inputs were generated). */
  readonly counterexample: LinearityCounterexample | undefined;
  /** The seed used when inputs were generated. */
  readonly seed: number | undefined;
}

const DEFAULT_SCALARS = [-2, -1, 0, 0.5, 3] as const;

/**
 * Checks additivity f(x + y) = f(x) + f(y) and homogeneity f(c·x) = c·f(x) of a black-box
 * map, on given inputs or on generated ones. Numerical evidence, not a proof: a map can
 * pass on every tested input and still be nonlinear elsewhere.
 */
export function checkLinearity(f: VectorMap, inputsOrOptions: readonly ArrayLike<number>[] | CheckLinearityOptions): LinearityResult {
  const op = 'checkLinearity';
  if (typeof f !== 'function') throw LayerproofError.invalid({ op, argument: 'f', value: f, expected: 'a function from Float64Array to an array of numbers' });
  if (!Array.isArray(inputsOrOptions) && (typeof inputsOrOptions !== 'object' || inputsOrOptions === null)) {
    throw LayerproofError.invalid({ op, argument: 'inputsOrOptions', value: inputsOrOptions, expected: 'an array of inputs or { dimension, runs?, seed?, ... }' });
  }
  const options: CheckLinearityOptions = Array.isArray(inputsOrOptions) ? { inputs: inputsOrOptions } : (inputsOrOptions as CheckLinearityOptions);
  const tol = options.tolerance ?? tolerances.float64;
  const scalars = options.scalars ?? DEFAULT_SCALARS;
  const state = { cases: 0, add: 0, hom: 0 };

  const additivity = (x: Float64Array, y: Float64Array): LinearityCounterexample | undefined => {
    const sum = x.map((v, i) => v + (y[i] as number));
    const lhs = Array.from(f(sum));
    const fx = f(x);
    const fy = f(y);
    const rhs = lhs.map((_v, i) => (fx[i] as number) + (fy[i] as number));
    if (fx.length !== lhs.length || fy.length !== lhs.length) throw outputLengthError(lhs.length, fx.length);
    const cmp = compareArrays(lhs, rhs, tol);
    state.cases++;
    state.add = Math.max(state.add, cmp.maxAbsError);
    return cmp.ok ? undefined : { property: 'additivity', x: Array.from(x), y: Array.from(y), lhs, rhs, violation: cmp.maxAbsError };
  };
  const homogeneity = (x: Float64Array, c: number): LinearityCounterexample | undefined => {
    const lhs = Array.from(f(x.map((v) => c * v)));
    const fx = f(x);
    if (fx.length !== lhs.length) throw outputLengthError(lhs.length, fx.length);
    const rhs = Array.from(fx, (v) => c * v);
    const cmp = compareArrays(lhs, rhs, tol);
    state.cases++;
    state.hom = Math.max(state.hom, cmp.maxAbsError);
    return cmp.ok ? undefined : { property: 'homogeneity', x: Array.from(x), c, lhs, rhs, violation: cmp.maxAbsError };
  };

  let counterexample: LinearityCounterexample | undefined;
  let seed: number | undefined;
  if (options.inputs !== undefined) {
    const inputs = options.inputs.map((x, i) => toVector(op, `inputs[${i}]`, x));
    const n = inputs[0]?.length;
    inputs.forEach((x, i) => {
      if (x.length !== n) throw LayerproofError.invalid({ op, argument: `inputs[${i}].length`, value: x.length, expected: `${n}, the length of inputs[0]` });
    });
    for (let i = 0; i < inputs.length; i++) {
      for (let j = i; j < inputs.length; j++) {
        const found = additivity(inputs[i] as Float64Array, inputs[j] as Float64Array);
        counterexample ??= found;
      }
      for (const c of scalars) counterexample ??= homogeneity(inputs[i] as Float64Array, c);
    }
  } else {
    const dimension = positiveInteger(op, 'options.dimension', options.dimension);
    const runs = positiveInteger(op, 'options.runs', options.runs ?? 100);
    if (dimension > 1_000_000) throw LayerproofError.invalid({ op, argument: 'options.dimension', value: dimension, expected: 'at most 1,000,000 (generated inputs are held in memory)' });
    if (runs > 1_000_000) throw LayerproofError.invalid({ op, argument: 'options.runs', value: runs, expected: 'at most 1,000,000' });
    seed = options.seed ?? 42;
    const entry = options.values === 'reals'
      ? fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true })
      : fc.integer({ min: -5, max: 5 });
    const vector = fc.array(entry, { minLength: dimension, maxLength: dimension }).map((a) => Float64Array.from(a));
    const addRun = fc.check(fc.property(vector, vector, (x, y) => additivity(x, y) === undefined), { seed, numRuns: runs });
    if (addRun.failed && addRun.counterexample !== null) {
      const [x, y] = addRun.counterexample;
      counterexample = additivity(x, y);
    }
    const homRun = fc.check(fc.property(vector, fc.constantFrom(...scalars), (x, c) => homogeneity(x, c) === undefined), { seed, numRuns: runs });
    if (homRun.failed && homRun.counterexample !== null && counterexample === undefined) {
      const [x, c] = homRun.counterexample;
      counterexample = homogeneity(x, c);
    }
  }
  return {
    linear: counterexample === undefined,
    cases: state.cases,
    maxAdditivityViolation: state.add,
    maxHomogeneityViolation: state.hom,
    maxViolation: Math.max(state.add, state.hom),
    tolerance: tol,
    counterexample,
    seed,
  };
}

function toVector(op: string, name: string, x: ArrayLike<number>): Float64Array {
  const v = Float64Array.from(x);
  v.forEach((value, i) => {
    if (!Number.isFinite(value)) throw LayerproofError.invalid({ op, argument: `${name}[${i}]`, value, expected: 'a finite number' });
  });
  return v;
}

function outputLengthError(a: number, b: number): LayerproofError {
  return new LayerproofError(`Error in checkLinearity: f returned outputs of different lengths (${a} and ${b}); a map on vectors must have a fixed output length.`, { op: 'checkLinearity', argument: 'f' });
}
