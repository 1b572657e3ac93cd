import { createRng } from '../../src/core/rng.js';
import { tf } from '../../src/tfjs/tf.js';

/**
 * Seeded random weights for every layer of a model, so a benchmark is reproducible and batch
 * normalisation is not the identity: kernels uniform with variance 1/fan-in (activations keep
 * their scale through 50 layers), biases, β and moving means in ±0.1, γ in [0.5, 1.5] and moving
 * variances in [0.5, 1.5] (positive, as a trained model's are).
 */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  const uniform = (n: number, lo: number, hi: number): Float32Array => Float32Array.from({ length: n }, () => lo + (hi - lo) * rng());
  for (const layer of model.layers) {
    const weights = layer.weights;
    if (weights.length === 0) continue;
    // Shapes from the current values (the variables' own shapes type their sizes as possibly null).
    const shapes = layer.getWeights().map((t) => t.shape);
    const values = weights.map((w, i) => {
      const shape = shapes[i] ?? [];
      const n = shape.reduce((a, b) => a * b, 1);
      const name = (w.originalName || w.name).replace(/:\d+$/, '').split('/').pop() ?? '';
      let data: Float32Array;
      if (name === 'gamma' || name === 'moving_variance') data = uniform(n, 0.5, 1.5);
      else if (name === 'beta' || name === 'moving_mean' || name === 'bias') data = uniform(n, -0.1, 0.1);
      else {
        // HWIO kernels (depthwise: HW·C·M, one input channel per output): fan-in is all but the last axis, less C for depthwise.
        const fanIn = name === 'depthwise_kernel' ? (shape[0] ?? 1) * (shape[1] ?? 1) : n / (shape[shape.length - 1] ?? 1);
        const limit = Math.sqrt(3 / Math.max(1, fanIn));
        data = uniform(n, -limit, limit);
      }
      return tf.tensor(data, shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}
