import { LayerproofError } from '../core/LayerproofError.js';
import { positiveInteger } from '../core/validate.js';

export interface AllGraphsOptions {
  /** Enumerate directed graphs (every off-diagonal cell on its own). Default `false`. */
  readonly directed?: boolean;
  /** Include graphs with self-loops. Default `false`. */
  readonly selfLoops?: boolean;
}

/** Largest number of free 0/1 cells `allGraphs` enumerates (2²⁰ ≈ 10⁶ graphs). */
const MAX_CELLS = 20;

/**
 * Every 0/1 adjacency matrix on `n` labelled nodes, lazily: $2^{n(n-1)/2}$ undirected
 * graphs, $2^{n(n-1)}$ directed ones, times $2^n$ with self-loops. Each is a fresh
 * `number[][]`; the empty graph comes first. Refuses more than 2²⁰ graphs.
 */
export function* allGraphs(n: number, options: AllGraphsOptions = {}): Generator<number[][], void, undefined> {
  const op = 'allGraphs';
  positiveInteger(op, 'n', n);
  const directed = options.directed === true;
  const cells: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = directed ? 0 : i; j < n; j++) {
      if (i !== j || options.selfLoops === true) cells.push([i, j]);
    }
  }
  if (cells.length > MAX_CELLS) {
    throw LayerproofError.invalid({
      op, argument: 'n', value: n,
      expected: `small enough that the graphs have at most ${MAX_CELLS} free cells (this one has ${cells.length}: 2^${cells.length} graphs)`,
    });
  }
  for (let mask = 0; mask < 2 ** cells.length; mask++) {
    const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    cells.forEach(([i, j], bit) => {
      if ((mask >> bit) & 1) {
        (A[i] as number[])[j] = 1;
        if (!directed) (A[j] as number[])[i] = 1;
      }
    });
    yield A;
  }
}
