import { tf } from '../../tfjs/tf.js';

/**
 * The FusedBatchNorm gradient with broadcasting instead of tiling. tfjs-core's own
 * gradient builds the full [N, H, W, C] tile of 1/√(σ² + ε) and multiplies several full-size
 * tensors per partial derivative; in the default CIFAR network that `Tile` alone took a third
 * of each training step on wasm. With S₁ = Σ dy and S₂ = Σ dy·(x − μ) over the reduced axes:
 *
 * $$\partial x = dy\,\gamma r,\quad \partial\mu = -\gamma r S_1,\quad
 *   \partial\sigma^2 = -\tfrac12 \gamma r^3 S_2,\quad \partial\gamma = r S_2,\quad \partial\beta = S_1,
 *   \qquad r = (\sigma^2 + \varepsilon)^{-1/2}.$$
 *
 * Same values as tfjs-core's (the tests compare them), two full-size reductions instead of five.
 */
export function batchNormGradient(stock: tf.GradConfig | undefined): tf.GradConfig {
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      // Per-channel statistics only (what tf.layers' batch normalisation passes); anything else keeps the stock gradient.
      if (stock !== undefined && (mean.rank !== 1 || x.rank < 2 || mean.shape[0] !== x.shape[x.rank - 1])) {
        return stock.gradFunc(dy, saved, attrs);
      }
      const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
      const axes = Array.from({ length: x.rank - 1 }, (_v, i) => i);
      const gamma = scale ?? tf.scalar(1);
      const r = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
      const gammaR = tf.mul(gamma, r);
      const g = dy as tf.Tensor;
      // Computed once here (each partial below runs in its own scope, which would dispose a shared lazy value).
      const s1 = tf.sum(g, axes);
      const s2 = tf.sum(tf.mul(g, tf.sub(x, mean)), axes);
      return {
        x: () => tf.mul(g, gammaR),
        mean: () => tf.neg(tf.mul(gammaR, s1)),
        variance: () => tf.mul(tf.mul(tf.scalar(-0.5), tf.mul(gammaR, tf.square(r))), s2),
        scale: () => tf.mul(r, s2),
        offset: () => s1.clone(),
      };
    },
  };
}
