import type { LayerOperatorRegistry } from './LayerOperatorBuilder.js';

/** Convolution, pooling, padding, cropping and upsampling layers, by class name. */
export const CONVOLUTION_LAYERS: LayerOperatorRegistry = {};
