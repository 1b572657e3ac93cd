import type { ModelSpec } from '../LayerSpec.js';
import { inferShapes } from '../inferShapes.js';
import { tf } from '../../tfjs/tf.js';
import { toTfjs } from './toTfjs.js';

/**
 * A TensorFlow.js sequential model built from a model spec, after shape inference has
 * accepted it (so a layer that would produce an empty output is refused here, by name,
 * and never reaches training).
 */
export function createModel(spec: ModelSpec): tf.Sequential {
  inferShapes(spec);
  const model = tf.sequential();
  spec.layers.forEach((layer, i) => {
    model.add(toTfjs(layer, i === 0 ? { inputShape: spec.inputShape } : {}));
  });
  return model;
}
