import fc from 'fast-check';
import { describeValue } from '../core/LayerproofError.js';
import { compareArrays, type Comparison, type Tolerance } from '../core/tolerance.js';
import type { GroupAction, OutputAction } from './GroupAction.js';
import type { ShapedArray } from './ShapedArray.js';

/**
 * The one symmetry check behind `assertEquivariant`, `assertInvariant` and the GCN permutation
 * checks: for an input x and elements g of a group, compare f(g·x) with g·f(x) (or with f(x) for
 * invariance) under a tolerance, on inputs fast-check generates and shrinks. Each case is written
 * once as a generator that yields the inputs it needs f on; a synchronous driver serves plain
 * functions (the GCN checks return their result directly) and an asynchronous one TensorFlow.js
 * models, whose outputs are read with `await` (webgpu cannot read synchronously).
 */
export interface SymmetryProblem<X, G> {
  readonly action: GroupAction<G, X>;
  /** How f's outputs transform; undefined for invariance, f(g·x) = f(x). */
  readonly outputAction: OutputAction<G, X> | undefined;
  /** f on each input, in order, sync or async. A finding about f (it threw, returned NaN) is thrown as an error `isFailure` accepts. */
  evaluate: (inputs: readonly X[]) => readonly ShapedArray[] | Promise<readonly ShapedArray[]>;
  /** The tolerance for one input's comparisons, given f(x). */
  tolerance: (x: X, y: ShapedArray) => Tolerance;
  /** Errors of `evaluate` that are findings about f: fast-check shrinks the input that causes them. Others are rethrown. */
  isFailure: (error: unknown) => boolean;
  /** Most transformed inputs per call of `evaluate` (bounds memory; TensorFlow.js gets them as one batch). */
  readonly chunk: number;
}

/** One element compared on one input. */
export interface ElementComparison<X, G> {
  readonly input: X;
  readonly element: G;
  readonly transformedInput: X;
  /** f(x). */
  readonly output: ShapedArray;
  /** f(g·x). */
  readonly transformedOutput: ShapedArray;
  /** What f(g·x) should equal: g·f(x), or f(x) for invariance. */
  readonly expected: ShapedArray;
  /** `transformedOutput` against `expected` (worstIndex −1 when their shapes differ). */
  readonly comparison: Comparison;
  /** Output entries left out of the comparison (the border band). */
  readonly ignored: number;
}

/** The largest error over the compared elements of one kind (as e3nn reports per kind of transformation). */
export interface KindError {
  /** `cyclic translation`, `rotation by 90°`, `identity`, … */
  readonly kind: string;
  /** (input, element) pairs compared. */
  readonly comparisons: number;
  readonly maxDifference: number;
  /** Largest error as a multiple of the allowed one (≤ 1 within tolerance). */
  readonly worstRatio: number;
}

/** Running totals of a check, overall and per kind of element. */
export class SymmetryStats {
  comparisons = 0;
  maxDifference = 0;
  worstRatio = -1;
  /** The tolerance of the comparison with the largest ratio. */
  tolerance: Tolerance | undefined = undefined;
  private readonly kinds = new Map<string, { comparisons: number; maxDifference: number; worstRatio: number }>();

  record(kind: string, c: Comparison, tol: Tolerance): void {
    this.comparisons++;
    this.maxDifference = Math.max(this.maxDifference, c.maxAbsError);
    if (c.worstRatio > this.worstRatio) {
      this.worstRatio = c.worstRatio;
      this.tolerance = tol;
    }
    const k = this.kinds.get(kind) ?? { comparisons: 0, maxDifference: 0, worstRatio: 0 };
    k.comparisons++;
    k.maxDifference = Math.max(k.maxDifference, c.maxAbsError);
    k.worstRatio = Math.max(k.worstRatio, c.worstRatio);
    this.kinds.set(kind, k);
  }

  byKind(): KindError[] {
    return [...this.kinds].map(([kind, k]) => ({ kind, ...k })).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }
}

/** A case as a coroutine: yields the inputs it needs f on, receives f's outputs, returns the smallest failing element. */
export type CaseSteps<X, G> = Generator<readonly X[], ElementComparison<X, G> | undefined, readonly ShapedArray[]>;

