import type { LayerSpec } from '../LayerSpec.js';
import type { LayerWeights } from '../toOperator.js';
import type { tf } from './tf.js';

/**
 * Reads a built TensorFlow.js layer's weights into the layout `toOperator` takes
 * (kernel and bias for convolutions and dense layers; γ, β, moving mean and variance
 * for batch normalisation).
 */
export function layerWeights(layer: tf.layers.Layer, spec: LayerSpec): LayerWeights {
  const w = layer.getWeights();
  const tensor = (i: number): { shape: number[]; data: Float32Array } | undefined => {
    const t = w[i];
    return t === undefined ? undefined : { shape: t.shape, data: t.dataSync() as Float32Array };
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
