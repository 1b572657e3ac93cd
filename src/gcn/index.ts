// Public exports of the GCN module; re-exported by src/index.ts. The fast-check arbitraries
// and the assert* helpers are exported from layerproof/testing (src/testing.ts).
export { type MatrixInput } from './toMatrix.js';
export { validateAdjacency, type ValidateAdjacencyOptions } from './validateAdjacency.js';
export { normalizeAdjacency, type DegreeConvention, type NormalizeAdjacencyOptions } from './normalizeAdjacency.js';
export { relu } from './relu.js';
export { meanRows } from './meanRows.js';
export { softmax } from './softmax.js';
export { type GcnForwardOptions, type GcnForwardResult } from './gcnInputs.js';
export { gcnForward } from './gcnForward.js';
export { gcnForwardTfjs } from './tfjs/gcnForwardTfjs.js';
export { gcnTolerance, type GcnToleranceOptions, type GcnTolerances } from './gcnTolerance.js';

export { validatePermutation } from './validatePermutation.js';
export { permutationMatrix } from './permutationMatrix.js';
export { inversePermutation } from './inversePermutation.js';
export { randomPermutation } from './randomPermutation.js';
export { allPermutations, MAX_EXHAUSTIVE_NODES } from './allPermutations.js';
export { permuteRows } from './permuteRows.js';
export { permuteAdjacency } from './permuteAdjacency.js';
export { type EdgeWeights, type GraphConstraints } from './GraphConstraints.js';
export { randomGraph } from './randomGraph.js';
export { allGraphs, type AllGraphsOptions } from './allGraphs.js';

export {
  type GraphModel, type GraphModelOutput, type PermutationTolerance, type ListedPermutationCase, type ListedPermutationCheckOptions,
  type GeneratedPermutationCheckOptions, type PermutationCheckOptions, type PermutationCheckResult, type PermutationCounterexample,
} from './permutationCheck.js';
export { checkPermutationInvariance } from './checkPermutationInvariance.js';
export { checkPermutationEquivariance, type EquivarianceCheckOptions } from './checkPermutationEquivariance.js';
export { describePermutationCheck } from './describePermutationCheck.js';
export { PermutationPropertyError } from './PermutationPropertyError.js';
