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