/** f(x), then f(g·x) for every element in chunks, each compared with g·f(x); returns the failing element of smallest `size`. */
export function* compareCase<X, G>(problem: SymmetryProblem<X, G>, input: X, elements: Iterable<G>, stats: SymmetryStats): CaseSteps<X, G> {
  const { action, outputAction } = problem;
  const output = (yield [input])[0];
  if (output === undefined) throw new Error('symmetryEngine: evaluate returned no output for f(x)');
  const tol = problem.tolerance(input, output);
  let failing: ElementComparison<X, G> | undefined;
  const iterator = elements[Symbol.iterator]();
  for (let done = false; !done;) {
    const chunk: G[] = [];
    while (chunk.length < problem.chunk) {
      const next = iterator.next();
      if (next.done === true) {
        done = true;
        break;
      }
      chunk.push(next.value);
    }
    if (chunk.length === 0) break;
    const transformed = chunk.map((g) => action.apply(input, g));
    const outputs = yield transformed;
    chunk.forEach((g, k) => {
      const transformedOutput = outputs[k];
      if (transformedOutput === undefined) throw new Error('symmetryEngine: evaluate returned fewer outputs than inputs');
      const expected = outputAction === undefined ? output : outputAction.apply(output, g, input);
      const mask = outputAction?.ignored?.(g, output, input);
      const comparison = compareShaped(transformedOutput, expected, tol, mask);
      stats.record(action.kind(g), comparison, tol);
      if (!comparison.ok && (failing === undefined || action.size(g) < action.size(failing.element))) {
        failing = {
          input, element: g, transformedInput: transformed[k] as X, output, transformedOutput, expected, comparison,
          ignored: mask === undefined ? 0 : mask.reduce((a, b) => a + b, 0),
        };
      }
    });
  }
  return failing;
}

/** Compares two outputs entry by entry, leaving out the entries `mask` marks; different shapes never match. */
export function compareShaped(actual: ShapedArray, expected: ShapedArray, tol: Tolerance, mask?: Uint8Array): Comparison {
  const sameShape = actual.shape.length === expected.shape.length && actual.shape.every((v, i) => v === expected.shape[i]);
  if (!sameShape || actual.data.length !== expected.data.length) {
    return { ok: false, maxAbsError: Infinity, maxRelError: Infinity, worstRatio: Infinity, worstIndex: -1, tolerance: tol };
  }
  if (mask === undefined) return compareArrays(actual.data, expected.data, tol);
  const a = actual.data.map((v, i) => (mask[i] === 1 ? 0 : v));
  const e = expected.data.map((v, i) => (mask[i] === 1 ? 0 : v));
  return compareArrays(a, e, tol);
}

/** Runs a case with a synchronous f. */
export function runCaseSync<R, X>(steps: Generator<readonly X[], R, readonly ShapedArray[]>, evaluate: SymmetryProblem<X, unknown>['evaluate']): R {
  for (let next = steps.next(); ;) {
    if (next.done === true) return next.value;
    const outputs = evaluate(next.value);
    if (outputs instanceof Promise) {
      void outputs.catch(() => undefined);
      throw new Error('symmetryEngine: a synchronous check got a Promise from evaluate');
    }
    next = steps.next(outputs);
  }
}

/** Runs a case with an f that may be asynchronous. */
export async function runCase<R, X>(steps: Generator<readonly X[], R, readonly ShapedArray[]>, evaluate: SymmetryProblem<X, unknown>['evaluate']): Promise<R> {
  for (let next = steps.next(); ;) {
    if (next.done === true) return next.value;
    next = steps.next(await evaluate(next.value));
  }
}

/** Generated cases: fast-check draws a case C and `caseOf` says which input and elements to compare. */
export interface GeneratedSymmetryCheck<C, X, G> {
  readonly problem: SymmetryProblem<X, G>;
  readonly cases: fc.Arbitrary<C>;
  /** Called afresh for every run of a case (elements may be a one-shot generator). */
  caseOf: (c: C) => { readonly input: X; readonly elements: Iterable<G> };
  readonly stats: SymmetryStats;
  readonly runs: number;
  readonly seed: number;
  readonly path: string | undefined;
}

