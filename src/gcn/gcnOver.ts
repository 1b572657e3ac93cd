import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from '../exact/Arithmetic.js';
import { matMulOver, type MatrixOver } from '../exact/matrixOver.js';
import { meanRowsOver } from './meanRowsOver.js';
import { normalizeAdjacencyOver } from './normalizeAdjacencyOver.js';
import { reluOver } from './reluOver.js';
import { softmaxOver } from './softmaxOver.js';

type Rows<T> = readonly (readonly T[])[];

/**
 * One GCN layer over any arithmetic, $\operatorname{ReLU}(\tilde A H W)$, with $\tilde A$ the
 * `normalizeAdjacencyOver` of the adjacency `A` (not $\tilde A$ itself).
 */
export function gcnLayerOver<T>(ar: Arithmetic<T>, H: Rows<T>, A: Rows<T>, W: Rows<T>): MatrixOver<T> {
  checkShapes('gcnLayerOver', H, A, [W]);
  return propagate(ar, H, normalizeAdjacencyOver(ar, A), W);
}

/**
 * The hidden layers of a GCN over any arithmetic, $H^{(\ell)} = \operatorname{ReLU}(\tilde A H^{(\ell-1)} W^{(\ell)})$
 * from $H^{(0)} = X$; `result[l − 1]` is $H^{(l)}$. $\tilde A$ is formed once.
 */
export function gcnHiddenOver<T>(ar: Arithmetic<T>, X: Rows<T>, A: Rows<T>, Ws: readonly Rows<T>[]): MatrixOver<T>[] {
  checkShapes('gcnHiddenOver', X, A, Ws);
  const aHat = normalizeAdjacencyOver(ar, A);
  const hidden: MatrixOver<T>[] = [];
  let h: Rows<T> = X;
  for (const w of Ws) {
    const next = propagate(ar, h, aHat, w);
    hidden.push(next);
    h = next;
  }
  return hidden;
}

/**
 * The GCN of `gcnForward` over any arithmetic,
 * $\hat y = \operatorname{softmax}\big(\operatorname{meanRows}(H^{(L)})\big)$, a vector of $d_L$ values.
 */
export function gcnOver<T>(ar: Arithmetic<T>, X: Rows<T>, A: Rows<T>, Ws: readonly Rows<T>[]): T[] {
  const hidden = gcnHiddenOver(ar, X, A, Ws);
  return softmaxOver(ar, meanRowsOver(ar, hidden.at(-1) ?? X));
}

/**
 * ReLU(Ã H W), multiplied as `gcnForward` does: Ã(HW) when W does not widen the features,
 * (ÃH)W otherwise. Each product sums over k in increasing order, as ml-matrix and the sparse
 * aggregation do (the zeros the sparse one skips add nothing).
 */
function propagate<T>(ar: Arithmetic<T>, H: Rows<T>, aHat: Rows<T>, W: Rows<T>): MatrixOver<T> {
  const columns = W[0]?.length ?? 0;
  const z = columns <= W.length ? matMulOver(ar, aHat, matMulOver(ar, H, W)) : matMulOver(ar, matMulOver(ar, aHat, H), W);
  return reluOver(ar, z);
}

/** Checks that H is n×d₀ for an n×n A and that the weights chain d₀×d₁, d₁×d₂, …. */
function checkShapes(op: string, H: Rows<unknown>, A: Rows<unknown>, Ws: readonly Rows<unknown>[]): void {
  const n = A.length;
  if (n < 1 || A.some((row) => row.length !== n)) {
    throw LayerproofError.invalid({ op, argument: 'A', value: A.map((row) => row.length), expected: 'a square n×n adjacency with n ≥ 1 (the row lengths are shown)' });
  }
  if (H.length !== n) throw LayerproofError.invalid({ op, argument: 'X.length', value: H.length, expected: `${n}, one row per node of A` });
  let d = H[0]?.length ?? 0;
  if (d < 1 || H.some((row) => row.length !== d)) {
    throw LayerproofError.invalid({ op, argument: 'X', value: H.map((row) => row.length), expected: 'rows of one length d₀ ≥ 1 (the row lengths are shown)' });
  }
  if (Ws.length === 0) throw LayerproofError.invalid({ op, argument: 'Ws', value: Ws, expected: 'at least one weight matrix' });
  Ws.forEach((w, l) => {
    const cols = w[0]?.length ?? 0;
    if (w.length !== d || cols < 1 || w.some((row) => row.length !== cols)) {
      throw LayerproofError.invalid({ op, argument: `Ws[${l}]`, value: w.map((row) => row.length), expected: `a ${d}×d_${l + 1} matrix (d_${l + 1} ≥ 1; the row lengths are shown)` });
    }
    d = cols;
  });
}
