import { tf } from '../../../src/tfjs/tf.js';

/** Gives every weight of a model seeded values in [−1, 1] (BN variances in [0.5, 1.5]), so no layer is trivially the identity. */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const values = model.weights.map((w, i) => {
    const name = w.originalName || w.name;
    const u = tf.randomUniform(w.shape as number[], -1, 1, 'float32', seed + i);
    if (/moving_variance/.test(name)) return tf.tidy(() => u.abs().add(0.5));
    return u;
  });
  model.setWeights(values);
  tf.dispose(values);
}
