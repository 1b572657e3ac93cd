import type { PermutationCheckResult } from './permutationCheck.js';
import { describePermutationCheck } from './describePermutationCheck.js';

/**
 * Thrown by `assertPermutationInvariant` / `assertPermutationEquivariant` when the property
 * fails: the message describes the counterexample, and `result` holds it as data. (A failed
 * property is a finding about the model, not bad input, so this is not a LayerproofError.)
 */
export class PermutationPropertyError extends Error {
  override readonly name = 'PermutationPropertyError';

  constructor(readonly result: PermutationCheckResult) {
    super(describePermutationCheck(result));
  }
}
