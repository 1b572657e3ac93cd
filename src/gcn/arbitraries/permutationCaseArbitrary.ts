import fc from 'fast-check';
import { LayerproofError } from '../../core/LayerproofError.js';
import { positiveInteger } from '../../core/validate.js';
import { graphConstraints, type GraphConstraints } from '../GraphConstraints.js';
import { featuresArbitrary, type EntryValues } from './featuresArbitrary.js';
import { graphDrawsArbitrary, graphFromDraws } from './graphArbitrary.js';
import { fromLehmerCode } from './permutationArbitrary.js';

/** A graph with node features and a relabelling of its nodes. */
export interface PermutationCase {
  /** Node features, $n\times d$. */
  readonly X: number[][];
  /** Adjacency, $n\times n$. */
  readonly A: number[][];
  /** Row `i` of $PX$ is row `permutation[i]` of $X$. */
  readonly permutation: number[];
}

export interface PermutationCaseOptions {
  /** Largest number of nodes; graphs have `minNodes` to `nodes` nodes, shrinking towards fewer. */
  readonly nodes: number;
  /** Smallest number of nodes. Default 1 (2 when `graph.isolated` is `false` without self-loops). */
  readonly minNodes?: number;
  /** Features per node (columns of $X$): fixed, since a model's first weights fix it. */
  readonly features: number;
  /** Entries of $X$: `'integers'` in [−3, 3] (default) or `'reals'` in [−1, 1]. */
  readonly values?: EntryValues;
  /** What graphs to generate; default: any density, undirected, no self-loops, binary. */
  readonly graph?: GraphConstraints;
}

/**
 * fast-check arbitrary of `{ X, A, permutation }` with a shared node count: the input of a
 * permutation invariance or equivariance check. Everything is drawn for `nodes` nodes and
 * the case keeps a subset of them: the induced subgraph, their features, and the order the
 * drawn permutation puts them in. fast-check shrinks the subset by removing any node (the
 * rest of the counterexample, permutation included, stays as it was), then edges, feature
 * values and the permutation (its Lehmer code, towards the identity). Exported from
 * layerproof/testing as `permutationCase`.
 */
export function permutationCaseArbitrary(options: PermutationCaseOptions): fc.Arbitrary<PermutationCase> {
  const op = 'permutationCase';
  const { maxNodes, minNodes } = nodeRange(op, options);
  const d = positiveInteger(op, 'options.features', options.features);
  const c = graphConstraints(op, 'options.graph', options.graph, minNodes);
  const all = Array.from({ length: maxNodes }, (_v, i) => i);
  return fc
    .record({
      kept: fc.subarray(all, { minLength: minNodes }),
      X: featuresArbitrary(maxNodes, d, { values: options.values ?? 'integers' }),
      graph: graphDrawsArbitrary(maxNodes, c),
      code: fc.tuple(...Array.from({ length: maxNodes }, (_v, i) => fc.nat(maxNodes - 1 - i))),
    })
    .map(({ kept, X, graph, code }) => {
      const local = new Map(kept.map((node, i) => [node, i]));
      return {
        X: kept.map((node) => X[node] as number[]),
        A: graphFromDraws(graph, kept, c),
        // The drawn permutation's order of the kept nodes (uniform when the drawn one is).
        permutation: fromLehmerCode(code).flatMap((node) => local.get(node) ?? []),
      };
    });
}

/** The node range of `PermutationCaseOptions`, checked. */
export function nodeRange(op: string, options: PermutationCaseOptions): { maxNodes: number; minNodes: number } {
  if (typeof options !== 'object' || options === null) {
    throw LayerproofError.invalid({ op, argument: 'options', value: options, expected: 'an object { nodes, features, … }' });
  }
  const maxNodes = positiveInteger(op, 'options.nodes', options.nodes);
  const needsTwo = options.graph?.isolated === false && options.graph.selfLoops !== true;
  const minNodes = positiveInteger(op, 'options.minNodes', options.minNodes ?? Math.min(needsTwo ? 2 : 1, maxNodes));
  if (minNodes > maxNodes) {
    throw LayerproofError.invalid({ op, argument: 'options.minNodes', value: minNodes, expected: `at most options.nodes = ${maxNodes}` });
  }
  return { maxNodes, minNodes };
}
