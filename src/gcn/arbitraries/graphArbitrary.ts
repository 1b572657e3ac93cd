import fc from 'fast-check';
import { positiveInteger } from '../../core/validate.js';
import { buildGraph, graphConstraints, type GraphConstraints, type ResolvedGraphConstraints } from '../GraphConstraints.js';

/** Resolution of generated densities and edge draws: a cell holds an edge when its draw (0–999) is ≥ 1000·(1 − density). */
const STEPS = 1000;

/** The random draws behind a graph of up to `size` nodes; a smaller graph reads its top-left corner. */
export interface GraphDraws {
  readonly size: number;
  /** Density in thousandths. */
  readonly density: number;
  /** `size × size` cell draws, row-major, in [0, 999]. */
  readonly cells: readonly number[];
  /** `size × size` edge weights, row-major. */
  readonly weights: readonly number[];
  /** Picks the node emptied when `isolated` is `true` (taken modulo n). */
  readonly isolatedNode: number;
}

/** Draws for graphs of up to `size` nodes (see `graphFromDraws`). */
export function graphDrawsArbitrary(size: number, c: ResolvedGraphConstraints): fc.Arbitrary<GraphDraws> {
  const cells = size * size;
  const weight = c.weights === 'binary'
    ? fc.constant(1)
    : c.weights === 'integer'
      ? fc.integer({ min: 1, max: 5 })
      // 1 − k/1000 for k in 0…999: shrinks to 1; three decimals keep counterexamples readable.
      : fc.integer({ min: 0, max: STEPS - 1 }).map((k) => (STEPS - k) / STEPS);
  return fc.record({
    size: fc.constant(size),
    density: c.density === undefined ? fc.integer({ min: 0, max: STEPS }) : fc.constant(Math.round(c.density * STEPS)),
    cells: fc.array(fc.integer({ min: 0, max: STEPS - 1 }), { minLength: cells, maxLength: cells }),
    weights: fc.array(weight, { minLength: cells, maxLength: cells }),
    isolatedNode: fc.nat(size - 1),
  });
}

/**
 * The graph induced on `nodes` (indices into the drawn graph, in order), under the
 * constraints (isolated nodes are fixed up after the cut, so they hold for every subset).
 * Shrinking a draw to 0 removes its edge.
 */
export function graphFromDraws(draws: GraphDraws, nodes: readonly number[], c: ResolvedGraphConstraints): number[][] {
  const at = (i: number, j: number): number => (nodes[i] as number) * draws.size + (nodes[j] as number);
  return buildGraph(
    nodes.length, c,
    (i, j) => (draws.cells[at(i, j)] as number) + draws.density >= STEPS,
    (i, j) => draws.weights[at(i, j)] as number,
    draws.isolatedNode % nodes.length,
  );
}

/**
 * fast-check arbitrary of adjacency matrices (`number[][]`) on `n` nodes, under the
 * constraints of `GraphConstraints` (density, directed, selfLoops, isolated, weights).
 * Shrinks towards fewer edges and weights of 1, so a failing graph is reported with as
 * few edges as still fail. Exported from layerproof/testing as `graph`.
 */
export function graphArbitrary(n: number, constraints: GraphConstraints = {}): fc.Arbitrary<number[][]> {
  const op = 'graph';
  positiveInteger(op, 'n', n);
  const c = graphConstraints(op, 'constraints', constraints, n);
  const nodes = Array.from({ length: n }, (_v, i) => i);
  return graphDrawsArbitrary(n, c).map((draws) => graphFromDraws(draws, nodes, c));
}
