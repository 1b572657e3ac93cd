import fc from 'fast-check';
import { Matrix } from '../core/mlMatrix.js';
import { LayerproofError, describeValue } from '../core/LayerproofError.js';
import { compareArrays, tolerances, type Comparison, type Tolerance } from '../core/tolerance.js';
import { nonNegativeInteger, positiveInteger } from '../core/validate.js';
import { MAX_EXHAUSTIVE_NODES, allPermutations } from './allPermutations.js';
import { nodeRange, permutationCaseArbitrary, type PermutationCaseOptions } from './arbitraries/permutationCaseArbitrary.js';
import { toRows, type MatrixInput } from './toMatrix.js';
import { permutationOf } from './validatePermutation.js';

/** What a model under test may return: a number, a vector, or a matrix (`number[][]` or `Matrix`). */
export type GraphModelOutput = number | ArrayLike<number> | MatrixInput;

/** A user's model on graphs: node features $X$ ($n\times d$) and adjacency $A$ ($n\times n$), as fresh `number[][]`. */
export type GraphModel = (X: number[][], A: number[][]) => GraphModelOutput;

/** A tolerance, or one computed for each graph (for example from `gcnTolerance`). */
export type PermutationTolerance = Tolerance | ((X: number[][], A: number[][]) => Tolerance);

/** A graph to check, listed by the caller; without `permutation`, every permutation of its nodes (n ≤ 8). */
export interface ListedPermutationCase {
  readonly X: MatrixInput;
  readonly A: MatrixInput;
  readonly permutation?: readonly number[];
}

interface CommonOptions {
  /** Default `tolerances.float32`, right for float32 models; pass a tighter one (e.g. `gcnTolerance`) for float64. */
  readonly tolerance?: PermutationTolerance;
}

/** Check the listed cases. */
export interface ListedPermutationCheckOptions extends CommonOptions {
  readonly cases: readonly ListedPermutationCase[];
}

/** Check generated cases (fast-check, shrinking on failure). */
export interface GeneratedPermutationCheckOptions extends CommonOptions, PermutationCaseOptions {
  /** Generated graphs. Default 100. */
  readonly runs?: number;
  /** Seed of the generator, printed with a failure. Default: fast-check's global seed if one is configured, else 42. */
  readonly seed?: number;
  /** fast-check replay path of a reported counterexample (with its `seed`). */
  readonly path?: string;
  /**
   * Graphs of at most this many nodes are checked under every permutation ($n!$ of them)
   * instead of one random permutation. Default 4 (24 permutations); 0 turns it off; at most 8.
   */
  readonly exhaustive?: number;
}

export type PermutationCheckOptions = ListedPermutationCheckOptions | GeneratedPermutationCheckOptions;

/** A graph and relabelling on which the property fails. */
export interface PermutationCounterexample {
  readonly nodes: number;
  readonly permutation: number[];
  readonly X: number[][];
  readonly A: number[][];
  /** $f(X, A)$. */
  readonly output: number[][];
  /** $f(PX, PAP^\top)$. */
  readonly permutedOutput: number[][];
  /** What $f(PX, PAP^\top)$ should equal: $f(X, A)$, $P f(X, A)$ or $P f(X, A) P^\top$. */
  readonly expected: number[][];
  /** Largest $|f(PX, PAP^\top) - \text{expected}|$ (Infinity when the shapes differ). */
  readonly difference: number;
  readonly comparison: Comparison;
}

