import { LayerproofError } from '../core/LayerproofError.js';
import { permutationOf } from '../gcn/validatePermutation.js';
import type { GroupAction } from './GroupAction.js';
import { symmetricGroup } from './symmetricGroup.js';

/** A graph as a GCN model takes it: node features X ($n\times d$) and adjacency A ($n\times n$). */
export interface FeatureGraph {
  readonly X: number[][];
  readonly A: number[][];
}

/**
 * Relabellings of the nodes of a graph: $p \cdot (X, A) = (PX, PAP^\top)$, row i of PX being row `p[i]`
 * of X (layerproof's convention, as `permuteRows` and `permuteAdjacency`). A GCN is invariant to them,
 * and each of its layers equivariant; `checkPermutationInvariance` and `checkPermutationEquivariance`
 * are the symmetry check with this action. Order n!: every relabelling is listed up to 8 nodes.
 */
export function nodeRelabelling(): GroupAction<readonly number[], FeatureGraph> {
  const op = 'nodeRelabelling';
  const nodes = (check: string, argument: string, x: FeatureGraph): number => {
    const n = Array.isArray(x.X) ? x.X.length : -1;
    if (n < 0 || !Array.isArray(x.A) || x.A.length !== n || x.A.some((row) => !Array.isArray(row) || row.length !== n)) {
      throw LayerproofError.invalid({ op: check, argument, value: x, expected: 'a graph { X: n×d, A: n×n } with one row of X and one row and column of A per node' });
    }
    return n;
  };
  return {
    name: 'node relabelling',
    validate: (check, argument, x) => void nodes(check, argument, x),
    apply(x, g) {
      const p = permutationOf(op, 'g', g, nodes(op, 'x', x));
      return {
        X: p.map((from) => (x.X[from] ?? []).slice()),
        A: p.map((from) => p.map((to) => x.A[from]?.[to] ?? 0)),
      };
    },
    order: (x) => symmetricGroup.order(nodes(op, 'x', x)),
    elements: (x) => symmetricGroup.elements(nodes(op, 'x', x)),
    random: (x, rng) => symmetricGroup.random(nodes(op, 'x', x), rng),
    describe: (g) => `relabelling p = ${symmetricGroup.format(g)} (row i of PX is row p[i] of X)`,
    kind: (g) => (symmetricGroup.size(g) === 0 ? 'identity' : 'node relabelling'),
    size: symmetricGroup.size,
  };
}
