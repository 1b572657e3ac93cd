import type { Comparison, Tolerance } from '../core/tolerance.js';
import type { PermutationCaseOptions } from './arbitraries/permutationCaseArbitrary.js';
import type { MatrixInput } from './toMatrix.js';

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
