import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';
import { permutationOf } from '../gcn/validatePermutation.js';
import type { GroupAction } from './GroupAction.js';
import type { ShapedArray } from './ShapedArray.js';
import { symmetricGroup } from './symmetricGroup.js';

export interface NodePermutationOptions {
  /** `false` (default): permute the first axis, $X \mapsto PX$ (node features `[n, ...]`). `true`: both axes of an `[n, n]` matrix, $A \mapsto PAP^\top$. */
  readonly adjacency?: boolean;
}

/**
 * A relabelling of the nodes of one array indexed by node: row i of $PX$ is row `p[i]` of X, and
 * entry (i, j) of $PAP^\top$ is $A_{p_i p_j}$. The output action of a permutation-equivariant layer
 * (one row per node) or of a map returning an adjacency; `nodeRelabelling` acts on a whole graph.
 */
export function nodePermutation(options: NodePermutationOptions = {}): GroupAction<readonly number[]> {
  const op = 'nodePermutation';
  const adjacency = plainObject(op, 'options', options).adjacency ?? false;
  if (typeof adjacency !== 'boolean') throw LayerproofError.invalid({ op, argument: 'options.adjacency', value: adjacency, expected: 'true or false' });
  const nodes = (check: string, argument: string, x: ShapedArray): number => {
    const n = x.shape[0];
    if (n === undefined || (adjacency && (x.shape.length !== 2 || x.shape[1] !== n))) {
      throw LayerproofError.invalid({ op: check, argument, value: x.shape, expected: adjacency ? 'a square [n, n] shape' : 'a shape [n, ...] with one row per node' });
    }
    return n;
  };
  return {
    name: adjacency ? 'node relabelling (PAPᵀ)' : 'node relabelling (PX)',
    validate: (check, argument, x) => void nodes(check, argument, x),
    apply(x, g) {
      const n = nodes(op, 'x.shape', x);
      const p = permutationOf(op, 'g', g, n);
      const row = x.data.length / Math.max(1, n);
      const out = new Float64Array(x.data.length);
      for (let i = 0; i < n; i++) {
        const from = p[i] ?? i;
        if (!adjacency) out.set(x.data.subarray(from * row, (from + 1) * row), i * row);
        else for (let j = 0; j < n; j++) out[i * n + j] = x.data[from * n + (p[j] ?? j)] ?? 0;
      }
      return { data: out, shape: [...x.shape] };
    },
    order: (x) => symmetricGroup.order(nodes(op, 'x.shape', x)),
    elements: (x) => symmetricGroup.elements(nodes(op, 'x.shape', x)),
    random: (x, rng) => symmetricGroup.random(nodes(op, 'x.shape', x), rng),
    describe: (g) => `relabelling p = ${symmetricGroup.format(g)} (row i of PX is row p[i] of X)`,
    kind: (g) => (symmetricGroup.size(g) === 0 ? 'identity' : 'node relabelling'),
    size: symmetricGroup.size,
  };
}
