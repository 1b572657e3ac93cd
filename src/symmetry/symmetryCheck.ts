import fc from 'fast-check';
import { LayerproofError } from '../core/LayerproofError.js';
import { createRng } from '../core/rng.js';
import { tolerances, type Comparison, type Tolerance } from '../core/tolerance.js';
import { shapeSize } from '../models/AffineOperator.js';
import { describeEntries } from '../models/testing/describeEntries.js';
import { MapFailure, mapUnderTest, type MapInput, type MapInputKind, type MapUnderTest } from '../models/testing/mapUnderTest.js';
import { inputShapeOf, inputVector, resolveRun, type PropertyRunOptions } from '../models/testing/propertyRun.js';
import { batchedAction, batchedOutputAction, stack, unstack } from './batchedAction.js';
import { checkGenerated, SymmetryStats, type KindError, type SymmetryProblem } from './symmetryEngine.js';
import type { GroupAction, OutputAction } from './GroupAction.js';
import { elementChoice, listsAll, SAMPLED_ELEMENTS, selectElements } from './selectElements.js';
import type { ShapedArray } from './ShapedArray.js';

export interface InvarianceCheckOptions<G> extends PropertyRunOptions {
  /** The group acting on f's input: `cyclicTranslation()`, `flip()`, `rotation90()`, `channelPermutation()`, … Required. */
  readonly action: GroupAction<G>;
  /** Shape of one input without the batch, e.g. `[8, 8, 3]`. Required. */
  readonly inputShape: readonly number[];
  /**
   * `'all'`: every element of the group on every input; a number: that many drawn at random per input
   * (every element when the group has no more). Default: every element of a group of at most 256, 20 drawn
   * otherwise (escnn's `check_equivariance`).
   */
  readonly elements?: 'all' | number;
  /** Inputs per generated case, `b` or `[min, max]`, shrinking towards the smallest. Default `[1, 4]`, as e3nn's `assert_equivariant`. */
  readonly batch?: number | readonly [number, number];
  /**
   * Default `tolerances.equivarianceFloat32` for TensorFlow.js maps and `tolerances.equivarianceFloat64` for plain
   * functions (e3nn's 1e-3 and 1e-9).
   */
  readonly tolerance?: Tolerance;
  /** How a function f is called (`'tensor'`: on a `tf.Tensor` batch; `'array'`: on a `Float64Array`). Default: probed once. */
  readonly input?: MapInputKind;
}

export interface SymmetryCheckOptions<G> extends InvarianceCheckOptions<G> {
  /** How f's outputs transform under the input's element. Default: `action` itself (an image map whose output is an image). */
  readonly outputAction?: OutputAction<G>;
  /** Shape of one output of a plain function. Default: the input's shape when it has as many entries, else flat. (TensorFlow.js says its own.) */
  readonly outputShape?: readonly number[];
}

/** A generated input and group element on which the property fails. */
export interface SymmetryCounterexample<G> {
  readonly element: G;
  /** `element` in words. */
  readonly elementText: string;
  /** The inputs, `[batch, ...inputShape]`. */
  readonly input: ShapedArray;
  readonly transformedInput: ShapedArray;
  /** f(x), `[batch, ...outputShape]`. */
  readonly output: ShapedArray;
  /** f(g·x). */
  readonly transformedOutput: ShapedArray;
  /** g·f(x) (f(x) for invariance). */
  readonly expected: ShapedArray;
  /** `transformedOutput` against `expected`: the worst entry, both values, the tolerance. */
  readonly comparison: Comparison;
  /** Output entries left out (the border band). */
  readonly ignored: number;
}

/** What `assertEquivariant` and `assertInvariant` found. */
export interface SymmetryCheckResult<G = unknown> {
  readonly property: 'equivariance' | 'invariance';
  /** How f was taken: `layer conv2d_1 (Conv2D)`, `f (a function on Float64Array)`, … */
  readonly map: string;
  /** The input's action, and the output's when it differs. */
  readonly action: string;
  readonly outputAction: string | undefined;
  readonly inputShape: readonly number[];
  /** True when no comparison failed. Numerical evidence, not a proof. */
  readonly holds: boolean;
  /** Generated inputs (cases) run, including those fast-check ran while shrinking. */
  readonly inputs: number;
  /** (input, element) pairs compared. */
  readonly comparisons: number;
  /** Every element on each input, or how many were drawn per input. */
  readonly elements: 'all' | number;
  readonly maxDifference: number;
  /** Largest error as a multiple of the allowed error (≤ 1 within tolerance). */
  readonly worstRatio: number;
  readonly tolerance: Tolerance;
  /** The largest error per kind of transformation, as e3nn's `assert_equivariant` reports it. */
  readonly byKind: readonly KindError[];
  /** The shrunk failing case; undefined when the property holds, or when it did not fail again on a re-run. */
  readonly counterexample: SymmetryCounterexample<G> | undefined;
  readonly seed: number;
  /** fast-check replay path of the counterexample, with `seed`. */
  readonly path: string | undefined;
  readonly shrinks: number;
}

