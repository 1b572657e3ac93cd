import { describeSymmetryCheck } from './describeSymmetryCheck.js';
import type { SymmetryCheckResult } from './symmetryCheck.js';

/**
 * Thrown by `assertEquivariant` / `assertInvariant` when the property fails: the message names the
 * group element, the shrunk input, the output position with the largest difference, both values,
 * the tolerance and the seed and path to replay it; `result` holds them as data. (A failed property
 * is a finding about the map, not bad input, so this is not a LayerproofError.)
 */
export class EquivariancePropertyError extends Error {
  override readonly name = 'EquivariancePropertyError';

  constructor(readonly result: SymmetryCheckResult) {
    super(describeSymmetryCheck(result));
  }
}
