import { LayerproofError } from '../core/LayerproofError.js';
import { tf } from './tf.js';

/**
 * Refuses, with a message naming `op`, to run a function that returns tensor values
 * synchronously (`dataSync`, `arraySync`) on tfjs's webgpu backend: in Node that read needs
 * `OffscreenCanvas` and fails deep inside tfjs. Such functions run on cpu or wasm.
 */
export function requireSynchronousReads(op: string): void {
  const backend = tf.getBackend();
  if (backend === 'webgpu') {
    throw LayerproofError.invalid({
      op, argument: 'the active TensorFlow.js backend', value: backend,
      expected: "'cpu' or 'wasm' (useTfjsBackend): this returns its values synchronously, which the webgpu backend cannot do in Node",
    });
  }
}
