import type { AffineOperator } from '../../models/AffineOperator.js';
import type { tf } from '../../tfjs/tf.js';
import type { NormBound, NormBoundOptions } from '../NormBound.js';

/** Options of the layer-level norm bounds (seed, iterations, target gap, abort signal). */
export type NormOptions = NormBoundOptions;

/**
 * Where a model's Lipschitz bound gets the operator norm of each affine layer: by default the
 * certified bounds of `src/spectrum` (`layerNormBounds`, which knows a convolution's structure,
 * and `operatorNormBounds` for any other operator); a test may give exact dense ones.
 */
export interface NormProvider {
  /** undefined when the layer is not affine. */
  layer(layer: tf.layers.Layer, inputShape: readonly number[], options?: NormOptions): Promise<NormBound | undefined>;
  operator(op: AffineOperator, options?: NormOptions): Promise<NormBound>;
}

/** The certified bounds of `src/spectrum`, loaded on first use. */
export async function spectrumNormProvider(): Promise<NormProvider> {
  const [{ layerNormBounds: layer }, { operatorNormBounds: operator }] = await Promise.all([import('../layerNormBounds.js'), import('../operatorNormBounds.js')]);
  return { layer, operator };
}
