import fc from 'fast-check';
import { Matrix } from '../core/mlMatrix.js';
import { LayerproofError, describeValue } from '../core/LayerproofError.js';
import { tolerances, type Tolerance } from '../core/tolerance.js';
import { nonNegativeInteger, positiveInteger } from '../core/validate.js';
import { MAX_EXHAUSTIVE_NODES, allPermutations } from '../gcn/allPermutations.js';
import { nodeRange, permutationCaseArbitrary } from '../gcn/arbitraries/permutationCaseArbitrary.js';
import type {
  GraphModel, GraphModelOutput, ListedPermutationCase, PermutationCheckOptions, PermutationCheckResult, PermutationProperty, PermutationTolerance,
} from '../gcn/permutationCheck.js';
import { toRows } from '../gcn/toMatrix.js';
import { permutationOf } from '../gcn/validatePermutation.js';
import {
  checkGeneratedSync, compareCase, runCaseSync, SymmetryStats, type ElementComparison, type SymmetryProblem,
} from './symmetryEngine.js';
import { nodePermutation } from './nodePermutation.js';
import { nodeRelabelling, type FeatureGraph } from './nodeRelabelling.js';
import type { ShapedArray } from './ShapedArray.js';

/** A model's failure (a throw or a non-finite output), carried through fast-check so the graph is shrunk first. */
class ModelFailure extends Error {
  constructor(message: string, readonly X: number[][], readonly A: number[][], options?: { cause: unknown }) {
    super(message, options);
  }
}

type Permutation = readonly number[];

/**
 * `checkPermutationInvariance` and `checkPermutationEquivariance` as instances of the symmetry check:
 * the action is `nodeRelabelling` ($(X, A) \mapsto (PX, PAP^\top)$), the output action none
 * (invariance), $PY$ (`'nodes'`) or $PYP^\top$ (`'adjacency'`); listed graphs or graphs fast-check
 * generates with a permutation, every permutation of graphs of at most `exhaustive` nodes. Synchronous,
 * as those checks are.
 */
