import { beforeAll, describe, expect, it } from 'vitest';
import { useTfjsBackend } from '../../src/cnn/backends/useTfjsBackend.js';
import { createRng } from '../../src/core/rng.js';
import { layerOperator } from '../../src/models/layers/layerOperator.js';
import { layerNormBounds } from '../../src/spectrum/layerNormBounds.js';
import { relativeGap, type NormBound } from '../../src/spectrum/NormBound.js';
import { sparseNormBounds } from '../../src/spectrum/sparseNormBounds.js';
import { tf } from '../../src/tfjs/tf.js';
import { SparseMatrix } from '../../src/linear/SparseMatrix.js';
import { denseOf, denseSingularValues } from './support/denseOperators.js';

/** A built layer with seeded weights (variances in [0.1, 2.5), so a missing square root shows). */
function built(layer: tf.layers.Layer, inputShape: readonly number[], seed: number): tf.layers.Layer {
  layer.build([null, ...inputShape]);
  const rng = createRng(seed);
  const fresh = layer.getWeights().map((w, i) => {
    const variance = (layer.weights[i]?.originalName ?? '').endsWith('variance');
    return tf.tensor(Float32Array.from({ length: w.size }, () => (variance ? 0.1 + 2.4 * rng() : 2 * rng() - 1)), w.shape);
  });
  layer.setWeights(fresh);
  tf.dispose(fresh);
  return layer;
}

/** ‖T‖₂ of the layer's explicit operator by a dense SVD. */
async function trueNorm(layer: tf.layers.Layer, inputShape: readonly number[]): Promise<number> {
  const analysis = await layerOperator(layer, inputShape);
  if (analysis.status !== 'affine') throw new Error(analysis.reason);
  return denseSingularValues(denseOf(analysis.operator.rowBlock(0, analysis.operator.rows)))[0] ?? 0;
}

function contains(b: NormBound, truth: number): boolean {
  const slack = 1e-9 * truth + 1e-12;
  return b.lower <= truth + slack && truth - slack <= b.upper;
}

const CASES: readonly (readonly [string, () => tf.layers.Layer, readonly number[], string])[] = [
  ["Conv2D 3×3 'same' s=1", () => tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }), [7, 6, 2], 'lanczos'],
  ["Conv2D 3×2 'valid' s=2 (channelsFirst)", () => tf.layers.conv2d({ filters: 2, kernelSize: [3, 2], strides: 2, dataFormat: 'channelsFirst' }), [2, 9, 8], 'lanczos'],
  ["Conv2D 3×3 'same' d=2", () => tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', dilationRate: 2 }), [8, 8, 2], 'lanczos'],
  ['Conv2D 1×1 (exact)', () => tf.layers.conv2d({ filters: 4, kernelSize: 1 }), [5, 5, 3], 'pointwise-svd'],
  ["DepthwiseConv2D 3×3 'same' s=2 M=2", () => tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2 }), [9, 9, 3], 'lanczos'],
  ["SeparableConv2D 3×3 'same'", () => tf.layers.separableConv2d({ filters: 3, kernelSize: 3, padding: 'same' }), [6, 6, 2], 'lanczos'],
  ["Conv2DTranspose 3×3 'same' s=2", () => tf.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), [4, 4, 3], 'lanczos'],
  ["Conv1D k=3 'causal' d=2", () => tf.layers.conv1d({ filters: 2, kernelSize: 3, padding: 'causal', dilationRate: 2 }), [10, 2], 'lanczos'],
  ['Dense 12→5', () => tf.layers.dense({ units: 5 }), [12], 'dense-svd'],
  ['BatchNormalization', () => tf.layers.batchNormalization({}), [4, 4, 3], 'diagonal'],
  ["AveragePooling2D 3×3 s=1 'same' (overlapping)", () => tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' }), [6, 6, 2], ''],
  ['AveragePooling2D 2×2 (non-overlapping)', () => tf.layers.averagePooling2d({ poolSize: 2 }), [6, 6, 2], 'diagonal'],
  ['GlobalAveragePooling2D', () => tf.layers.globalAveragePooling2d({}), [5, 4, 3], 'diagonal'],
  ['ZeroPadding2D', () => tf.layers.zeroPadding2d({ padding: 1 }), [3, 3, 2], 'diagonal'],
  ['Flatten', () => tf.layers.flatten({}), [3, 3, 2], 'diagonal'],
];

describe.each(['cpu', 'wasm'] as const)('layerNormBounds on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  it.each(CASES)('%s: lower ≤ ‖T‖₂ ≤ upper (dense SVD of layerOperator\'s T), gap ≤ 1%', async (_name, make, inputShape, method) => {
    const layer = built(make(), inputShape, 7);
    const truth = await trueNorm(layer, inputShape);
    const b = await layerNormBounds(layer, inputShape);
    if (b === undefined) throw new Error('expected a bound');
    expect(contains(b, truth), `‖T‖ = ${truth} not in [${b.lower}, ${b.upper}] (${b.method})`).toBe(true);
    expect(relativeGap(b)).toBeLessThanOrEqual(0.01);
    expect(b.method).toContain(method);
    expect(b.rests.length).toBeGreaterThan(20);
    layer.weights.forEach((v) => { v.dispose(); });
  });

  it('non-affine layers have no bound (ReLU, MaxPooling2D)', async () => {
    expect(await layerNormBounds(tf.layers.reLU({}), [4, 4, 2])).toBeUndefined();
    expect(await layerNormBounds(tf.layers.maxPooling2d({ poolSize: 2 }), [4, 4, 2])).toBeUndefined();
  });

  it('negative control: a BatchNormalization with the variance\'s square root forgotten is caught', async () => {
    const layer = built(tf.layers.batchNormalization({ epsilon: 1e-3 }), [2, 2, 3], 11);
    const b = await layerNormBounds(layer, [2, 2, 3]);
    if (b === undefined) throw new Error('expected a bound');
    expect(contains(b, await trueNorm(layer, [2, 2, 3]))).toBe(true);
    const [gamma, , , variance] = await Promise.all(layer.getWeights().map(async (w) => Float64Array.from(await w.data())));
    // Weights are gamma, beta, moving_mean, moving_variance: the wrong scale γ/(σ² + ε).
    const wrong = SparseMatrix.fromTriplets(3, 3, [0, 1, 2].map((c) => ({ row: c, col: c, value: (gamma?.[c] ?? 0) / ((variance?.[c] ?? 0) + 1e-3) })));
    const wrongNorm = sparseNormBounds(wrong).upper;
    expect(contains(b, wrongNorm), `a missing square root gives ${wrongNorm}, outside [${b.lower}, ${b.upper}]`).toBe(false);
    layer.weights.forEach((v) => { v.dispose(); });
  });
});
