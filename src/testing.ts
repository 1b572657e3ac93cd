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