export function runGraphPermutationCheck(op: string, property: PermutationProperty, model: GraphModel, casesOrOptions: unknown): PermutationCheckResult {
  if (typeof model !== 'function') {
    throw LayerproofError.invalid({ op, argument: 'model', value: model, expected: 'a function (X: number[][], A: number[][]) => number[][] | Matrix | number[]' });
  }
  const options = (Array.isArray(casesOrOptions) ? { cases: casesOrOptions } : casesOrOptions) as PermutationCheckOptions;
  if (typeof options !== 'object' || options === null) {
    throw LayerproofError.invalid({ op, argument: 'cases', value: casesOrOptions, expected: 'an array of { X, A, permutation? } or options { nodes, features, runs?, seed? }' });
  }
  const toleranceFor = checkTolerance(op, options.tolerance);
  const callModel = (X: number[][], A: number[][]): ShapedArray => {
    let raw: GraphModelOutput;
    try {
      raw = model(X.map((r) => r.slice()), A.map((r) => r.slice()));
    } catch (error) {
      throw new ModelFailure(`the model threw: ${error instanceof Error ? error.message : String(error)}`, X, A, { cause: error });
    }
    const out = outputRows(raw);
    if (typeof out === 'string') throw new ModelFailure(`the model returned ${out}`, X, A);
    const n = X.length;
    if (property === 'nodes' && out.length !== n) {
      throw new ModelFailure(`the model returned ${out.length} rows for a graph of ${n} nodes; an equivariant layer returns one row per node`, X, A);
    }
    if (property === 'adjacency' && (out.length !== n || out.some((r) => r.length !== n))) {
      throw new ModelFailure(`the model returned a ${out.length}×${out[0]?.length ?? 0} matrix for a graph of ${n} nodes; output 'adjacency' needs n×n`, X, A);
    }
    return { data: Float64Array.from(out.flat()), shape: [out.length, out[0]?.length ?? 0] };
  };
  const stats = new SymmetryStats();
  const rows = property === 'invariance' ? undefined : nodePermutation({ adjacency: property === 'adjacency' });
  const problem: SymmetryProblem<FeatureGraph, Permutation> = {
    action: nodeRelabelling(),
    outputAction: rows === undefined ? undefined : { name: rows.name, apply: (y, g) => rows.apply(y, g) },
    evaluate: (graphs) => graphs.map((g) => callModel(g.X, g.A)),
    tolerance: (g) => (typeof toleranceFor === 'function' ? toleranceFor(g.X, g.A) : toleranceFor ?? tolerances.float32),
    isFailure: (error) => error instanceof ModelFailure,
    chunk: 1024,
  };
  const checkGraph = (input: FeatureGraph, permutations: Iterable<Permutation>): ElementComparison<FeatureGraph, Permutation> | undefined =>
    runCaseSync(compareCase(problem, input, permutations, stats), problem.evaluate);

  let counterexample: ElementComparison<FeatureGraph, Permutation> | undefined;
  let seed: number | undefined;
  let path: string | undefined;
  let shrinks = 0;
  let exhaustiveUpTo = 0;
  let failed = false;

  if ('cases' in options) {
    if (!Array.isArray(options.cases)) {
      throw LayerproofError.invalid({ op, argument: 'cases', value: options.cases, expected: 'an array of { X, A, permutation? }' });
    }
    let best: { size: number; moved: number } | undefined;
    options.cases.forEach((c: ListedPermutationCase, index: number) => {
      const { X, A, permutations, exhaustive } = listedCase(op, `cases[${index}]`, c);
      if (exhaustive) exhaustiveUpTo = Math.max(exhaustiveUpTo, X.length);
      let found: ElementComparison<FeatureGraph, Permutation> | undefined;
      try {
        found = checkGraph({ X, A }, permutations);
      } catch (error) {
        if (error instanceof ModelFailure) throw modelError(op, `cases[${index}]`, error);
        throw error;
      }
      if (found === undefined) return;
      const size = X.length;
      const moved = problem.action.size(found.element);
      if (best === undefined || size < best.size || (size === best.size && moved < best.moved)) {
        best = { size, moved };
        counterexample = found;
      }
    });
  } else {
    nodeRange(op, options);
    const runs = positiveInteger(op, 'options.runs', options.runs ?? 100);
    const exhaustive = nonNegativeInteger(op, 'options.exhaustive', options.exhaustive ?? 4);
    if (exhaustive > MAX_EXHAUSTIVE_NODES) {
      throw LayerproofError.invalid({ op, argument: 'options.exhaustive', value: exhaustive, expected: `at most ${MAX_EXHAUSTIVE_NODES} (n! permutations per graph)` });
    }
    exhaustiveUpTo = Math.min(exhaustive, options.nodes);
    seed = options.seed ?? fc.readConfigureGlobal().seed ?? 42;
    if (!Number.isInteger(seed)) throw LayerproofError.invalid({ op, argument: 'options.seed', value: seed, expected: 'an integer' });
    if (options.path !== undefined && typeof options.path !== 'string') {
      throw LayerproofError.invalid({ op, argument: 'options.path', value: options.path, expected: 'a fast-check replay path such as "12:0:3"' });
    }
    const outcome = checkGeneratedSync({
      problem, stats, runs, seed, path: options.path,
      cases: permutationCaseArbitrary(options),
      caseOf: (c) => ({ input: { X: c.X, A: c.A }, elements: c.X.length <= exhaustive ? allPermutations(c.X.length) : [c.permutation] }),
    });
    if (outcome.failure instanceof ModelFailure) throw modelError(op, `a generated graph (seed ${seed}, path "${outcome.path ?? ''}")`, outcome.failure);
    failed = outcome.failed;
    counterexample = outcome.counterexample;
    path = outcome.path;
    shrinks = outcome.shrinks;
  }

  const c = counterexample;
  return {
    property: property === 'invariance' ? 'invariance' : 'equivariance',
    output: property === 'invariance' ? 'graph' : property,
    holds: !failed && c === undefined,
    cases: stats.comparisons,
    maxDifference: stats.maxDifference,
    worstRatio: Math.max(0, stats.worstRatio),
    tolerance: stats.tolerance ?? (typeof toleranceFor === 'object' ? toleranceFor : tolerances.float32),
    counterexample: c === undefined ? undefined : {
      nodes: c.input.X.length,
      permutation: [...c.element],
      X: c.input.X,
      A: c.input.A,
      output: rowsOf(c.output),
      permutedOutput: rowsOf(c.transformedOutput),
      expected: rowsOf(c.expected),
      difference: c.comparison.maxAbsError,
      comparison: c.comparison,
    },
    seed,
    path,
    shrinks,
    exhaustiveUpTo,
  };
}

