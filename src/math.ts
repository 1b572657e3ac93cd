/**
 * layerproof/math: the framework-free mathematics, without TensorFlow.js and without the proof
 * engine (mathjs), so that it loads in a fraction of a second: tolerances and seeded randomness,
 * the explicit matrices of convolutions and poolings, layer specifications and their operators,
 * the float64 GCN with its permutation checks, and the models room's operator interface.
 * test/package/entries.test.ts holds it to that: importing it must load neither.
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

// The GCN in float64: src/gcn/index.ts less its TensorFlow.js forward pass (gcnForwardTfjs).
export { type MatrixInput } from './gcn/toMatrix.js';
export { validateAdjacency, type ValidateAdjacencyOptions } from './gcn/validateAdjacency.js';
export { normalizeAdjacency, type DegreeConvention, type NormalizeAdjacencyOptions } from './gcn/normalizeAdjacency.js';
export { relu } from './gcn/relu.js';
export { meanRows } from './gcn/meanRows.js';
export { softmax } from './gcn/softmax.js';
export { type GcnForwardOptions, type GcnForwardResult } from './gcn/gcnInputs.js';
export { gcnForward } from './gcn/gcnForward.js';
export { gcnTolerance, type GcnToleranceOptions, type GcnTolerances } from './gcn/gcnTolerance.js';
export { validatePermutation } from './gcn/validatePermutation.js';
export { permutationMatrix } from './gcn/permutationMatrix.js';
export { inversePermutation } from './gcn/inversePermutation.js';
export { randomPermutation } from './gcn/randomPermutation.js';
export { allPermutations, MAX_EXHAUSTIVE_NODES } from './gcn/allPermutations.js';
export { permuteRows } from './gcn/permuteRows.js';
export { permuteAdjacency } from './gcn/permuteAdjacency.js';
export { type EdgeWeights, type GraphConstraints } from './gcn/GraphConstraints.js';
export { randomGraph } from './gcn/randomGraph.js';
export { allGraphs, type AllGraphsOptions } from './gcn/allGraphs.js';
export {
  type GraphModel, type GraphModelOutput, type PermutationTolerance, type ListedPermutationCase, type ListedPermutationCheckOptions,
  type GeneratedPermutationCheckOptions, type PermutationCheckOptions, type PermutationCheckResult, type PermutationCounterexample,
} from './gcn/permutationCheck.js';
export { checkPermutationInvariance } from './gcn/checkPermutationInvariance.js';
export { checkPermutationEquivariance, type EquivarianceCheckOptions } from './gcn/checkPermutationEquivariance.js';
export { describePermutationCheck } from './gcn/describePermutationCheck.js';
export { PermutationPropertyError } from './gcn/PermutationPropertyError.js';

// The framework-free part of the models room: the operator interface, activations in float64,
// and the float64-against-float32 comparison (reading tfjs models stays in the root entry).
export {
  checkRowRange, matrixOperator, rowBlockOperator, shapeSize, type AffineOperator, type MatrixOperatorOptions, type RowBlockOperatorOptions,
} from './models/AffineOperator.js';
export { ACTIVATIONS, ACTIVATION_LIPSCHITZ, applyActivation, parseActivation, type Activation } from './models/activation.js';
export { checkOperator, DEFAULT_BLOCK_NNZ, type CheckOperatorOptions, type OperatorCheck } from './models/verify/checkOperator.js';

// The exact engine: BigInt rationals, canonical polynomials with opaque atoms, residues modulo
// 2^61 − 1, degree bounds and certified rational intervals, all behind one arithmetic interface.
export { NotRepresentableError, type Arithmetic } from './exact/Arithmetic.js';
export { float64Arithmetic } from './exact/float64Arithmetic.js';
export { Rational } from './exact/Rational.js';
export { Polynomial, type AtomFunction } from './exact/Polynomial.js';
export { polynomialArithmetic } from './exact/polynomialArithmetic.js';
export { MOD_PRIME, modPrimeArithmetic, randomResidue, residueOf } from './exact/modPrimeArithmetic.js';
export { DEGREE_SYMBOL, degreeArithmetic } from './exact/degreeArithmetic.js';
export { Interval } from './exact/Interval.js';
export { intervalArithmetic } from './exact/intervalArithmetic.js';
export { matMulOver, transposeOver, identityOver, type MatrixOver } from './exact/matrixOver.js';

// Spectra and norm bounds of convolutions and operators (issue 12): no TensorFlow.js here.
export { relativeGap, type NormBound, type NormBoundOptions } from './spectrum/NormBound.js';
export { circularSpectrum } from './spectrum/circularSpectrum.js';
export { circularNormBound } from './spectrum/circularNormBound.js';
export { frequencyMatrix } from './spectrum/frequencyMatrix.js';
export { circularGramIteration } from './spectrum/circularGramIteration.js';
export { gramIterationBound } from './spectrum/gramIteration.js';
export { reshapedKernelNorm } from './spectrum/reshapedKernelNorm.js';
export { convNormBounds, type ConvNormOptions } from './spectrum/convNormBounds.js';
export { operatorNormBounds } from './spectrum/operatorNormBounds.js';
export { sparseNormBounds } from './spectrum/sparseNormBounds.js';
export type { CircularOptions } from './spectrum/circularArguments.js';
export type { ComplexMatrix } from './spectrum/complexSingularValues.js';
export { maxPoolLipschitz, type MaxPoolLipschitz } from './spectrum/model/maxPoolLipschitz.js';

// Group actions on images and graphs (issue 13): pure index maps, no TensorFlow.js.
export { shapedArray, type ShapedArray } from './symmetry/ShapedArray.js';
export type { GroupAction, OutputAction } from './symmetry/GroupAction.js';
export type { Shift } from './symmetry/Shift.js';
export { cyclicTranslation, type CyclicTranslationOptions } from './symmetry/cyclicTranslation.js';
export { zeroTranslation, type ZeroTranslationOptions } from './symmetry/zeroTranslation.js';
export { borderBand, type BorderBand, type BorderBandOptions, type BorderLayer } from './symmetry/borderBand.js';
export { stridedTranslation, type StridedTranslation, type StridedTranslationOptions } from './symmetry/stridedTranslation.js';
export { outputActionOf } from './symmetry/outputActionOf.js';
export { flip, type FlipDirection, type FlipElement } from './symmetry/flip.js';
export { rotation90, type QuarterTurns } from './symmetry/rotation90.js';
export { channelPermutation } from './symmetry/channelPermutation.js';
export { nodePermutation, type NodePermutationOptions } from './symmetry/nodePermutation.js';
export { nodeRelabelling, type FeatureGraph } from './symmetry/nodeRelabelling.js';
