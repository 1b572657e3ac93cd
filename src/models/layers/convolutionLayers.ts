import { CONV_LAYER_BUILDERS } from './convLayerBuilders.js';
import type { LayerOperatorRegistry } from './LayerOperatorBuilder.js';
import { POOL_LAYER_BUILDERS } from './poolLayerBuilders.js';
import { RESAMPLE_LAYER_BUILDERS } from './resampleLayerBuilders.js';

/** Convolution, pooling, padding, cropping and upsampling layers, by class name. */
export const CONVOLUTION_LAYERS: LayerOperatorRegistry = {
  ...CONV_LAYER_BUILDERS,
  ...POOL_LAYER_BUILDERS,
  ...RESAMPLE_LAYER_BUILDERS,
};
