import type { LayerOperatorRegistry } from './LayerOperatorBuilder.js';
import { batchNormLayer } from './batchNormLayer.js';
import { denseLayer } from './denseLayer.js';
import { identityLayer } from './identityLayer.js';
import { addLayer, averageLayer, concatenateLayer, subtractLayer } from './mergeLayers.js';
import { NONLINEAR_LAYERS } from './nonlinearLayers.js';
import { rescalingLayer } from './rescalingLayer.js';
import { flattenLayer, permuteLayer, repeatVectorLayer, reshapeLayer } from './shapeLayers.js';

/** Dense, normalisation, shape, merge, regularisation and activation layers, by class name. */
export const CORE_LAYERS: LayerOperatorRegistry = {
  Dense: denseLayer,
  BatchNormalization: batchNormLayer,
  Flatten: flattenLayer,
  Reshape: reshapeLayer,
  Permute: permuteLayer,
  RepeatVector: repeatVectorLayer,
  Rescaling: rescalingLayer,
  Add: addLayer,
  Subtract: subtractLayer,
  Average: averageLayer,
  Concatenate: concatenateLayer,
  Dropout: identityLayer,
  SpatialDropout1D: identityLayer,
  GaussianNoise: identityLayer,
  GaussianDropout: identityLayer,
  AlphaDropout: identityLayer,
  ...NONLINEAR_LAYERS,
};
