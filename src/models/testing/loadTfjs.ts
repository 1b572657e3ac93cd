import type { tf } from '../../tfjs/tf.js';

/** The TensorFlow.js namespace, as src/tfjs/tf.ts exports it. */
export type Tfjs = typeof tf;

/**
 * Loads TensorFlow.js when a check first needs it, so that importing layerproof/testing, and
 * checking a plain function, does not (the entry points stay honest about what they pull in).
 */
export async function loadTfjs(): Promise<Tfjs> {
  return (await import('../../tfjs/tf.js')).tf;
}

/**
 * Whether TensorFlow.js is loaded in this process (its engine lives on the global object as
 * `_tfengine`). A function given while it is not cannot make tensors, so it is taken as a map on
 * Float64Array without loading TensorFlow.js to probe it.
 */
export function tfjsLoaded(): boolean {
  return '_tfengine' in globalThis;
}
