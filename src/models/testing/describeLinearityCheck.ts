import { describeEntries, formatIndex, formatNumber } from './describeEntries.js';
import type { LinearityCheckResult } from './linearityCheck.js';

/**
 * A readable account of a linearity check: on failure the shrunk counterexample (x and y by their
 * non-zero entries, α and β, the output entry with the largest error, both sides there, the
 * difference and the tolerance) and how to replay it.
 */
export function describeLinearityCheck(result: LinearityCheckResult): string {
  const affine = result.property === 'affine';
  const claim = affine ? 'f(αx + (1−α)y) = αf(x) + (1−α)f(y)' : 'f(αx + βy) = αf(x) + βf(y)';
  const rhs = affine ? 'αf(x) + (1−α)f(y)' : 'αf(x) + βf(y)';
  const lhs = affine ? 'f(αx + (1−α)y)' : 'f(αx + βy)';
  const tol = result.tolerance;
  const tolText = `tolerance ${tol.name}: atol ${tol.atol.toExponential(1)}, rtol ${tol.rtol.toExponential(1)}`;
  const replay = `{ seed: ${result.seed}, path: "${result.path ?? ''}" }`;
  const c = result.counterexample;
  if (c === undefined && !result.holds) {
    return `Not ${result.property}: ${claim} failed for ${result.map} with ${replay}, but the counterexample did not fail ` +
      'again when re-run: is f deterministic?';
  }
  if (c === undefined) {
    return `${result.property}: ${claim} held for ${result.map} on ${result.cases} cases; largest difference ` +
      `${result.maxDifference.toExponential(2)} (${tolText}). Numerical evidence, not a proof.`;
  }
  const cmp = c.comparison;
  const i = Math.max(0, cmp.worstIndex);
  const where = c.outputShape === undefined
    ? `output ${i} of ${c.fz.length}`
    : `output ${formatIndex(i, c.outputShape)} of [${c.outputShape.join(', ')}]`;
  const scalars = affine ? `α = ${formatNumber(c.alpha)}, 1 − α = ${formatNumber(c.beta)}` : `α = ${formatNumber(c.alpha)}, β = ${formatNumber(c.beta)}`;
  const difference = Math.abs((c.fz[i] ?? NaN) - (c.combination[i] ?? NaN));
  return [
    `Not ${result.property}: ${claim} fails for ${result.map} (shrunk by fast-check in ${result.shrinks} steps; replay with ${replay}).`,
    `  x = ${describeEntries(c.x, result.inputShape)}`,
    `  y = ${describeEntries(c.y, result.inputShape)}`,
    `  ${scalars}`,
    `  at ${where}: ${lhs} = ${formatNumber(c.fz[i] ?? NaN)}, ${rhs} = ${formatNumber(c.combination[i] ?? NaN)} ` +
      `(f(x) = ${formatNumber(c.fx[i] ?? NaN)}, f(y) = ${formatNumber(c.fy[i] ?? NaN)})`,
    `  |difference| = ${formatNumber(difference)} (${tolText}; ${cmp.worstRatio.toPrecision(3)}× the allowed error)`,
  ].join('\n');
}
