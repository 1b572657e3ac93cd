import type { Rng } from '../../core/rng.js';
import { tf } from '../../tfjs/tf.js';

/**
 * Draws every kernel again, Glorot-uniform as TensorFlow.js does by default,
 * $W \sim U(-\ell, \ell)$ with $\ell = \sqrt{6/(\text{fan}_\text{in} + \text{fan}_\text{out})}$,
 * but from layerproof's seeded generator, so a run is reproducible from its seed. Biases and
 * batch-normalisation parameters keep their deterministic initial values (0, γ = 1, β = 0).
 */
export function initializeWeights(model: tf.LayersModel, rng: Rng): void {
  const values = model.getWeights();
  const next = model.weights.map((w, i) => {
    const current = values[i];
    if (current === undefined) throw new Error(`initializeWeights: weight ${i} (${w.name}) has no value`);
    if (!/kernel$/.test(w.originalName) || w.shape.length < 2) return current;
    const shape = w.shape.map((d) => d ?? 1);
    // Convolution kernels [kh, kw, in, out]: fans count the receptive field too.
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const fanIn = (shape[shape.length - 2] ?? 1) * receptive;
    const fanOut = (shape[shape.length - 1] ?? 1) * receptive;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: size }, () => (2 * rng() - 1) * limit);
    return tf.tensor(data, shape);
  });
  model.setWeights(next);
  // getWeights() hands out the variables themselves: dispose only the fresh draws.
  next.forEach((t, i) => {
    if (t !== values[i]) t.dispose();
  });
}
