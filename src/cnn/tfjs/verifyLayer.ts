import { LayerproofError } from '../../core/LayerproofError.js';
import { compareArrays, float32Accumulation, type Tolerance } from '../../core/tolerance.js';
import type { LayerSpec } from '../LayerSpec.js';
import { applyOperator, toOperator } from '../toOperator.js';
import { layerWeights } from './layerWeights.js';
import { tf } from '../../tfjs/tf.js';
import { toTfjs } from './toTfjs.js';

export interface VerifiableLayer {
  readonly spec: LayerSpec;
  /** Shape of one input, without the batch. */
  readonly inputShape: readonly number[];
  /** A TensorFlow.js layer (trained or not); made from the spec with fresh weights when absent. */
  readonly layer?: tf.layers.Layer;
}

export interface LayerVerification {
  readonly ok: boolean;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  /** The tolerance the largest error was held to, and why. */
  readonly tolerance: Tolerance;
  readonly images: number;
  readonly outputsPerImage: number;
}

/**
 * The two faces of a layer compared on real inputs: TensorFlow.js's output against
 * act(T·x + b) computed in float64 from the explicit operator and the layer's own weights.
 * The tolerance is float32's, scaled by the row length of T and by Σ|Tᵢⱼxⱼ| + |bᵢ|.
 */
export async function verifyLayer(target: VerifiableLayer, inputs: tf.Tensor | readonly ArrayLike<number>[]): Promise<LayerVerification> {
  const op = 'verifyLayer';
  const size = target.inputShape.reduce((a, b) => a * b, 1);
  const x = inputs instanceof tf.Tensor
    ? inputs
    : tf.tensor(inputs.flatMap((v, i) => {
        if (v.length !== size) throw LayerproofError.invalid({ op, argument: `inputs[${i}].length`, value: v.length, expected: `${size}, the size of inputShape [${target.inputShape.join(', ')}]` });
        return Array.from(v);
      }), [inputs.length, ...target.inputShape]);
  if (x.shape.slice(1).join(',') !== target.inputShape.join(',')) {
    throw LayerproofError.invalid({ op, argument: 'inputs.shape', value: x.shape, expected: `[batch, ${target.inputShape.join(', ')}]` });
  }
  const layer = target.layer ?? toTfjs(target.spec);
  const y = layer.apply(x, { training: false }) as tf.Tensor;
  // Asynchronous reads: tfjs's webgpu backend cannot read a tensor synchronously in Node.
  const [actual, xData, weights] = await Promise.all([y.data(), x.data(), layerWeights(layer, target.spec)]);
  const images = x.shape[0] ?? 0;
  const operator = toOperator(target.spec, weights, target.inputShape);
  const outSize = operator.matrix.rows;

  const expected = new Float64Array(images * outSize);
  let scale = 0;
  let terms = 1;
  const { rowPtr, colIndex, values } = operator.matrix;
  for (let r = 0; r < outSize; r++) terms = Math.max(terms, (rowPtr[r + 1] as number) - (rowPtr[r] as number) + 1);
  for (let b = 0; b < images; b++) {
    const xi = xData.subarray(b * size, (b + 1) * size);
    expected.set(applyOperator(operator, xi), b * outSize);
    for (let r = 0; r < outSize; r++) {
      let s = Math.abs(operator.bias[r] as number);
      for (let k = rowPtr[r] as number; k < (rowPtr[r + 1] as number); k++) s += Math.abs((values[k] as number) * (xi[colIndex[k] as number] as number));
      scale = Math.max(scale, s);
    }
  }
  if (target.layer === undefined) layer.dispose();
  if (!(inputs instanceof tf.Tensor)) x.dispose();
  y.dispose();
  const tolerance = float32Accumulation(terms, scale);
  const cmp = compareArrays(actual, expected, tolerance);
  return { ok: cmp.ok, maxAbsError: cmp.maxAbsError, maxRelError: cmp.maxRelError, tolerance, images, outputsPerImage: outSize };
}