interface Case {
  readonly samples: Float64Array[];
  readonly elementSeed: number;
}

/** Largest number of inputs handed to f at once. */
const MAX_BATCH_INPUTS = 256;

/** The engine behind `assertEquivariant` and `assertInvariant`: the symmetry check on inputs of any map. */
export async function runSymmetryCheck<G>(
  op: string,
  property: 'equivariance' | 'invariance',
  f: MapInput,
  options: SymmetryCheckOptions<G>,
): Promise<SymmetryCheckResult<G>> {
  if (typeof options !== 'object' || options === null) {
    throw LayerproofError.invalid({ op, argument: 'options', value: options, expected: 'an object { action, inputShape, elements?, runs?, seed?, tolerance? }' });
  }
  const inputShape = inputShapeOf(op, 'options.inputShape', options.inputShape);
  const { runs, seed, path } = resolveRun(op, options, 10);
  const action = checkAction<G>(op, 'options.action', options.action);
  const choice = elementChoice(op, options.elements);
  const [minBatch, maxBatch] = batchRange(op, options.batch);
  const tolerance = checkTolerance(op, options.tolerance);
  if (options.input !== undefined && options.input !== 'tensor' && options.input !== 'array') {
    throw LayerproofError.invalid({ op, argument: 'options.input', value: options.input, expected: "'tensor' (f takes a tf.Tensor batch) or 'array' (f takes a Float64Array)" });
  }
  if (property === 'invariance' && (options.outputAction !== undefined || options.outputShape !== undefined)) {
    throw LayerproofError.invalid({ op, argument: 'options.outputAction', value: options.outputAction ?? options.outputShape, expected: 'absent: an invariant map leaves its output as it is (use assertEquivariant for an output that transforms)' });
  }
  const outputAction = property === 'invariance' ? undefined : checkOutputAction<G>(op, options.outputAction ?? action);
  const size = shapeSize(inputShape);
  const zero: ShapedArray = { data: new Float64Array(size), shape: inputShape };
  action.validate?.(op, 'options.inputShape', zero);
  const all = listsAll(op, action, zero, choice);

  const map = await mapUnderTest(op, f, inputShape, options.input);
  // f on a zero input: a map that cannot take the shape is a bad call, said before any case runs.
  let first: { outputs: Float64Array[]; outputShape: readonly number[] | undefined };
  try {
    first = await map.evaluate([zero.data]);
    checkOutputs(first.outputs, first.outputs[0]?.length ?? 0);
  } catch (error) {
    if (!(error instanceof MapFailure)) throw error;
    throw new LayerproofError(
      `Error in ${op}: ${map.description} cannot be applied to input shape [${inputShape.join(', ')}] (${error.message}).`,
      { op, argument: 'options.inputShape', value: inputShape, cause: error.cause ?? error },
    );
  }
  const probeData = first.outputs[0] ?? new Float64Array();
  const probe: ShapedArray = { data: probeData, shape: outputShapeOf(op, map, inputShape, options.outputShape, probeData.length, first.outputShape) };
  if (outputAction !== undefined && 'validate' in outputAction) {
    (outputAction as Partial<GroupAction<G>>).validate?.(op, `the output of ${map.description}, of shape [${probe.shape.join(', ')}],`, probe);
  }

  const lifted = batchedAction(action);
  const stats = new SymmetryStats();
  let inputs = 0;
  const problem: SymmetryProblem<ShapedArray, G> = {
    action: lifted,
    outputAction: outputAction === undefined ? undefined : batchedOutputAction(outputAction),
    evaluate: async (xs) => {
      const flat = xs.flatMap((x) => unstack(x).map((sample) => sample.data));
      const outputs: Float64Array[] = [];
      for (let start = 0; start < flat.length; start += MAX_BATCH_INPUTS) {
        outputs.push(...(await map.evaluate(flat.slice(start, start + MAX_BATCH_INPUTS))).outputs);
      }
      checkOutputs(outputs, probe.data.length);
      let next = 0;
      return xs.map((x) => stack(unstack(x).map(() => ({ data: outputs[next++] ?? new Float64Array(), shape: probe.shape }))));
    },
    tolerance: () => tolerance ?? (map.precision === 'float32' ? tolerances.equivarianceFloat32 : tolerances.equivarianceFloat64),
    isFailure: (error) => error instanceof MapFailure,
    chunk: Math.max(1, Math.floor(MAX_BATCH_INPUTS / maxBatch)),
  };
  const cases: fc.Arbitrary<Case> = fc.record({
    samples: fc.array(inputVector(size), { minLength: minBatch, maxLength: maxBatch }),
    elementSeed: fc.noShrink(fc.integer()),
  });
  const outcome = await checkGenerated<Case, ShapedArray, G>({
    problem, cases, stats, runs, seed, path,
    caseOf: (c) => {
      inputs++;
      const input = stack(c.samples.map((data) => ({ data, shape: inputShape })));
      return { input, elements: selectElements(lifted, input, all, choice, createRng(c.elementSeed)) };
    },
  });
  if (outcome.failure !== undefined) {
    const x = outcome.shrunk === undefined ? '' : ` x = ${describeEntries(stack(outcome.shrunk.samples.map((data) => ({ data, shape: inputShape }))).data, [outcome.shrunk.samples.length, ...inputShape], 4)}.`;
    throw new LayerproofError(
      `Error in ${op}: on a generated input (seed ${seed}, path "${outcome.path ?? ''}"), ${map.description} failed: ${outcome.failure.message}.${x}`,
      { op, argument: 'f', cause: outcome.failure.cause ?? outcome.failure },
    );
  }
  const c = outcome.counterexample;
  return {
    property,
    map: map.description,
    action: action.name,
    outputAction: outputAction === undefined || outputAction === action ? undefined : outputAction.name,
    inputShape,
    holds: !outcome.failed,
    inputs,
    comparisons: stats.comparisons,
    elements: all ? 'all' : typeof choice === 'number' ? choice : SAMPLED_ELEMENTS,
    maxDifference: stats.maxDifference,
    worstRatio: Math.max(0, stats.worstRatio),
    tolerance: stats.tolerance ?? problem.tolerance(zero, probe),
    byKind: stats.byKind(),
    counterexample: c === undefined ? undefined : {
      element: c.element, elementText: action.describe(c.element), input: c.input, transformedInput: c.transformedInput,
      output: c.output, transformedOutput: c.transformedOutput, expected: c.expected, comparison: c.comparison, ignored: c.ignored,
    },
    seed,
    path: outcome.path,
    shrinks: outcome.shrinks,
  };
}