/** What a generated check found. */
export interface GeneratedSymmetryOutcome<C, X, G> {
  /** fast-check found a failing case. */
  readonly failed: boolean;
  /** The shrunk case, compared again: undefined when it held on the re-run (f not deterministic) or nothing failed. */
  readonly counterexample: ElementComparison<X, G> | undefined;
  /** The shrunk case as fast-check drew it. */
  readonly shrunk: C | undefined;
  /** When f itself failed (an error `isFailure` accepts) on the shrunk case: that error. */
  readonly failure: Error | undefined;
  /** fast-check replay path of the shrunk case, with the seed. */
  readonly path: string | undefined;
  readonly shrinks: number;
}

/** The generated check with a synchronous f. */
export function checkGeneratedSync<C, X, G>(check: GeneratedSymmetryCheck<C, X, G>): GeneratedSymmetryOutcome<C, X, G> {
  const { problem, stats } = check;
  const unexpected = new Set<unknown>();
  const run = fc.check(
    fc.property(check.cases, (c) => {
      try {
        const { input, elements } = check.caseOf(c);
        return runCaseSync(compareCase(problem, input, elements, stats), problem.evaluate) === undefined;
      } catch (error) {
        if (!problem.isFailure(error)) unexpected.add(error);
        throw error;
      }
    }),
    { seed: check.seed, numRuns: check.runs, ...(check.path !== undefined && { path: check.path }) },
  );
  return settle(check, run, unexpected, (c) => {
    const { input, elements } = check.caseOf(c);
    return runCaseSync(compareCase(problem, input, elements, stats), problem.evaluate);
  });
}

/** The generated check with an f that may be asynchronous. */
export async function checkGenerated<C, X, G>(check: GeneratedSymmetryCheck<C, X, G>): Promise<GeneratedSymmetryOutcome<C, X, G>> {
  const { problem, stats } = check;
  const unexpected = new Set<unknown>();
  const again = async (c: C): Promise<ElementComparison<X, G> | undefined> => {
    const { input, elements } = check.caseOf(c);
    return runCase(compareCase(problem, input, elements, stats), problem.evaluate);
  };
  const run = await fc.check(
    fc.asyncProperty(check.cases, async (c) => {
      try {
        return (await again(c)) === undefined;
      } catch (error) {
        if (!problem.isFailure(error)) unexpected.add(error);
        throw error;
      }
    }),
    { seed: check.seed, numRuns: check.runs, ...(check.path !== undefined && { path: check.path }) },
  );
  const shrunk = run.failed && !(run.errorInstance !== undefined && (problem.isFailure(run.errorInstance) || unexpected.has(run.errorInstance)))
    ? run.counterexample?.[0]
    : undefined;
  const counterexample = shrunk === undefined ? undefined : await again(shrunk);
  return settle(check, run, unexpected, () => counterexample);
}

function settle<C, X, G>(
  check: GeneratedSymmetryCheck<C, X, G>,
  run: fc.RunDetails<[C]>,
  unexpected: Set<unknown>,
  again: (c: C) => ElementComparison<X, G> | undefined,
): GeneratedSymmetryOutcome<C, X, G> {
  const nothing = { failed: false, counterexample: undefined, shrunk: undefined, failure: undefined, path: undefined, shrinks: 0 };
  if (!run.failed) return nothing;
  const shrunk = run.counterexample?.[0];
  const path = run.counterexamplePath ?? undefined;
  const error: unknown = run.errorInstance;
  if (error !== undefined && error !== null && check.problem.isFailure(error)) {
    return { ...nothing, failed: true, shrunk, failure: error as Error, path, shrinks: run.numShrinks };
  }
  if (unexpected.has(error)) throw error instanceof Error ? error : new Error(describeValue(error));
  return { failed: true, counterexample: shrunk === undefined ? undefined : again(shrunk), shrunk, failure: undefined, path, shrinks: run.numShrinks };
}
