import type { OperatorMatchResult } from './assertMatchesOperator.js';
import { describeEntries, formatIndex, formatNumber } from './describeEntries.js';

/**
 * A readable account of a layer that does not match its explicit operator: the operator, the
 * shrunk input, the output entry with the largest error, what TensorFlow.js computed and what
 * act(T·x + b) gives there, the tolerance, and how to replay it.
 */
export function describeOperatorMismatch(result: OperatorMatchResult): string {
  const o = result.operator;
  const replay = `{ seed: ${result.seed}, path: "${result.path ?? ''}" }`;
  const head = `${result.layer} does not match its explicit operator: act(T·x + b) ≠ what TensorFlow.js computes`;
  const c = result.counterexample;
  if (c === undefined) return `${head}; the failing case ${replay} did not fail again when re-run: is the layer deterministic?`;
  const check = c.check;
  const tol = check.tolerance;
  const inputs = c.inputs.map((x, j) => `  ${c.inputs.length === 1 ? 'x' : `x${j + 1}`} = ${describeEntries(x, o.inputShapes[j])}`);
  const { index, actual, expected } = check.worst;
  return [
    `${head} (shrunk by fast-check in ${result.shrinks} steps; replay with ${replay}).`,
    `  operator: ${o.kind}, T ${o.rows}×${o.cols} with ${o.nnz} stored entries, activation ${o.activation}${o.note === undefined ? '' : ` (${o.note})`}`,
    ...inputs,
    `  at output ${formatIndex(index, o.outputShape)} of [${o.outputShape.join(', ')}]: TensorFlow.js = ${formatNumber(actual)}, act(T·x + b) = ${formatNumber(expected)}`,
    `  |difference| = ${formatNumber(Math.abs(actual - expected))} (tolerance ${tol.name}: atol ${tol.atol.toExponential(1)}, ` +
      `rtol ${tol.rtol.toExponential(1)}; ${check.worstRatio.toPrecision(3)}× the allowed error)`,
  ].join('\n');
}