/** The shape of one output: what TensorFlow.js says, else `given`, else the input's when the sizes agree, else flat. */
function outputShapeOf(
  op: string,
  map: MapUnderTest,
  inputShape: readonly number[],
  given: readonly number[] | undefined,
  length: number,
  reported: readonly number[] | undefined,
): readonly number[] {
  if (given !== undefined) {
    const shape = inputShapeOf(op, 'options.outputShape', given);
    if (shapeSize(shape) !== length) {
      throw LayerproofError.invalid({ op, argument: 'options.outputShape', value: given, expected: `a shape of ${length} entries, as many as ${map.description} returns` });
    }
    return shape;
  }
  if (reported !== undefined && shapeSize(reported) === length) return reported;
  return length === shapeSize(inputShape) ? inputShape : [length];
}

function checkOutputs(outputs: readonly Float64Array[], length: number): void {
  for (const out of outputs) {
    if (out.length !== length) throw new MapFailure(`it returned ${out.length} values where it returned ${length} for the zero input; a map must have a fixed output size`);
    const i = out.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) throw new MapFailure(`it returned ${String(out[i])} at output ${i} (a non-finite output is not comparable)`);
  }
}

function checkAction<G>(op: string, argument: string, value: unknown): GroupAction<G> {
  const a = value as Partial<Record<keyof GroupAction<G>, unknown>> | null;
  const methods = ['apply', 'order', 'elements', 'random', 'describe', 'kind', 'size'] as const;
  if (typeof a !== 'object' || a === null || typeof a.name !== 'string' || !methods.every((m) => typeof a[m] === 'function')) {
    throw LayerproofError.invalid({
      op, argument, value,
      expected: 'a group action such as cyclicTranslation(), zeroTranslation(), flip(), rotation90(), channelPermutation() or nodePermutation() ' +
        '(an object { name, apply, order, elements, random, describe, kind, size })',
    });
  }
  return value as GroupAction<G>;
}

function checkOutputAction<G>(op: string, value: unknown): OutputAction<G> {
  const a = value as Partial<Record<keyof OutputAction<G>, unknown>> | null;
  if (typeof a !== 'object' || a === null || typeof a.name !== 'string' || typeof a.apply !== 'function') {
    throw LayerproofError.invalid({ op, argument: 'options.outputAction', value, expected: 'an action on outputs { name, apply(y, g, x), ignored? }, such as a group action or stridedTranslation(…).outputAction' });
  }
  return value as OutputAction<G>;
}

function batchRange(op: string, value: unknown): [number, number] {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 64;
  if (value === undefined) return [1, 4];
  if (ok(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && ok(value[0]) && ok(value[1]) && value[0] <= value[1]) return [value[0], value[1]];
  throw LayerproofError.invalid({ op, argument: 'options.batch', value, expected: 'a number of inputs per case in [1, 64], or a range [min, max] of them' });
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
