import { LayerproofError } from '../core/LayerproofError.js';

/**
 * Named graphs as 0/1 adjacency matrices (symmetric, zero diagonal), the constants of the
 * Weisfeiler–Leman claims. Plain integers: exact in every arithmetic.
 */

function size(op: string, argument: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 64) {
    throw LayerproofError.invalid({ op, argument, value, expected: `an integer in {${min}, …, 64}` });
  }
  return value;
}

function graph(n: number, edges: Iterable<readonly [number, number]>): number[][] {
  const a = Array.from({ length: n }, () => Array.from({ length: n }, () => 0));
  for (const [i, j] of edges) {
    (a[i] as number[])[j] = 1;
    (a[j] as number[])[i] = 1;
  }
  return a;
}

/** The cycle $C_n$: node i joined to i ± 1 mod n (n ≥ 3, so that it is a simple graph). */
export function cycleGraph(nValue: unknown): number[][] {
  const n = size('cycleGraph', 'n', nValue, 3);
  return graph(n, Array.from({ length: n }, (_v, i) => [i, (i + 1) % n] as const));
}

/** k disjoint copies of the cycle $C_m$, on k·m nodes: copy c holds the nodes c·m, …, c·m + m − 1. */
export function disjointCycles(kValue: unknown, mValue: unknown): number[][] {
  const k = size('disjointCycles', 'k', kValue, 1);
  const m = size('disjointCycles', 'm', mValue, 3);
  if (k * m > 64) throw LayerproofError.invalid({ op: 'disjointCycles', argument: 'k·m', value: k * m, expected: 'at most 64 nodes' });
  const edges: [number, number][] = [];
  for (let c = 0; c < k; c++) for (let i = 0; i < m; i++) edges.push([c * m + i, c * m + ((i + 1) % m)]);
  return graph(k * m, edges);
}

/** The path $P_n$: node i joined to i + 1. */
export function pathGraph(nValue: unknown): number[][] {
  const n = size('pathGraph', 'n', nValue, 1);
  return graph(n, Array.from({ length: n - 1 }, (_v, i) => [i, i + 1] as const));
}

/** The star $S_n$ on n nodes: node 0 joined to every other node. */
export function starGraph(nValue: unknown): number[][] {
  const n = size('starGraph', 'n', nValue, 1);
  return graph(n, Array.from({ length: n - 1 }, (_v, i) => [0, i + 1] as const));
}
