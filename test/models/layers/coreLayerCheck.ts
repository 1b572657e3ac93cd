// Shared steps of the layer-operator tests: random weights and inputs, the layer's own output,
// and checkOperator of the operator layerOperator builds against it.
import { expect } from 'vitest';
import { createRng, type Rng } from '../../../src/core/rng.js';
import type { AffineOperator } from '../../../src/models/AffineOperator.js';
import type { LayerAnalysis, LayerContext } from '../../../src/models/layers/LayerOperatorBuilder.js';
import { layerOperator, readLayerWeights } from '../../../src/models/layers/layerOperator.js';
import { checkOperator, type OperatorCheck } from '../../../src/models/verify/checkOperator.js';
import { tf } from '../../../src/tfjs/tf.js';

/** Samples per check: a batch of more than one catches a layer that mixes samples. */
export const SAMPLES = 2;

/** Uniform values in [lo, hi) from a seeded generator. */
export function uniform(rng: Rng, n: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rng());
}

/** A random input of `SAMPLES` samples of `shape` (without the batch). */
export function randomInput(rng: Rng, shape: readonly number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(uniform(rng, SAMPLES * size), [SAMPLES, ...shape]);
}

/**
 * Replaces every weight of a built layer with random values; variances (names ending in
 * `variance`) are drawn from [0.1, 2.5) so that σ² + ε is far from 1 and a missing square root shows.
 */
export function setRandomWeights(layer: tf.layers.Layer, rng: Rng): void {
  // getWeights() hands out the variables themselves: read their shapes, never dispose them.
  const fresh = layer.getWeights().map((w, i) => {
    const name = layer.weights[i]?.originalName ?? '';
    return tf.tensor(name.endsWith('variance') ? uniform(rng, w.size, 0.1, 2.5) : uniform(rng, w.size), w.shape);
  });
  layer.setWeights(fresh);
  tf.dispose(fresh);
}

/** Applies the layer to `inputs` (one tensor, or a list for merge layers) and reads its output. */
export async function layerOutput(layer: tf.layers.Layer, inputs: readonly tf.Tensor[]): Promise<Float32Array> {
  const y = layer.apply(inputs.length === 1 ? inputs[0] as tf.Tensor : [...inputs]) as tf.Tensor;
  const data = await y.data() as Float32Array;
  y.dispose();
  return data;
}

/** The affine operator of an analysis, failing the test with the analysis when there is none. */
export function expectAffine(analysis: LayerAnalysis): AffineOperator {
  if (analysis.status !== 'affine') expect.fail(`expected an affine operator, got ${analysis.status}: ${analysis.reason}`);
  return analysis.operator;
}

/** checkOperator of `operator` on `inputs` against `actual`. */
export async function checkAgainst(operator: AffineOperator, inputs: readonly tf.Tensor[], actual: Float32Array, blockNnz?: number): Promise<OperatorCheck> {
  const data = await Promise.all(inputs.map(async (x) => await x.data() as Float32Array));
  return checkOperator(operator, data, actual, SAMPLES, blockNnz === undefined ? {} : { blockNnz });
}

/**
 * Builds the layer on `inputs`, randomises its weights (seeded), and checks the operator that
 * layerOperator reads from it against the layer's own output. Returns the check and the operator.
 */
export async function checkLayer(
  layer: tf.layers.Layer,
  inputs: readonly tf.Tensor[],
  seed: number,
  blockNnz?: number,
): Promise<{ check: OperatorCheck; operator: AffineOperator; actual: Float32Array }> {
  await layerOutput(layer, inputs); // builds the layer, so it has weights to set
  setRandomWeights(layer, createRng(seed));
  const actual = await layerOutput(layer, inputs);
  const shapes = inputs.map((x) => x.shape.slice(1));
  const operator = expectAffine(await layerOperator(layer, shapes.length === 1 ? shapes[0] : shapes));
  return { check: await checkAgainst(operator, inputs, actual, blockNnz), operator, actual };
}

/** A readable failure message for a check. */
export function describeCheck(check: OperatorCheck): string {
  return `worst ratio ${check.worstRatio.toPrecision(3)} (max abs error ${check.maxAbsError.toPrecision(3)}, ${check.tolerance.name}) at sample ${check.worst.sample} index ${check.worst.index}: ` +
    `tfjs ${check.worst.actual} vs operator ${check.worst.expected}`;
}

/** Disposes the layer's weights and the inputs. */
export function release(layer: tf.layers.Layer, inputs: readonly tf.Tensor[]): void {
  if (layer.built) layer.dispose();
  tf.dispose([...inputs]);
}

/**
 * The context the dispatcher would hand a builder, with the output shape the layer really
 * produced (for cases the dispatcher's shape inference cannot resolve yet).
 */
export async function contextOf(layer: tf.layers.Layer, inputShapes: readonly (readonly number[])[], outputShape: readonly number[]): Promise<LayerContext> {
  const weights = await readLayerWeights(layer);
  return {
    layer, className: layer.getClassName(), config: layer.getConfig(), inputShapes, outputShape, weights,
    weight: (name) => weights.find((w) => w.name === name),
  };
}
