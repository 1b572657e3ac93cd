/**
 * layerproof: the mathematics of neural-network layers, checked.
 *
 * Conventions: tensors are NHWC as in TensorFlow.js; an input of shape [H, W, C] is
 * vectorised row-major, element (h, w, c) at index (h·W + w)·C + c; convolution weights
 * are [kh, kw, cin, cout] (HWIO); outputs are vectorised the same way.
 */
export { LayerproofError, describeValue, type InvalidArgument } from './core/LayerproofError.js';
export {
  approxEqual, compareArrays, describeComparison, float32Accumulation, float32Regrouping, float64Reordering, tolerances,
  FLOAT32_EPS, FLOAT64_EPS, type Comparison, type Tolerance,
} from './core/tolerance.js';
export { createRng, randomInt, type Rng } from './core/rng.js';

export { convGeometry, inputIndex, type ConvGeometry, type ConvGeometryOptions, type Padding } from './linear/convGeometry.js';
export { SparseMatrix, type Triplet } from './linear/SparseMatrix.js';
export type { LinearOperator, WindowOperator, Weights } from './linear/LinearOperator.js';
export { conv2dMatrix, type Conv2dMatrixOptions } from './linear/conv2dMatrix.js';
export { depthwiseConv2dMatrix } from './linear/depthwiseConv2dMatrix.js';
export { avgPoolMatrix } from './linear/avgPoolMatrix.js';
export { sumPoolMatrix } from './linear/sumPoolMatrix.js';
export type { PoolMatrixOptions } from './linear/poolMatrix.js';
export { conv2dDirect, type Image } from './linear/conv2dDirect.js';
export { pool2dDirect, type PoolKind } from './linear/pool2dDirect.js';
export {
  checkLinearity, type CheckLinearityOptions, type LinearityCounterexample, type LinearityResult, type VectorMap,
} from './linear/checkLinearity.js';

export * from './cnn/LayerSpec.js';
export { inferShapes, type InferredLayer } from './cnn/inferShapes.js';
export { toOperator, applyOperator, type LayerOperator, type LayerWeights } from './cnn/toOperator.js';
export { tf, quietTfjs } from './tfjs/tf.js';
export { requireSynchronousReads } from './tfjs/requireSynchronousReads.js';
export { useTfjsBackend } from './cnn/backends/useTfjsBackend.js';
export { toTfjs, type ToTfjsOptions } from './cnn/tfjs/toTfjs.js';
export { SumPooling2D } from './cnn/tfjs/SumPooling2D.js';
export { layerWeights } from './cnn/tfjs/layerWeights.js';
export { verifyLayer, type LayerVerification, type VerifiableLayer } from './cnn/tfjs/verifyLayer.js';
export { createModel } from './cnn/tfjs/createModel.js';

// Each module keeps its own barrel; names must not collide across them.
export * from './gcn/index.js';
export * from './proof/index.js';
export * from './cnn/backends/index.js';
export * from './cnn/train/index.js';
