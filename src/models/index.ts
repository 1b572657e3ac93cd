// Public exports of the models room (any TensorFlow.js model: operators, reading, verification); re-exported by src/index.ts.
export {
  checkRowRange, matrixOperator, rowBlockOperator, shapeSize, type AffineOperator, type MatrixOperatorOptions, type RowBlockOperatorOptions,
} from './AffineOperator.js';
export { ACTIVATIONS, ACTIVATION_LIPSCHITZ, applyActivation, parseActivation, type Activation } from './activation.js';
export type {
  LayerAnalysis, LayerContext, LayerOperatorBuilder, LayerOperatorRegistry, LayerWeight,
} from './layers/LayerOperatorBuilder.js';
export { knownLayerClasses, layerOperator, readLayerWeights } from './layers/layerOperator.js';
export { checkOperator, DEFAULT_BLOCK_NNZ, type CheckOperatorOptions, type OperatorCheck } from './verify/checkOperator.js';
export type { ModelSites, OperatorSite, TensorValues } from './ModelSites.js';
export { layersModelSites } from './layersModelSites.js';
export { composeOperators, type ComposedOperator } from './composeOperators.js';
export {
  verifyModelSites, type ChainReport, type LayerReport, type LayerStatus, type ModelReport, type VerifyModelSitesOptions,
} from './verify/verifyModelSites.js';
export {
  verifyModel, type LayerNorm, type ModelNorms, type ModelVerification, type NormedModel, type ShiftConsistencyReport, type VerifyModelOptions,
} from './verify/verifyModel.js';
export { graphModelSites } from './graph/graphModelSites.js';
export { knownGraphOps } from './graph/graphOpAnalysis.js';
export type { GraphDefJson, GraphNodeJson } from './graph/GraphDefJson.js';
export { loadModel, type LoadedModel, type LoadModelOptions } from './io/loadModel.js';
export { readModelInputs, type ModelInputs, type PixelRange, type ReadModelInputsOptions } from './io/readModelInputs.js';
export { modelOperators, type ModelOperatorEntry, type ModelOperatorsOptions } from './modelOperators.js';
