import type { Matrix } from 'ml-matrix';
import { aggregate } from './aggregate.js';
import { gcnInputs, type GcnForwardOptions, type GcnForwardResult } from './gcnInputs.js';
import { meanRowsOf } from './meanRows.js';
import { normalizedAdjacencyOf } from './normalizeAdjacency.js';
import { reluOf } from './relu.js';
import { softmaxOf } from './softmax.js';
import { sameKind, type MatrixInput } from './toMatrix.js';

/**
 * The forward pass of an $L$-layer graph convolutional network, the float64 reference
 * (ml-matrix):
 * $$H^{(0)} = X,\quad H^{(\ell)} = \operatorname{ReLU}\big(\tilde A H^{(\ell-1)} W^{(\ell)}\big),\quad
 * \hat y = \operatorname{softmax}\Big(\tfrac1n \textstyle\sum_{i=1}^n H^{(L)}_{i:}\Big)$$
 * with $\tilde A = D^{-1/2}(A + I)D^{-1/2}$ (`normalizeAdjacency`, same options) and
 * $W^{(\ell)} \in \mathbb R^{d_{\ell-1}\times d_\ell}$.
 *
 * Every $H^{(\ell)}$ is permutation equivariant and $\hat y$ invariant:
 * $\operatorname{gcn}(PX, PAP^\top) = \operatorname{gcn}(X, A)$.
 *
 * The exact engine proves `gcnOver` (the same layers over any arithmetic, dense); this sparse
 * float64 pass is property-tested against `gcnOver(float64Arithmetic, …)`: hidden layers bit for
 * bit, the output (softmax shifted by its maximum here, unshifted there) within `gcnTolerance`.
 *
 * @param X node features, $n\times d_0$.
 * @param A adjacency, $n\times n$ (symmetric unless `options.directed`).
 * @param weights $[W^{(1)}, \dots, W^{(L)}]$.
 * @returns `{ output, hidden }` in the kind of `X` (`Matrix` or `number[][]`).
 * @throws LayerproofError naming the argument whose shape or values are wrong.
 */
export function gcnForward(X: Matrix, A: MatrixInput, weights: readonly MatrixInput[], options?: GcnForwardOptions): GcnForwardResult<Matrix>;
export function gcnForward(X: readonly (readonly number[])[], A: MatrixInput, weights: readonly MatrixInput[], options?: GcnForwardOptions): GcnForwardResult<number[][]>;
export function gcnForward(X: MatrixInput, A: MatrixInput, weights: readonly MatrixInput[], options?: GcnForwardOptions): GcnForwardResult;
export function gcnForward(X: MatrixInput, A: MatrixInput, weights: readonly MatrixInput[], options?: GcnForwardOptions): GcnForwardResult {
  const op = 'gcnForward';
  const inputs = gcnInputs(op, X, A, weights, options);
  // Ã is sparse (CSR): aggregating costs one product per edge and feature.
  const aHat = normalizedAdjacencyOf(op, inputs.A, inputs.degreeOf);
  const hidden: Matrix[] = [];
  let h = inputs.X;
  for (const w of inputs.weights) {
    // Ã(HW) or (ÃH)W, whichever aggregates fewer columns; equal up to rounding.
    const z = w.columns <= w.rows ? aggregate(aHat, h.mmul(w)) : aggregate(aHat, h).mmul(w);
    h = reluOf(z);
    hidden.push(h);
  }
  const output = softmaxOf(meanRowsOf(h));
  return { output: sameKind(X, output), hidden: hidden.map((m) => sameKind(X, m)) };
}

