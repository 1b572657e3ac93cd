import { LayerproofError } from '../../core/LayerproofError.js';
import type { ModelSpec } from '../LayerSpec.js';

/** The kernel sizes the exercise's LeNet was tried with. */
export const LENET_KERNELS = [3, 5, 6] as const;

/**
 * The exercise's network (LeNet-5 as in PyTorch's CIFAR-10 tutorial): conv 6@k×k, ReLU,
 * max pool 2, conv 16@k×k, ReLU, max pool 2, dense 120, 84, 10. The last layer gives
 * logits; the loss applies the softmax. With k = 5 the second pooling gives 5×5×16 = 400.
 */
export function lenetSpec(kernel = 5): ModelSpec {
  if (!Number.isInteger(kernel) || kernel < 1) {
    throw LayerproofError.invalid({ op: 'lenetSpec', argument: 'kernel', value: kernel, expected: `a positive integer (the exercise tried ${LENET_KERNELS.join(', ')})` });
  }
  return {
    inputShape: [32, 32, 3],
    layers: [
      { kind: 'conv2d', filters: 6, kernel, activation: 'relu', name: 'conv1' },
      { kind: 'maxPool', poolSize: 2, name: 'pool1' },
      { kind: 'conv2d', filters: 16, kernel, activation: 'relu', name: 'conv2' },
      { kind: 'maxPool', poolSize: 2, name: 'pool2' },
      { kind: 'flatten', name: 'flatten' },
      { kind: 'dense', units: 120, activation: 'relu', name: 'fc1' },
      { kind: 'dense', units: 84, activation: 'relu', name: 'fc2' },
      { kind: 'dense', units: 10, name: 'logits' },
    ],
  };
}
