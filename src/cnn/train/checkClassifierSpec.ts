import { LayerproofError } from '../../core/LayerproofError.js';
import type { ModelSpec } from '../LayerSpec.js';
import { inferShapes } from '../inferShapes.js';
import { CIFAR_CLASSES } from './cifarFormat.js';

/**
 * Shape inference over the whole network before anything is built or trained, plus what
 * the trainer needs of a classifier: a 32×32×3 input and ten logits out (the loss applies
 * the softmax, so the last layer must not).
 */
export function checkClassifierSpec(spec: ModelSpec, source = 'the model spec'): ModelSpec {
  const op = 'checkClassifierSpec';
  const layers = inferShapes(spec);
  const input = spec.inputShape.join(',');
  if (input !== '32,32,3') {
    throw LayerproofError.invalid({ op, argument: `${source}: inputShape`, value: spec.inputShape, expected: '[32, 32, 3], the shape of a CIFAR-10 image' });
  }
  const last = layers[layers.length - 1];
  if (last === undefined || last.outputShape.length !== 1 || last.outputShape[0] !== CIFAR_CLASSES) {
    throw LayerproofError.invalid({
      op, argument: `${source}: the output shape`, value: last?.outputShape,
      expected: `[${CIFAR_CLASSES}], one logit per class (end with { "kind": "dense", "units": ${CIFAR_CLASSES} })`,
    });
  }
  if (last.spec.kind === 'dense' && last.spec.activation !== undefined && last.spec.activation !== 'linear') {
    throw LayerproofError.invalid({
      op, argument: `${source}: ${last.label}.activation`, value: last.spec.activation,
      expected: "'linear': the last layer gives logits and the loss applies the softmax",
    });
  }
  return spec;
}
