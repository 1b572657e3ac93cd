import type { MapInput } from '../models/testing/mapUnderTest.js';
import { EquivariancePropertyError } from './EquivariancePropertyError.js';
import { runSymmetryCheck, type InvarianceCheckOptions, type SymmetryCheckResult } from './symmetryCheck.js';

/**
 * For users' own tests: asserts that f ignores a group action on its input, $f(g\cdot x) = f(x)$ (a
 * classifier under shifts, a readout under relabellings), on inputs and elements chosen as by
 * `assertEquivariant`, and rejects with an `EquivariancePropertyError` describing the shrunk
 * counterexample.
 *
 * @param f as for `assertEquivariant`.
 * @param options as for `assertEquivariant`, without `outputAction`.
 * @returns the check's result when the property held.
 */
export async function assertInvariant<G>(f: MapInput, options: InvarianceCheckOptions<G>): Promise<SymmetryCheckResult<G>> {
  const result = await runSymmetryCheck('assertInvariant', 'invariance', f, options);
  if (!result.holds) throw new EquivariancePropertyError(result);
  return result;
}
