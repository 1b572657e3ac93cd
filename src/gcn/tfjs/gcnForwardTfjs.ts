import { Matrix } from '../../core/mlMatrix.js';
import { requireSynchronousReads } from '../../tfjs/requireSynchronousReads.js';
import { tf } from '../../tfjs/tf.js';
import { gcnInputs, type GcnForwardOptions, type GcnForwardResult } from '../gcnInputs.js';
import { normalizedAdjacencyOf } from '../normalizeAdjacency.js';
import { sameKind, type MatrixInput } from '../toMatrix.js';

/**
 * The same GCN forward pass as `gcnForward`, computed by TensorFlow.js in float32 on the
 * current backend (`useTfjsBackend`; cpu or wasm, as it returns its values synchronously): $\tilde A$ from $A$ with tfjs ops, then
 * $H^{(\ell)} = \operatorname{ReLU}(\tilde A\,(H^{(\ell-1)} W^{(\ell)}))$ by `tf.matMul`, the mean
 * over nodes and `tf.softmax`. Inputs are validated exactly as by `gcnForward`; the values
 * come back as float64 numbers in the kind of `X`. Compare with `gcnForward` under
 * `gcnTolerance(…, { precision: 'float32' })`.
 */
export function gcnForwardTfjs(X: Matrix, A: MatrixInput, weights: readonly MatrixInput[], options?: GcnForwardOptions): GcnForwardResult<Matrix>;
export function gcnForwardTfjs(X: readonly (readonly number[])[], A: MatrixInput, weights: readonly MatrixInput[], options?: GcnForwardOptions): GcnForwardResult<number[][]>;
export function gcnForwardTfjs(X: MatrixInput, A: MatrixInput, weights: readonly MatrixInput[], options?: GcnForwardOptions): GcnForwardResult;
export function gcnForwardTfjs(X: MatrixInput, A: MatrixInput, weights: readonly MatrixInput[], options?: GcnForwardOptions): GcnForwardResult {
  const op = 'gcnForwardTfjs';
  const inputs = gcnInputs(op, X, A, weights, options);
  requireSynchronousReads(op);
  // Run the float64 normalisation only for its error (a node of degree 0 under degreeOf 'A'),
  // so tfjs never sees a division by zero; the values used below are tfjs's own.
  if (inputs.degreeOf === 'A') normalizedAdjacencyOf(op, inputs.A, inputs.degreeOf);
  const n = inputs.A.rows;
  const tensors = tf.tidy(() => {
    const dense = new Float32Array(n * n);
    for (const { row, col, value } of inputs.A.entries()) dense[row * n + col] = value;
    const a = tf.tensor2d(dense, [n, n]);
    const withLoops = a.add(tf.eye(n));
    const degree = (inputs.degreeOf === 'A+I' ? withLoops : a).sum(1);
    const scale = tf.rsqrt(degree);
    const aHat = scale.reshape([n, 1]).mul(withLoops).mul(scale.reshape([1, n]));
    let h: tf.Tensor2D = tf.tensor2d(Float32Array.from(inputs.X.to1DArray()), [n, inputs.X.columns]);
    const hidden: tf.Tensor2D[] = [];
    for (const w of inputs.weights) {
      const wt = tf.tensor2d(Float32Array.from(w.to1DArray()), [w.rows, w.columns]);
      h = tf.relu(tf.matMul(aHat, tf.matMul(h, wt))) as tf.Tensor2D;
      hidden.push(h);
    }
    const output = tf.softmax(h.mean(0).reshape([1, h.shape[1]])) as tf.Tensor2D;
    return { output, hidden };
  });
  try {
    const read = (t: tf.Tensor2D): Matrix | number[][] => sameKind(X, new Matrix(t.arraySync()));
    return { output: read(tensors.output), hidden: tensors.hidden.map(read) };
  } finally {
    tensors.output.dispose();
    tensors.hidden.forEach((t) => t.dispose());
  }
}