/** What `checkPermutationInvariance` and `checkPermutationEquivariance` return. */
export interface PermutationCheckResult {
  readonly property: 'invariance' | 'equivariance';
  /** For equivariance: whether the output's rows (`'nodes'`) or rows and columns (`'adjacency'`) follow the nodes. */
  readonly output: 'graph' | 'nodes' | 'adjacency';
  /** True when no compared case failed. Numerical evidence, not a proof. */
  readonly holds: boolean;
  /** (graph, permutation) pairs compared, including those fast-check ran while shrinking. */
  readonly cases: number;
  /** Largest $|f(PX, PAP^\top) - \text{expected}|$ over every compared entry. */
  readonly maxDifference: number;
  /** Largest error as a multiple of the allowed error (≤ 1 within tolerance). */
  readonly worstRatio: number;
  /** The tolerance of the case with the largest `worstRatio`. */
  readonly tolerance: Tolerance;
  /**
   * The smallest failing case found (shrunk by fast-check when generated). Undefined when
   * the property holds, or when fast-check's counterexample did not fail again on a re-run
   * (a model that is not deterministic).
   */
  readonly counterexample: PermutationCounterexample | undefined;
  /** Seed of generated cases (undefined for listed ones). */
  readonly seed: number | undefined;
  /** fast-check replay path of the counterexample, with `seed`. */
  readonly path: string | undefined;
  /** Shrinking steps fast-check took. */
  readonly shrinks: number;
  /** Largest graph for which every permutation was tried (0: none). */
  readonly exhaustiveUpTo: number;
}

export type PermutationProperty = 'invariance' | 'nodes' | 'adjacency';

/** A model's failure (a throw or a non-finite output), carried through fast-check so the graph is shrunk first. */
class ModelFailure extends Error {
  constructor(message: string, readonly X: number[][], readonly A: number[][], options?: { cause: unknown }) {
    super(message, options);
  }
}

interface Compared {
  readonly permutation: number[];
  readonly output: number[][];
  readonly permutedOutput: number[][];
  readonly expected: number[][];
  readonly comparison: Comparison;
}