function rowsOf(y: ShapedArray): number[][] {
  const [rows = 0, cols = 0] = y.shape;
  return Array.from({ length: rows }, (_v, i) => Array.from(y.data.subarray(i * cols, (i + 1) * cols)));
}

function checkTolerance(op: string, value: unknown): PermutationTolerance | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return value as (X: number[][], A: number[][]) => Tolerance;
  if (isTolerance(value)) return value;
  throw LayerproofError.invalid({ op, argument: 'options.tolerance', value, expected: 'a Tolerance { name, atol, rtol, why } (see tolerances) or a function (X, A) => Tolerance' });
}

function isTolerance(value: unknown): value is Tolerance {
  const t = value as Partial<Record<keyof Tolerance, unknown>> | null;
  return typeof t === 'object' && t !== null && typeof t.atol === 'number' && typeof t.rtol === 'number' && t.atol >= 0 && t.rtol >= 0;
}

function listedCase(op: string, argument: string, c: unknown): { X: number[][]; A: number[][]; permutations: Iterable<number[]>; exhaustive: boolean } {
  if (typeof c !== 'object' || c === null) throw LayerproofError.invalid({ op, argument, value: c, expected: 'an object { X, A, permutation? }' });
  const { X, A, permutation } = c as { X?: unknown; A?: unknown; permutation?: unknown };
  const x = toRows(op, `${argument}.X`, X);
  const a = toRows(op, `${argument}.A`, A);
  const n = x.length;
  if (a.length !== n || (a[0] ?? []).length !== n) {
    throw LayerproofError.invalid({ op, argument: `${argument}.A`, value: `a ${a.length}×${(a[0] ?? []).length} matrix`, expected: `${n}×${n}, one row and column per node (X has ${n} rows)` });
  }
  if (permutation === undefined) {
    if (n > MAX_EXHAUSTIVE_NODES) {
      throw LayerproofError.invalid({
        op, argument: `${argument}.permutation`, value: undefined,
        expected: `given for a graph of ${n} nodes (every permutation is tried only up to ${MAX_EXHAUSTIVE_NODES} nodes)`,
      });
    }
    return { X: x, A: a, permutations: allPermutations(n), exhaustive: true };
  }
  return { X: x, A: a, permutations: [permutationOf(op, `${argument}.permutation`, permutation, n)], exhaustive: false };
}

function modelError(op: string, where: string, failure: ModelFailure): LayerproofError {
  return new LayerproofError(
    `Error in ${op}: on ${where} with ${failure.X.length} nodes, ${failure.message}. ` +
    `X = ${describeValue(failure.X, 200)}, A = ${describeValue(failure.A, 200)}.`,
    { op, argument: 'model', cause: failure.cause ?? failure },
  );
}

/** A model's output as rows of numbers, or a description of what is wrong with it. */
function outputRows(raw: unknown): number[][] | string {
  let rows: number[][];
  if (typeof raw === 'number') rows = [[raw]];
  else if (Matrix.isMatrix(raw)) rows = raw.to2DArray();
  else if (Array.isArray(raw) && raw.every((r) => Array.isArray(r))) rows = (raw as unknown[][]).map((r) => r.map(Number));
  else if (Array.isArray(raw) || (ArrayBuffer.isView(raw) && !(raw instanceof DataView))) rows = [Array.from(raw as ArrayLike<number>, Number)];
  else return `${describeValue(raw)}, not a number, a vector or a matrix (number[][] or Matrix)`;
  if (rows.length === 0) return 'an empty output';
  const width = (rows[0] as number[]).length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number[];
    if (row.length !== width) return `rows of different lengths (${width} and ${row.length})`;
    for (let j = 0; j < row.length; j++) {
      if (!Number.isFinite(row[j])) return `${describeValue(row[j])} at [${i}][${j}] (a non-finite output is not comparable)`;
    }
  }
  return rows;
}
