import type { LayerOperatorRegistry } from './LayerOperatorBuilder.js';

/** Dense, normalisation, shape, merge, regularisation and activation layers, by class name. */
export const CORE_LAYERS: LayerOperatorRegistry = {};
