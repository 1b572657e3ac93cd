import fc from 'fast-check';
import { LayerproofError, describeValue } from '../../core/LayerproofError.js';
import { compareArrays, type Comparison, type Tolerance } from '../../core/tolerance.js';
import { shapeSize } from '../AffineOperator.js';
import { describeEntries } from './describeEntries.js';
import { linearityTolerance } from './linearityTolerance.js';
import { MapFailure, mapUnderTest, type MapInput, type MapInputKind } from './mapUnderTest.js';
import { inputShapeOf, inputVector, resolveRun, type PropertyRunOptions } from './propertyRun.js';

/** `'linear'`: f(αx + βy) = αf(x) + βf(y). `'affine'`: f(αx + (1−α)y) = αf(x) + (1−α)f(y). */
export type LinearityProperty = 'linear' | 'affine';

export interface LinearityCheckOptions extends PropertyRunOptions {
  /** Shape of one input without the batch dimension, e.g. `[8, 8, 3]`. Required. */
  readonly inputShape: readonly number[];
  /**
   * Default: float32's rounding for TensorFlow.js maps and float64's for plain functions, scaled by
   * the input size and the magnitudes of the outputs (see `linearityTolerance`).
   */
  readonly tolerance?: Tolerance;
  /** How a function f is called (`'tensor'`: on a `tf.Tensor` batch; `'array'`: on a `Float64Array`). Default: probed once. */
  readonly input?: MapInputKind;
}

/** A case on which the property fails: the inputs, the scalars, and f on each. */
export interface LinearityCounterexample {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly alpha: number;
  /** β, or 1 − α for the affine property. */
  readonly beta: number;
  readonly fx: Float64Array;
  readonly fy: Float64Array;
  /** f(αx + βy). */
  readonly fz: Float64Array;
  /** αf(x) + βf(y), computed in float64. */
  readonly combination: Float64Array;
  /** Shape of one output, when f says it (a single tensor output). */
  readonly outputShape: readonly number[] | undefined;
  /** `fz` against `combination`; `worstIndex` is the output entry with the largest error relative to the tolerance. */
  readonly comparison: Comparison;
}

/** What a linearity check found. */
export interface LinearityCheckResult {
  readonly property: LinearityProperty;
  /** How f was taken: `layer conv2d_1 (Conv2D)`, `f (a function on Float64Array)`, … */
  readonly map: string;
  readonly inputShape: readonly number[];
  /** True when no case failed. Numerical evidence, not a proof. */
  readonly holds: boolean;
  /** Cases compared, including those fast-check ran while shrinking. */
  readonly cases: number;
  /** Largest |f(αx + βy) − αf(x) − βf(y)| over every compared entry. */
  readonly maxDifference: number;
  /** Largest error as a multiple of the allowed error (≤ 1 within tolerance). */
  readonly worstRatio: number;
  /** The tolerance of the case with the largest `worstRatio`. */
  readonly tolerance: Tolerance;
  /** The shrunk failing case; undefined when the property holds, or when it did not fail again on a re-run. */
  readonly counterexample: LinearityCounterexample | undefined;
  readonly seed: number;
  /** fast-check replay path of the counterexample, with `seed`. */
  readonly path: string | undefined;
  /** Shrinking steps fast-check took. */
  readonly shrinks: number;
}

interface Case {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly alpha: number;
  readonly beta: number;
}

/** Scalars α and β: multiples of 1/4 in [−2, 3], inside and outside [0, 1], shrinking towards 0. */
const scalar = fc.integer({ min: -8, max: 12 }).map((k) => k / 4);

