/**
 * layerproof/testing: helpers for users' own property tests (fast-check arbitraries and
 * assertions).
 */
export { approxEqual, compareArrays, tolerances, type Tolerance } from './core/tolerance.js';
export { checkLinearity } from './linear/checkLinearity.js';

// Graphs: fast-check arbitraries and permutation assertions for users' own GCN models.
export { graphArbitrary as graph } from './gcn/arbitraries/graphArbitrary.js';
export { permutationArbitrary as permutation } from './gcn/arbitraries/permutationArbitrary.js';
export { featuresArbitrary as features, type EntryOptions, type EntryValues } from './gcn/arbitraries/featuresArbitrary.js';
export { gcnWeightsArbitrary as gcnWeights } from './gcn/arbitraries/gcnWeightsArbitrary.js';
export {
  permutationCaseArbitrary as permutationCase, type PermutationCase, type PermutationCaseOptions,
} from './gcn/arbitraries/permutationCaseArbitrary.js';
export { type GraphConstraints } from './gcn/GraphConstraints.js';
export { assertPermutationInvariant } from './gcn/assertPermutationInvariant.js';
export { assertPermutationEquivariant } from './gcn/assertPermutationEquivariant.js';
export { PermutationPropertyError } from './gcn/PermutationPropertyError.js';
export type {
  GraphModel, GraphModelOutput, PermutationCheckOptions, PermutationCheckResult, PermutationCounterexample,
} from './gcn/permutationCheck.js';
export type { EquivarianceCheckOptions } from './gcn/checkPermutationEquivariance.js';

// CNN layers: linearity assertions for any map, layers against their explicit operators, and arbitraries.
export { assertAffine } from './models/testing/assertAffine.js';
export { assertLinear } from './models/testing/assertLinear.js';
export { LinearityPropertyError } from './models/testing/LinearityPropertyError.js';
export type {
  LinearityCheckOptions, LinearityCheckResult, LinearityCounterexample, LinearityProperty,
} from './models/testing/linearityCheck.js';
export type { ArrayMap, MapInput, MapInputKind, TensorMap } from './models/testing/mapUnderTest.js';
export { linearityTolerance } from './models/testing/linearityTolerance.js';
export {
  assertMatchesOperator, type MatchesOperatorOptions, type OperatorCounterexample, type OperatorMatchResult,
} from './models/testing/assertMatchesOperator.js';
export { OperatorMismatchError } from './models/testing/OperatorMismatchError.js';
export { imageArbitrary as image, type GeneratedImage, type ImageConstraints } from './models/testing/imageArbitrary.js';
export { kernelArbitrary as kernel, type GeneratedKernel, type KernelConstraints } from './models/testing/kernelArbitrary.js';
export {
  convGeometryArbitrary as convGeometry, type ConvGeometryConstraints, type GeneratedConvGeometry, type PaddingKind,
} from './models/testing/convGeometryArbitrary.js';

// Symmetries: group actions on images and graphs, and one equivariance assertion for any map.
export { assertEquivariant } from './symmetry/assertEquivariant.js';
export { assertInvariant } from './symmetry/assertInvariant.js';
export { EquivariancePropertyError } from './symmetry/EquivariancePropertyError.js';
export { describeSymmetryCheck } from './symmetry/describeSymmetryCheck.js';
export type { InvarianceCheckOptions, SymmetryCheckOptions, SymmetryCheckResult, SymmetryCounterexample } from './symmetry/symmetryCheck.js';
export type { KindError } from './symmetry/symmetryEngine.js';
export type { GroupAction, OutputAction } from './symmetry/GroupAction.js';
export { shapedArray, type ShapedArray } from './symmetry/ShapedArray.js';
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
