import type { Matrix } from 'ml-matrix';
import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';
import { degreeConvention, type DegreeConvention, type NormalizeAdjacencyOptions } from './normalizeAdjacency.js';
import { shapeOf, toMatrix } from './toMatrix.js';
import { adjacencyOf } from './validateAdjacency.js';
import type { SparseMatrix } from '../linear/SparseMatrix.js';

/** Options of `gcnForward` and `gcnForwardTfjs`: how $\tilde A$ is formed (see `normalizeAdjacency`). */
export type GcnForwardOptions = Omit<NormalizeAdjacencyOptions, 'nodes'>;

/** The validated inputs of a GCN forward pass, as float64 matrices. */
export interface GcnInputs {
  readonly X: Matrix;
  /** The adjacency's non-zeros (CSR). */
  readonly A: SparseMatrix;
  readonly weights: readonly Matrix[];
  readonly degreeOf: DegreeConvention;
  readonly directed: boolean;
}

/**
 * Checks $X$ ($n\times d_0$), $A$ ($n\times n$ adjacency) and the weights
 * $W^{(\ell)} \in \mathbb R^{d_{\ell-1}\times d_\ell}$ at the boundary of a forward pass.
 * (The exercise writes $W^{(\ell)} \in \mathbb R^{\ell-1\times\ell}$; the error says what it means.)
 */
export function gcnInputs(op: string, X: unknown, A: unknown, weights: unknown, options: unknown): GcnInputs {
  const opts = options === undefined ? {} : plainObject(op, 'options', options);
  const degreeOf = degreeConvention(op, opts.degreeOf);
  if (opts.directed !== undefined && typeof opts.directed !== 'boolean') {
    throw LayerproofError.invalid({ op, argument: 'options.directed', value: opts.directed, expected: 'true or false' });
  }
  const directed = opts.directed === true;
  const x = toMatrix(op, 'X', X);
  const a = adjacencyOf(op, 'A', A, { directed, nodes: x.rows });
  if (!Array.isArray(weights) || weights.length === 0) {
    throw LayerproofError.invalid({
      op, argument: 'weights', value: weights,
      expected: 'a non-empty array of weight matrices [W1, W2, …], one per layer, W_l of shape d_{l−1}×d_l',
    });
  }
  const ws: Matrix[] = [];
  (weights as readonly unknown[]).forEach((w, l) => {
    const m = toMatrix(op, `weights[${l}]`, w);
    const rows = l === 0 ? x.columns : (ws[l - 1] as Matrix).columns;
    if (m.rows !== rows) {
      const source = l === 0 ? `the d_0 = ${rows} features of X (its columns)` : `the d_${l} = ${rows} features of H^(${l}) (the columns of weights[${l - 1}])`;
      throw LayerproofError.invalid({
        op, argument: `weights[${l}]`, value: `a ${shapeOf(m)} matrix`,
        expected: `a ${rows}×d_${l + 1} matrix: W^(${l + 1}) multiplies ${source}, so it has ${rows} rows`,
        hint: 'W^(l) is d_{l−1}×d_l (the exercise writes ℝ^{ℓ−1×ℓ}, a typo for ℝ^{d_{ℓ−1}×d_ℓ}).',
      });
    }
    ws.push(m);
  });
  return { X: x, A: a, weights: ws, degreeOf, directed };
}

/** What the forward pass returns, in the kind of `X`. */
export interface GcnForwardResult<M = Matrix | number[][]> {
  /** $\hat y = \operatorname{softmax}(\operatorname{meanRows}(H^{(L)}))$, a $1\times d_L$ row vector. */
  readonly output: M;
  /** $H^{(1)}, \dots, H^{(L)}$: `hidden[l − 1]` is $H^{(l)}$, an $n\times d_l$ matrix. */
  readonly hidden: readonly M[];
}
