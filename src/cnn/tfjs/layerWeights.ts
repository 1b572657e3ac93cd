import type { LayerSpec } from '../LayerSpec.js';
import type { LayerWeights } from '../toOperator.js';
import type { tf } from '../../tfjs/tf.js';

/**
 * Reads a built TensorFlow.js layer's weights into the layout `toOperator` takes
 * (kernel and bias for convolutions and dense layers; γ, β, moving mean and variance
 * for batch normalisation), read asynchronously so that every backend can be read.
 */
export async function layerWeights(layer: tf.layers.Layer, spec: LayerSpec): Promise<LayerWeights> {
  const w = layer.getWeights();
  // Asynchronous: tfjs's webgpu backend cannot read a tensor synchronously in Node.
  const data = await Promise.all(w.map(async (t) => Float32Array.from(await t.data())));
  const tensor = (i: number): { shape: number[]; data: Float32Array } | undefined => {
    const t = w[i];
    const values = data[i];
    return t === undefined || values === undefined ? undefined : { shape: t.shape, data: values };
  };
  switch (spec.kind) {
    case 'conv2d':
    case 'depthwiseConv2d':
    case 'dense': {
      const kernel = tensor(0);
      const bias = tensor(1);
      return { ...(kernel !== undefined && { kernel }), ...(bias !== undefined && { bias: bias.data }) };
    }
    case 'batchNorm': {
      const [gamma, beta, movingMean, movingVariance] = [0, 1, 2, 3].map((i) => tensor(i)?.data);
      return {
        ...(gamma !== undefined && { gamma }),
        ...(beta !== undefined && { beta }),
        ...(movingMean !== undefined && { movingMean }),
        ...(movingVariance !== undefined && { movingVariance }),
      };
    }
    default:
      return {};
  }
}
