import { expect } from 'vitest';
import { SparseMatrix, type Triplet } from '../../../../src/linear/SparseMatrix.js';
import type { AffineOperator } from '../../../../src/models/AffineOperator.js';
import { layerOperator } from '../../../../src/models/layers/layerOperator.js';
import { checkOperator, type OperatorCheck } from '../../../../src/models/verify/checkOperator.js';
import { tf } from '../../../../src/tfjs/tf.js';
import { uniformData } from '../../../support/arbitraries.js';

/** What a tfjs layer computed on seeded inputs. */
export interface LayerRun {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** The output shape tfjs returned, without the batch. */
  readonly outputShape: number[];
  readonly samples: number;
}

/** Builds `layer` on `inputShape`, gives every weight seeded values in [−1, 1] and runs `samples` seeded inputs in [−1, 1] through it. */
export async function runLayer(layer: tf.layers.Layer, inputShape: readonly number[], seed: number, samples = 2): Promise<LayerRun> {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const x = uniformData(samples * size, seed);
  tf.tidy(() => { layer.apply(tf.zeros([1, ...inputShape])); });
  const fresh = layer.getWeights().map((w, i) => tf.tensor(uniformData(w.size, seed + 101 + i), w.shape));
  layer.setWeights(fresh);
  fresh.forEach((t) => { t.dispose(); });
  return output(layer, x, inputShape, samples);
}

/** Runs `x` (samples × size(inputShape)) through an already built layer. */
export async function output(layer: tf.layers.Layer, x: Float32Array, inputShape: readonly number[], samples: number): Promise<LayerRun> {
  const xt = tf.tensor(x, [samples, ...inputShape]);
  const yt = tf.tidy(() => layer.apply(xt) as tf.Tensor);
  const y = Float32Array.from(await yt.data());
  const outputShape = yt.shape.slice(1);
  xt.dispose();
  yt.dispose();
  return { x, y, outputShape, samples };
}

/** The layer's operator, failing the test when the layer has none. */
export async function operatorOf(layer: tf.layers.Layer, inputShape: readonly number[]): Promise<AffineOperator> {
  const analysis = await layerOperator(layer, inputShape);
  if (analysis.status !== 'affine') throw new Error(`${layer.getClassName()} is ${analysis.status}: ${analysis.reason}`);
  return analysis.operator;
}

/** The explicit operator of a layer checked on what the layer computed. */
export async function checkLayer(layer: tf.layers.Layer, inputShape: readonly number[], seed: number, samples = 2): Promise<{ operator: AffineOperator; check: OperatorCheck; run: LayerRun }> {
  const run = await runLayer(layer, inputShape, seed, samples);
  const operator = await operatorOf(layer, inputShape);
  expect(operator.outputShape, `${layer.getClassName()} output shape`).toEqual(run.outputShape);
  const check = checkOperator(operator, [run.x], run.y, samples);
  return { operator, check, run };
}

/** Describes a check for a failure message. */
export function describeCheck(check: OperatorCheck): string {
  return `max error ${check.maxAbsError.toExponential(2)} (${check.worstRatio.toFixed(2)}× the tolerance ${check.tolerance.name}) at output ${check.worst.index}: ${check.worst.actual} vs ${check.worst.expected}`;
}

/** A layer of the same class as `layer`, made from its config with `patch` applied, built and given `layer`'s weights after `transform`. */
export function variant(
  layer: tf.layers.Layer,
  inputShape: readonly number[],
  patch: Readonly<Record<string, unknown>> = {},
  transform: (name: string, data: Float32Array, shape: readonly number[]) => Float32Array = (_n, d) => d,
): tf.layers.Layer {
  const Class = layer.constructor as new (config: tf.serialization.ConfigDict) => tf.layers.Layer;
  const { name: _name, ...config } = layer.getConfig();
  const copy = new Class({ ...config, ...patch } as tf.serialization.ConfigDict);
  tf.tidy(() => { copy.apply(tf.zeros([1, ...inputShape])); });
  const weights = layer.getWeights().map((w, i) => {
    const short = (layer.weights[i]?.originalName ?? '').split('/').pop() ?? '';
    return tf.tensor(transform(short, w.dataSync() as Float32Array, w.shape), w.shape);
  });
  if (weights.length > 0) copy.setWeights(weights);
  weights.forEach((t) => { t.dispose(); });
  return copy;
}

/** A kernel [kh, kw, ...] rotated by 180° in its two spatial axes (convolution instead of cross-correlation). */
export function flipKernel(data: Float32Array, shape: readonly number[]): Float32Array {
  const [kh = 1, kw = 1] = shape;
  const rest = data.length / (kh * kw);
  const out = new Float32Array(data.length);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const from = (a * kw + b) * rest;
      out.set(data.subarray(from, from + rest), ((kh - 1 - a) * kw + (kw - 1 - b)) * rest);
    }
  }
  return out;
}

/** Largest |A − B| over all entries of two operators of the same size (whole matrices: small operators only). */
export function operatorDistance(a: AffineOperator, b: AffineOperator): number {
  const ma = a.rowBlock(0, a.rows).toDense();
  const mb = b.rowBlock(0, b.rows).toDense();
  let max = 0;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) max = Math.max(max, Math.abs(ma.get(i, j) - mb.get(i, j)));
  for (let i = 0; i < a.rows; i++) max = Math.max(max, Math.abs((a.bias[i] as number) - (b.bias[i] as number)));
  return max;
}

/** The operator whose row r is row `source(r)` of `op` (a wrong channel order, say). */
export function permuteRows(op: AffineOperator, source: (row: number) => number): AffineOperator {
  const whole = op.rowBlock(0, op.rows);
  const bias = Float64Array.from({ length: op.rows }, (_v, r) => op.bias[source(r)] as number);
  return {
    ...op,
    bias,
    rowBlock: (a, b) => {
      const triplets: Triplet[] = [];
      for (let r = a; r < b; r++) {
        const src = source(r);
        for (let k = whole.rowPtr[src] as number; k < (whole.rowPtr[src + 1] as number); k++) {
          triplets.push({ row: r - a, col: whole.colIndex[k] as number, value: whole.values[k] as number });
        }
      }
      return SparseMatrix.fromTriplets(b - a, whole.cols, triplets);
    },
  };
}
