// Public exports of the models room (any TensorFlow.js model: operators, reading, verification); re-exported by src/index.ts.
export {
  checkRowRange, matrixOperator, shapeSize, type AffineOperator, type MatrixOperatorOptions,
} from './AffineOperator.js';
export { ACTIVATIONS, ACTIVATION_LIPSCHITZ, applyActivation, parseActivation, type Activation } from './activation.js';
export type {
  LayerAnalysis, LayerContext, LayerOperatorBuilder, LayerOperatorRegistry, LayerWeight,
} from './layers/LayerOperatorBuilder.js';
export { knownLayerClasses, layerOperator, readLayerWeights } from './layers/layerOperator.js';
export { checkOperator, type CheckOperatorOptions, type OperatorCheck } from './verify/checkOperator.js';
