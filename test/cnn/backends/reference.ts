/**
 * References for the gradient tests: tfjs's own cpu kernels (called directly on the cpu
 * backend, whatever backend is active) and gradients read off the explicit Toeplitz matrix.
 */
import { conv2dMatrix, depthwiseConv2dMatrix, tf, type Padding } from '../../../src/index.js';
import type { ConvCase } from '../../support/arbitraries.js';

export interface Array4 {
  readonly values: Float32Array;
  readonly shape: [number, number, number, number];
}

/** Runs a stock cpu-backend kernel on plain arrays (the cpu backend is initialised on demand). */
export function cpuKernel(name: string, inputs: Record<string, Array4>, attrs: Record<string, unknown>): Float32Array {
  const backend = tf.findBackend('cpu');
  const kernel = tf.getKernel(name, 'cpu');
  if (backend === null || kernel === undefined) throw new Error(`no cpu kernel ${name}`);
  const infos: Record<string, tf.TensorInfo> = {};
  for (const [key, a] of Object.entries(inputs)) {
    infos[key] = { dataId: backend.write(a.values, a.shape, 'float32'), shape: a.shape, dtype: 'float32' };
  }
  const out = kernel.kernelFunc({ inputs: infos, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
  const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
  backend.disposeData(out.dataId);
  for (const info of Object.values(infos)) backend.disposeData(info.dataId);
  return values;
}

/** tfjs's explicit NHWC pad from a layerproof padding. */
export function tfjsPad(p: Padding): 'valid' | 'same' | [[0, 0], [number, number], [number, number], [0, 0]] {
  return typeof p === 'string' ? p : [[0, 0], [p[0][0], p[0][1]], [p[1][0], p[1][1]], [0, 0]];
}

/**
 * ∂(Σ_b dy_bᵀ T(W) x_b)/∂W from the Toeplitz matrix alone: built with each weight replaced by
 * its index + 1 (T is linear in W, so entry (r, c) = W_j contributes dy[r]·x[c] to ∂/∂W_j).
 */
export function toeplitzFilterGradient(
  c: ConvCase, batch: number, x: ArrayLike<number>, dy: ArrayLike<number>, depthwise = false,
): Float64Array {
  const size = c.kh * c.kw * c.cin * c.cout;
  const tags = Float64Array.from({ length: size }, (_v, j) => j + 1);
  const options = { inputShape: [c.h, c.w, c.cin] as [number, number, number], strides: c.strides, padding: c.padding, dilations: c.dilations };
  const op = depthwise
    ? depthwiseConv2dMatrix({ shape: [c.kh, c.kw, c.cin, c.cout], data: tags }, options)
    : conv2dMatrix({ shape: [c.kh, c.kw, c.cin, c.cout], data: tags }, options);
  const { rows, cols, rowPtr, colIndex, values } = op.matrix;
  const grad = new Float64Array(size);
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < rows; r++) {
      const g = dy[b * rows + r] as number;
      for (let k = rowPtr[r] as number; k < (rowPtr[r + 1] as number); k++) {
        const j = (values[k] as number) - 1;
        grad[j] = (grad[j] as number) + g * (x[b * cols + (colIndex[k] as number)] as number);
      }
    }
  }
  return grad;
}

/** Tᵀ·dy_b for every image: the input gradient from the Toeplitz matrix. */
export function toeplitzInputGradient(
  c: ConvCase, batch: number, w: ArrayLike<number>, dy: ArrayLike<number>, depthwise = false,
): Float64Array {
  const options = { inputShape: [c.h, c.w, c.cin] as [number, number, number], strides: c.strides, padding: c.padding, dilations: c.dilations };
  const weights = { shape: [c.kh, c.kw, c.cin, c.cout], data: w };
  const op = depthwise ? depthwiseConv2dMatrix(weights, options) : conv2dMatrix(weights, options);
  const { rows, cols } = op.matrix;
  const out = new Float64Array(batch * cols);
  for (let b = 0; b < batch; b++) out.set(op.matrix.transposeMultiply(Array.from(dy).slice(b * rows, (b + 1) * rows)), b * cols);
  return out;
}

/** Output size of a case (the Toeplitz builder's geometry). */
export function outputSize(c: ConvCase, depthwise = false): [number, number, number] {
  const op = (depthwise ? depthwiseConv2dMatrix : conv2dMatrix)(
    { shape: [c.kh, c.kw, c.cin, c.cout], data: new Float64Array(c.kh * c.kw * c.cin * c.cout) },
    { inputShape: [c.h, c.w, c.cin], strides: c.strides, padding: c.padding, dilations: c.dilations },
  );
  return [op.outputShape[0], op.outputShape[1], op.outputShape[2]];
}

/** Reads a tensor made by `f` (asynchronously: webgpu has no synchronous read in Node) and frees it. */
export async function valuesOf(f: () => tf.Tensor): Promise<Float32Array> {
  const t = tf.tidy(f);
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}
