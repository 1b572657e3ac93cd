import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { meanRows, relu, softmax, type GraphConstraints, type Tolerance } from '../../../src/index.js';
import { permutationCase, type PermutationCase, type PermutationCaseOptions } from '../../../src/testing.js';

/** The kinds of random graph the GCN properties run on (the list), each with a readable name. */
export const GRAPH_KINDS: readonly { readonly name: string; readonly graph: GraphConstraints }[] = [
  { name: 'any density', graph: {} },
  { name: 'empty', graph: { density: 0 } },
  { name: 'complete', graph: { density: 1 } },
  { name: 'sparse, mostly disconnected', graph: { density: 0.15 } },
  { name: 'with an isolated node', graph: { isolated: true } },
  { name: 'with self-loops', graph: { selfLoops: true } },
  { name: 'integer weights', graph: { weights: 'integer' } },
  { name: 'real weights with self-loops', graph: { weights: 'real', selfLoops: true } },
  { name: 'directed', graph: { directed: true } },
];

/**
 * Runs a claim about a graph and a relabelling on generated cases (the global seed of
 * test/support/setup.ts) and returns fast-check's shrunk counterexample, if any.
 */
export function findCounterexample(
  claim: (c: PermutationCase) => boolean,
  options: PermutationCaseOptions & { readonly runs?: number },
): { readonly counterexample: PermutationCase; readonly shrinks: number } | undefined {
  const { runs, ...caseOptions } = options;
  const run = fc.check(fc.property(permutationCase(caseOptions), claim), { numRuns: runs ?? 200 });
  if (!run.failed || run.counterexample === null) return undefined;
  return { counterexample: run.counterexample[0], shrinks: run.numShrinks };
}

/** Nodes moved by a permutation. */
export function moved(p: readonly number[]): number {
  return p.filter((v, i) => v !== i).length;
}

/** A tolerance twice as wide: two computations each within `t` of the exact value are within 2t of each other. */
export function doubled(t: Tolerance): Tolerance {
  return { name: `2 × ${t.name}`, atol: 2 * t.atol, rtol: 2 * t.rtol, why: `two results each within (${t.why})` };
}

/**
 * The GCN assembled from the lemma functions with a given normalised adjacency:
 * $\operatorname{softmax}(\operatorname{meanRows}(\operatorname{ReLU}(\tilde A \cdots \operatorname{ReLU}(\tilde A X W_1) \cdots W_L)))$.
 * With $\tilde A$ from `normalizeAdjacency` it is `gcnForward`; with a wrong $\tilde A$ it shows what the wrong step breaks.
 */
export function gcnFromNormalized(X: number[][], aHat: Matrix, weights: readonly number[][][]): { output: number[][]; hidden: number[][][] } {
  let h = new Matrix(X);
  const hidden: number[][][] = [];
  for (const w of weights) {
    h = relu(aHat.mmul(h).mmul(new Matrix(w)));
    hidden.push(h.to2DArray());
  }
  return { output: softmax(meanRows(h)).to2DArray(), hidden };
}

/** $D^{-1/2}(A + I)D^{-1/2}$ with the given degrees (row sums of $A + I$ of some graph). */
export function normalizedWithDegrees(A: number[][], degrees: readonly number[]): Matrix {
  const n = A.length;
  const result = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = (A[i]?.[j] ?? 0) + (i === j ? 1 : 0);
      result.set(i, j, a / Math.sqrt((degrees[i] ?? NaN) * (degrees[j] ?? NaN)));
    }
  }
  return result;
}

/** Row sums of $A + I$. */
export function degreesWithLoops(A: number[][]): number[] {
  return A.map((row) => row.reduce((s, v) => s + v, 1));
}
