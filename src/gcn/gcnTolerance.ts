import { Matrix } from '../core/mlMatrix.js';
import { float32Accumulation, float64Reordering, type Tolerance } from '../core/tolerance.js';
import { LayerproofError } from '../core/LayerproofError.js';
import { gcnInputs, type GcnForwardOptions } from './gcnInputs.js';
import { aggregate } from './aggregate.js';
import { normalizedAdjacencyOf } from './normalizeAdjacency.js';
import type { MatrixInput } from './toMatrix.js';

export interface GcnToleranceOptions extends GcnForwardOptions {
  /**
   * `'float64'`: two float64 forward passes whose sums run in different orders (the GCN on
   * $(PX, PAP^\top)$ against the GCN on $(X, A)$, permuted back); worst-case bound.
   * `'float32'`: a float32 implementation (TensorFlow.js) against the float64 reference;
   * the statistical bound of `float32Accumulation`.
   */
  readonly precision: 'float64' | 'float32';
}

/** One tolerance per hidden layer and one for the output. */
export interface GcnTolerances {
  /** `hidden[l − 1]` bounds the error of $H^{(l)}$. */
  readonly hidden: readonly Tolerance[];
  readonly output: Tolerance;
}

/**
 * Tolerances for comparing two computations of one GCN forward pass, scaled with the graph.
 *
 * Rounding error analysis (Higham): each entry of $\tilde A H W$ is a sum of at most
 * $k_\ell = \deg_{\max} + 1 + d_{\ell-1}$ products, and its error is bounded by the same sum
 * taken over absolute values. Running the network on absolute values,
 * $M^{(0)} = |X|$, $M^{(\ell)} = \tilde A\,M^{(\ell-1)}\,|W^{(\ell)}|$ ($\tilde A \ge 0$),
 * bounds every such sum; ReLU is 1-Lipschitz, so errors add up over the layers:
 * layer $\ell$ is held to `accumulation(n + Σ_{j≤ℓ} k_j, max M^{(ℓ)})`, where the $n$ counts
 * the degree sums of the normalisation. The mean over nodes adds $n$ terms, and softmax is
 * $\tfrac12$-Lipschitz in the max norm, so the output is held to the last layer's bound
 * with $n + d_L$ more terms.
 */
export function gcnTolerance(
  X: MatrixInput,
  A: MatrixInput,
  weights: readonly MatrixInput[],
  options: GcnToleranceOptions,
): GcnTolerances {
  const op = 'gcnTolerance';
  const precision = (options as { precision?: unknown } | undefined)?.precision;
  if (precision !== 'float64' && precision !== 'float32') {
    throw LayerproofError.invalid({ op, argument: 'options.precision', value: precision, expected: "'float64' (two float64 passes in different orders) or 'float32' (tfjs against float64)" });
  }
  const { precision: _precision, ...forwardOptions } = options;
  const inputs = gcnInputs(op, X, A, weights, forwardOptions);
  const accumulation = precision === 'float64' ? float64Reordering : float32Accumulation;
  const n = inputs.A.rows;
  const aHat = normalizedAdjacencyOf(op, inputs.A, inputs.degreeOf);
  let rowTerms = 0;
  for (let i = 0; i < n; i++) rowTerms = Math.max(rowTerms, (aHat.rowPtr[i + 1] as number) - (aHat.rowPtr[i] as number));
  let m = inputs.X.abs();
  let terms = n;
  const hidden: Tolerance[] = [];
  for (const w of inputs.weights) {
    terms += rowTerms + w.rows;
    m = aggregate(aHat, m.mmul(Matrix.abs(w)));
    hidden.push(accumulation(terms, m.max()));
  }
  const last = m.max();
  const outputTerms = terms + n + (inputs.weights.at(-1)?.columns ?? 1);
  return { hidden, output: accumulation(outputTerms, last) };
}
