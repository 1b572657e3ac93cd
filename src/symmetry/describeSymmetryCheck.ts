import { describeEntries, formatIndex, formatNumber } from '../models/testing/describeEntries.js';
import type { SymmetryCheckResult } from './symmetryCheck.js';

/**
 * A readable account of an equivariance or invariance check: on failure the group element, the
 * shrunk input by its non-zero entries, the output position with the largest difference, both
 * values there, the tolerance, the largest error per kind of element and how to replay it.
 */
export function describeSymmetryCheck(result: SymmetryCheckResult): string {
  const invariance = result.property === 'invariance';
  const claim = invariance ? 'f(g·x) = f(x)' : 'f(g·x) = g·f(x)';
  const rhs = invariance ? 'f(x)' : 'g·f(x)';
  const name = invariance ? 'invariant' : 'equivariant';
  const under = `under ${result.action}${result.outputAction === undefined ? '' : ` (acting on the output as ${result.outputAction})`}`;
  const tol = result.tolerance;
  const tolText = `tolerance ${tol.name}: atol ${tol.atol.toExponential(1)}, rtol ${tol.rtol.toExponential(1)}`;
  const replay = `{ seed: ${result.seed}, path: "${result.path ?? ''}" }`;
  const kinds = `  largest error per kind: ${result.byKind.map((k) => `${k.kind} ${k.maxDifference.toExponential(1)} (${k.comparisons} compared)`).join('; ')}`;
  const c = result.counterexample;
  if (c === undefined && !result.holds) {
    return `Not ${name}: ${claim} failed for ${result.map} ${under} with ${replay}, but the counterexample did not fail again when re-run: is f deterministic?`;
  }
  if (c === undefined) {
    const elements = result.elements === 'all' ? 'every element' : `${result.elements} elements drawn`;
    return `${name}: ${claim} held for ${result.map} ${under} on ${result.inputs} inputs, ${elements} on each (${result.comparisons} compared); ` +
      `largest difference ${result.maxDifference.toExponential(2)} (${tolText}). Numerical evidence, not a proof.\n${kinds}`;
  }
  const cmp = c.comparison;
  const i = cmp.worstIndex;
  const at = i < 0
    ? `  f(g·x) has shape [${c.transformedOutput.shape.join(', ')}] but ${rhs} has shape [${c.expected.shape.join(', ')}]`
    : `  at output ${formatIndex(i, c.expected.shape)} of [${c.expected.shape.join(', ')}]: f(g·x) = ${formatNumber(c.transformedOutput.data[i] ?? NaN)}, ` +
      `${rhs} = ${formatNumber(c.expected.data[i] ?? NaN)}${invariance ? '' : ` (f(x) = ${formatNumber(c.output.data[i] ?? NaN)} there)`}`;
  const difference = i < 0 ? Infinity : Math.abs((c.transformedOutput.data[i] ?? NaN) - (c.expected.data[i] ?? NaN));
  const band = c.ignored > 0 ? ` ${c.ignored} of ${c.expected.data.length} output entries in the border band left out;` : '';
  return [
    `Not ${name}: ${claim} fails for ${result.map} ${under} (shrunk by fast-check in ${result.shrinks} steps; replay with ${replay}).`,
    `  g = ${c.elementText}`,
    `  x = ${describeEntries(c.input.data, c.input.shape)}`,
    at,
    `  |difference| = ${formatNumber(difference)} (${tolText};${band} ${cmp.worstRatio.toPrecision(3)}× the allowed error)`,
    kinds,
  ].join('\n');
}