/** The engine behind both checks. */
export function runPermutationCheck(op: string, property: PermutationProperty, model: GraphModel, casesOrOptions: unknown): PermutationCheckResult {
  if (typeof model !== 'function') {
    throw LayerproofError.invalid({ op, argument: 'model', value: model, expected: 'a function (X: number[][], A: number[][]) => number[][] | Matrix | number[]' });
  }
  const options = (Array.isArray(casesOrOptions) ? { cases: casesOrOptions } : casesOrOptions) as PermutationCheckOptions;
  if (typeof options !== 'object' || options === null) {
    throw LayerproofError.invalid({ op, argument: 'cases', value: casesOrOptions, expected: 'an array of { X, A, permutation? } or options { nodes, features, runs?, seed? }' });
  }
  const toleranceFor = checkTolerance(op, options.tolerance);
  const stats: { cases: number; maxDifference: number; worstRatio: number; tolerance: Tolerance | undefined } = {
    cases: 0, maxDifference: 0, worstRatio: -1, tolerance: undefined,
  };

  const callModel = (X: number[][], A: number[][]): number[][] => {
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
    return out;
  };

  /** Compares every given permutation on one graph; returns the smallest failing one (fewest nodes moved). */
  const checkGraph = (X: number[][], A: number[][], permutations: Iterable<number[]>): Compared | undefined => {
    const tol = typeof toleranceFor === 'function' ? toleranceFor(X, A) : toleranceFor ?? tolerances.float32;
    const output = callModel(X, A);
    let failing: Compared | undefined;
    let failingMoved = Infinity;
    for (const p of permutations) {
      const permutedOutput = callModel(permuteRowsPlain(X, p), permuteMatrixPlain(A, p));
      const expected = property === 'invariance' ? output : property === 'nodes' ? permuteRowsPlain(output, p) : permuteMatrixPlain(output, p);
      const comparison = compareRows(permutedOutput, expected, tol);
      stats.cases++;
      stats.maxDifference = Math.max(stats.maxDifference, comparison.maxAbsError);
      if (comparison.worstRatio > stats.worstRatio) {
        stats.worstRatio = comparison.worstRatio;
        stats.tolerance = tol;
      }
      if (!comparison.ok) {
        const moved = p.filter((v, i) => v !== i).length;
        if (moved < failingMoved) {
          failing = { permutation: p, output, permutedOutput, expected, comparison };
          failingMoved = moved;
        }
      }
    }
    return failing;
  };

  let counterexample: Compared | undefined;
  let graph: { X: number[][]; A: number[][] } | undefined;
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
      let found: Compared | undefined;
      try {
        found = checkGraph(X, A, permutations);
      } catch (error) {
        if (error instanceof ModelFailure) throw modelError(op, `cases[${index}]`, error);
        throw error;
      }
      if (found === undefined) return;
      const size = X.length;
      const moved = found.permutation.filter((v, i) => v !== i).length;
      if (best === undefined || size < best.size || (size === best.size && moved < best.moved)) {
        best = { size, moved };
        counterexample = found;
        graph = { X, A };
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
    const permutationsOf = (n: number, p: number[]): Iterable<number[]> => (n <= exhaustive ? allPermutations(n) : [p]);
    // Errors other than a model's failure (say, from a tolerance function) are not findings: rethrown as they are.
    const unexpected = new Set<unknown>();
    const run = fc.check(
      fc.property(permutationCaseArbitrary(options), (c) => {
        try {
          return checkGraph(c.X, c.A, permutationsOf(c.X.length, c.permutation)) === undefined;
        } catch (error) {
          if (!(error instanceof ModelFailure)) unexpected.add(error);
          throw error;
        }
      }),
      { seed, numRuns: runs, ...(options.path !== undefined && { path: options.path }) },
    );
    if (run.failed) {
      failed = true;
      if (run.errorInstance instanceof ModelFailure) throw modelError(op, `a generated graph (seed ${seed}, path "${run.counterexamplePath ?? ''}")`, run.errorInstance);
      if (unexpected.has(run.errorInstance)) {
        throw run.errorInstance instanceof Error ? run.errorInstance : new Error(describeValue(run.errorInstance));
      }
      const c = run.counterexample?.[0];
      if (c !== undefined) {
        counterexample = checkGraph(c.X, c.A, permutationsOf(c.X.length, c.permutation));
        graph = { X: c.X, A: c.A };
      }
      path = run.counterexamplePath ?? undefined;
      shrinks = run.numShrinks;
    }
  }

  return {
    property: property === 'invariance' ? 'invariance' : 'equivariance',
    output: property === 'invariance' ? 'graph' : property,
    holds: !failed && counterexample === undefined,
    cases: stats.cases,
    maxDifference: stats.maxDifference,
    worstRatio: Math.max(0, stats.worstRatio),
    tolerance: stats.tolerance ?? (typeof toleranceFor === 'object' ? toleranceFor : tolerances.float32),
    counterexample: counterexample === undefined || graph === undefined ? undefined : {
      nodes: graph.X.length,
      permutation: counterexample.permutation,
      X: graph.X,
      A: graph.A,
      output: counterexample.output,
      permutedOutput: counterexample.permutedOutput,
      expected: counterexample.expected,
      difference: counterexample.comparison.maxAbsError,
      comparison: counterexample.comparison,
    },
    seed,
    path,
    shrinks,
    exhaustiveUpTo,
  };
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

function compareRows(actual: number[][], expected: number[][], tol: Tolerance): Comparison {
  const sameShape = actual.length === expected.length && actual.every((r, i) => r.length === (expected[i] as number[]).length);
  if (!sameShape) return { ok: false, maxAbsError: Infinity, maxRelError: Infinity, worstRatio: Infinity, worstIndex: -1, tolerance: tol };
  return compareArrays(actual.flat(), expected.flat(), tol);
}

function permuteRowsPlain(X: number[][], p: readonly number[]): number[][] {
  return p.map((from) => (X[from] as number[]).slice());
}

function permuteMatrixPlain(A: number[][], p: readonly number[]): number[][] {
  return p.map((from) => p.map((to) => (A[from] as number[])[to] as number));
}
