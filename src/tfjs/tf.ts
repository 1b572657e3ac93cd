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
