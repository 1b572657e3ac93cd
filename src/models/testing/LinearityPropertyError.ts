import { describeLinearityCheck } from './describeLinearityCheck.js';
import type { LinearityCheckResult } from './linearityCheck.js';

/**
 * Thrown by `assertAffine` / `assertLinear` when the property fails: the message describes the
 * shrunk counterexample and `result` holds it as data. (A failed property is a finding about the
 * map, not bad input, so this is not a LayerproofError.)
 */
export class LinearityPropertyError extends Error {
  override readonly name = 'LinearityPropertyError';

  constructor(readonly result: LinearityCheckResult) {
    super(describeLinearityCheck(result));
  }
}
