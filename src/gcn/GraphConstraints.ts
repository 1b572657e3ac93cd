import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';

/** Edge weights of a generated graph. */
export type EdgeWeights = 'binary' | 'integer' | 'real';

/** What kind of graph to generate (`randomGraph`, and the `graph` arbitrary of layerproof/testing). */
export interface GraphConstraints {
  /**
   * Probability of each possible edge, in [0, 1]: 0 gives the empty graph, 1 the complete
   * graph. Default: drawn anew for every graph, uniformly in [0, 1], so that empty, sparse,
   * dense and complete graphs all occur.
   */
  readonly density?: number;
  /** Edges have a direction: `A` need not be symmetric. Default `false`. */
  readonly directed?: boolean;
  /** Self-loops (non-zero diagonal) may occur, with the same probability as other edges. Default `false`. */
  readonly selfLoops?: boolean;
  /**
   * `true`: at least one node has no edge at all (its row and column are zero). `false`: every
   * node has an edge leaving it (every row of `A` is non-zero; a node left without one is
   * joined to the next node, or, in a one-node graph, to itself, which needs `selfLoops`).
   * Default: whatever the density gives.
   */
  readonly isolated?: boolean;
  /** `'binary'` (default): weight 1; `'integer'`: 1 to 5; `'real'`: in (0, 1]. */
  readonly weights?: EdgeWeights;
}

/** Validated constraints with defaults filled in (density stays optional: absent means drawn per graph). */
export interface ResolvedGraphConstraints {
  readonly density: number | undefined;
  readonly directed: boolean;
  readonly selfLoops: boolean;
  readonly isolated: boolean | undefined;
  readonly weights: EdgeWeights;
}

/** Checks a `GraphConstraints` object for a graph of `n` nodes. */
export function graphConstraints(op: string, argument: string, value: unknown, n?: number): ResolvedGraphConstraints {
  const c = value === undefined ? {} : plainObject(op, argument, value);
  const density = c.density;
  if (density !== undefined && (typeof density !== 'number' || !(density >= 0 && density <= 1))) {
    throw LayerproofError.invalid({ op, argument: `${argument}.density`, value: density, expected: 'a probability in [0, 1] (0: no edges, 1: every edge)' });
  }
  for (const key of ['directed', 'selfLoops', 'isolated'] as const) {
    if (c[key] !== undefined && typeof c[key] !== 'boolean') {
      throw LayerproofError.invalid({ op, argument: `${argument}.${key}`, value: c[key], expected: 'true or false' });
    }
  }
  const weights = c.weights ?? 'binary';
  if (weights !== 'binary' && weights !== 'integer' && weights !== 'real') {
    throw LayerproofError.invalid({ op, argument: `${argument}.weights`, value: weights, expected: "'binary', 'integer' or 'real'" });
  }
  const resolved: ResolvedGraphConstraints = {
    density,
    directed: c.directed === true,
    selfLoops: c.selfLoops === true,
    isolated: c.isolated as boolean | undefined,
    weights,
  };
  if (n === 1 && resolved.isolated === false && !resolved.selfLoops) {
    throw LayerproofError.invalid({
      op, argument: `${argument}.isolated`, value: false,
      expected: 'true or absent for a one-node graph without self-loops (its only node cannot have an edge)',
      hint: 'Allow selfLoops, or generate graphs of at least 2 nodes.',
    });
  }
  return resolved;
}

/**
 * Builds an adjacency matrix from per-cell draws, shared by `randomGraph` and the `graph`
 * arbitrary so both mean the same by every constraint. `edge(i, j)` says whether the cell
 * holds an edge and `weight(i, j)` its weight; `isolatedNode` is the node emptied when
 * `isolated` is `true`.
 */
export function buildGraph(
  n: number,
  c: ResolvedGraphConstraints,
  edge: (i: number, j: number) => boolean,
  weight: (i: number, j: number) => number,
  isolatedNode: number,
): number[][] {
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const set = (i: number, j: number, w: number): void => {
    (A[i] as number[])[j] = w;
    if (!c.directed) (A[j] as number[])[i] = w;
  };
  for (let i = 0; i < n; i++) {
    for (let j = c.directed ? 0 : i; j < n; j++) {
      if (i === j && !c.selfLoops) continue;
      if (edge(i, j)) set(i, j, weight(i, j));
    }
  }
  if (c.isolated === true) {
    for (let k = 0; k < n; k++) {
      (A[isolatedNode] as number[])[k] = 0;
      (A[k] as number[])[isolatedNode] = 0;
    }
  } else if (c.isolated === false) {
    for (let i = 0; i < n; i++) {
      if ((A[i] as number[]).every((v) => v === 0)) set(i, (i + 1) % n, weight(i, (i + 1) % n));
    }
  }
  return A;
}
