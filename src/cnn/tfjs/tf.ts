/**
 * The single import of TensorFlow.js for the layers code. Importing registers tfjs's own
 * backends (cpu, and webgl which Node cannot start); nothing is selected here.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };

let quieted = false;

/**
 * Silences tfjs's console banner ("looks like you are running TensorFlow.js in Node.js"),
 * which points users to tfjs-node; layerproof reports its backend choice itself.
 */
export function quietTfjs(): void {
  if (quieted) return;
  tf.env().set('PROD', true);
  quieted = true;
}

/**
 * Switches to a backend (`cpu`, `wasm`, `webgpu`) and waits until it is ready, through
 * `selectBackend` (the one entry point): the wasm 'same'-padding fix and layerproof's
 * training kernels come with it.
 */
export async function useTfjsBackend(name: 'cpu' | 'wasm' | 'webgpu'): Promise<void> {
  // Imported here: the backends module imports this one.
  const { selectBackend } = await import('../backends/selectBackend.js');
  await selectBackend({ backend: name });
}
