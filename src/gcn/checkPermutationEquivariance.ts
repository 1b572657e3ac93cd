import { LayerproofError } from '../core/LayerproofError.js';
import { runGraphPermutationCheck } from '../symmetry/graphPermutationCheck.js';
import type { GraphModel, ListedPermutationCase, PermutationCheckOptions, PermutationCheckResult } from './permutationCheck.js';

export type EquivarianceCheckOptions = PermutationCheckOptions & {
  /**
   * `'nodes'` (default): the output has one row per node and must follow them,
   * $f(PX, PAP^\top) = P f(X, A)$ (a GCN layer). `'adjacency'`: the output is $n\times n$ and
   * $f(PX, PAP^\top) = P f(X, A) P^\top$ (for example $\tilde A$).
   */
  readonly output?: 'nodes' | 'adjacency';
};

/**
 * Checks that a layer on graphs is equivariant to relabelling the nodes,
 * $f(PX, PAP^\top) = P f(X, A)$ (or $P f(X, A) P^\top$ with `output: 'adjacency'`), on listed
 * or generated cases exactly as `checkPermutationInvariance` does, returning the largest
 * difference, the tolerance and the smallest counterexample found. Numerical evidence, not a proof.
 * The symmetry check of `assertEquivariant` with the action `nodeRelabelling` and the output
 * action `nodePermutation` (rows, or rows and columns).
 *
 * @throws LayerproofError for invalid options, or when the layer throws, returns a non-finite
 *   value or the wrong number of rows.
 */
export function checkPermutationEquivariance(
  layer: GraphModel,
  cases: readonly ListedPermutationCase[] | EquivarianceCheckOptions,
): PermutationCheckResult {
  const op = 'checkPermutationEquivariance';
  const output = Array.isArray(cases) ? undefined : (cases as EquivarianceCheckOptions).output;
  if (output !== undefined && output !== 'nodes' && output !== 'adjacency') {
    throw LayerproofError.invalid({ op, argument: 'options.output', value: output, expected: "'nodes' (one row per node) or 'adjacency' (n×n)" });
  }
  return runGraphPermutationCheck(op, output ?? 'nodes', layer, cases);
}