/** The engine behind `assertAffine` and `assertLinear`. */
export async function runLinearityCheck(op: string, property: LinearityProperty, f: MapInput, options: LinearityCheckOptions): Promise<LinearityCheckResult> {
  if (typeof options !== 'object' || options === null) {
    throw LayerproofError.invalid({ op, argument: 'options', value: options, expected: 'an object { inputShape, runs?, seed?, tolerance? }' });
  }
  const inputShape = inputShapeOf(op, 'options.inputShape', options.inputShape);
  const { runs, seed, path } = resolveRun(op, options, 100);
  const tolerance = checkTolerance(op, options.tolerance);
  if (options.input !== undefined && options.input !== 'tensor' && options.input !== 'array') {
    throw LayerproofError.invalid({ op, argument: 'options.input', value: options.input, expected: "'tensor' (f takes a tf.Tensor batch) or 'array' (f takes a Float64Array)" });
  }
  const map = await mapUnderTest(op, f, inputShape, options.input);
  const n = shapeSize(inputShape);
  if (map.precision === 'float32') {
    // A TensorFlow.js map that cannot take the shape at all is a bad call, said before any case runs.
    try {
      await map.evaluate([new Float64Array(n)]);
    } catch (error) {
      if (!(error instanceof MapFailure)) throw error;
      throw new LayerproofError(
        `Error in ${op}: ${map.description} cannot be applied to input shape [${inputShape.join(', ')}] (${error.message}).`,
        { op, argument: 'options.inputShape', value: inputShape, cause: error.cause ?? error },
      );
    }
  }
  const stats = { cases: 0, maxDifference: 0, worstRatio: -1, tolerance: undefined as Tolerance | undefined };

  const checkCase = async (c: Case): Promise<LinearityCounterexample> => {
    const z = c.x.map((v, i) => c.alpha * v + c.beta * (c.y[i] as number));
    const { outputs, outputShape } = await map.evaluate([c.x, c.y, z]);
    const [fx, fy, fz] = outputs as [Float64Array, Float64Array, Float64Array];
    if (fx.length !== fz.length || fy.length !== fz.length) {
      throw new MapFailure(`it returned outputs of different lengths (${fx.length}, ${fy.length} and ${fz.length}); a map must have a fixed output size`);
    }
    for (const [name, v] of [['f(x)', fx], ['f(y)', fy], ['f(z)', fz]] as const) {
      const i = v.findIndex((e) => !Number.isFinite(e));
      if (i >= 0) throw new MapFailure(`${name} has ${describeValue(v[i])} at output ${i} (a non-finite output is not comparable)`);
    }
    const combination = fx.map((v, i) => c.alpha * v + c.beta * (fy[i] as number));
    const scale = maxAbs(fz) + Math.abs(c.alpha) * maxAbs(fx) + Math.abs(c.beta) * maxAbs(fy);
    const tol = tolerance ?? linearityTolerance(map.precision, n, scale);
    const comparison = compareArrays(fz, combination, tol);
    stats.cases++;
    stats.maxDifference = Math.max(stats.maxDifference, comparison.maxAbsError);
    if (comparison.worstRatio > stats.worstRatio) {
      stats.worstRatio = comparison.worstRatio;
      stats.tolerance = tol;
    }
    return { ...c, fx, fy, fz, combination, outputShape, comparison };
  };

  const vector = inputVector(n);
  const cases: fc.Arbitrary<Case> = property === 'linear'
    ? fc.record({ x: vector, y: vector, alpha: scalar, beta: scalar })
    : fc.record({ x: vector, y: vector, alpha: scalar }).map((c) => ({ ...c, beta: 1 - c.alpha }));
  // Errors other than f's failures (a bug here, a disposed backend) are not findings: rethrown as they are.
  const unexpected = new Set<unknown>();
  const run = await fc.check(
    fc.asyncProperty(cases, async (c) => {
      try {
        return (await checkCase(c)).comparison.ok;
      } catch (error) {
        if (!(error instanceof MapFailure)) unexpected.add(error);
        throw error;
      }
    }),
    { seed, numRuns: runs, ...(path !== undefined && { path }) },
  );

  let counterexample: LinearityCounterexample | undefined;
  if (run.failed) {
    const shrunk = run.counterexample?.[0];
    if (run.errorInstance instanceof MapFailure) throw mapError(op, map.description, inputShape, seed, run.counterexamplePath, run.errorInstance, shrunk);
    if (unexpected.has(run.errorInstance)) throw run.errorInstance instanceof Error ? run.errorInstance : new Error(describeValue(run.errorInstance));
    if (shrunk !== undefined) {
      const again = await checkCase(shrunk);
      if (!again.comparison.ok) counterexample = again;
    }
  }
  return {
    property,
    map: map.description,
    inputShape,
    holds: !run.failed,
    cases: stats.cases,
    maxDifference: stats.maxDifference,
    worstRatio: Math.max(0, stats.worstRatio),
    tolerance: stats.tolerance ?? tolerance ?? linearityTolerance(map.precision, n, 0),
    counterexample,
    seed,
    path: run.failed ? run.counterexamplePath ?? undefined : undefined,
    shrinks: run.numShrinks,
  };
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const e of v) m = Math.max(m, Math.abs(e));
  return m;
}

function checkTolerance(op: string, value: unknown): Tolerance | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null) {
    const t: Partial<Record<keyof Tolerance, unknown>> = value;
    if (typeof t.atol === 'number' && typeof t.rtol === 'number' && t.atol >= 0 && t.rtol >= 0) {
      return { name: typeof t.name === 'string' ? t.name : 'given', atol: t.atol, rtol: t.rtol, why: typeof t.why === 'string' ? t.why : 'given by the caller' };
    }
  }
  throw LayerproofError.invalid({ op, argument: 'options.tolerance', value, expected: 'a Tolerance { name, atol, rtol, why } with non-negative atol and rtol (see tolerances)' });
}

function mapError(op: string, map: string, inputShape: readonly number[], seed: number, path: string | null, failure: MapFailure, c: Case | undefined): LayerproofError {
  const inputs = c === undefined ? '' : ` x = ${describeEntries(c.x, inputShape, 4)}; y = ${describeEntries(c.y, inputShape, 4)}; α = ${c.alpha}, β = ${c.beta}.`;
  return new LayerproofError(
    `Error in ${op}: on a generated case (seed ${seed}, path "${path ?? ''}"), ${map} failed: ${failure.message}.${inputs}`,
    { op, argument: 'f', cause: failure.cause ?? failure },
  );
}
