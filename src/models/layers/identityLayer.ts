import { affine, type LayerAnalysis, type LayerContext } from './LayerOperatorBuilder.js';
import { copyOperator } from './copyOperator.js';
import { checkOutputShape } from './layerConfig.js';

/**
 * The identity on the layer's input: Dropout, SpatialDropout1D, GaussianNoise, GaussianDropout
 * and AlphaDropout (random only while training), and the activation layers that are linear.
 */
export function identityLayer(context: LayerContext, note = `${context.className} is the identity at inference (it perturbs its input only while training)`): LayerAnalysis {
  const inputShape = context.inputShapes[0] ?? [];
  checkOutputShape(context, inputShape);
  return affine(copyOperator({ kind: context.className, inputShapes: [inputShape], outputShape: inputShape, source: (row) => row, note }));
}
