import type { PermutationCheckResult } from './permutationCheck.js';

/**
 * A readable account of a permutation check: on failure the counterexample (n, the
 * permutation, X, A, both outputs, the difference and the tolerance) and how to replay it.
 */
export function describePermutationCheck(result: PermutationCheckResult): string {
  const claim = result.property === 'invariance'
    ? 'f(PX, PAPᵀ) = f(X, A)'
    : result.output === 'adjacency' ? 'f(PX, PAPᵀ) = P·f(X, A)·Pᵀ' : 'f(PX, PAPᵀ) = P·f(X, A)';
  const name = result.property === 'invariance' ? 'permutation invariant' : 'permutation equivariant';
  const tol = result.tolerance;
  const tolText = `tolerance ${tol.name}: atol ${tol.atol.toExponential(1)}, rtol ${tol.rtol.toExponential(1)}`;
  const c = result.counterexample;
  if (c === undefined && !result.holds) {
    return `Not ${name}: ${claim} failed with seed ${result.seed ?? '?'}, path "${result.path ?? ''}", but the ` +
      'counterexample did not fail again when re-run: is the model deterministic?';
  }
  if (c === undefined) {
    return `${name}: ${claim} held on ${result.cases} (graph, permutation) pairs; largest difference ` +
      `${result.maxDifference.toExponential(2)} (${tolText}). Numerical evidence, not a proof.`;
  }
  const moved = c.permutation.filter((v, i) => v !== i).length;
  const origin = result.seed === undefined
    ? 'listed case'
    : `shrunk by fast-check in ${result.shrinks} steps; replay with { seed: ${result.seed}, path: "${result.path ?? ''}" }`;
  const cmp = c.comparison;
  const where = cmp.worstIndex < 0 ? 'the shapes differ' : `at entry ${entryName(c.expected, cmp.worstIndex)}`;
  const rows: [string, number[][]][] = [['X', c.X], ['A', c.A], ['f(X, A)', c.output], ['f(PX, PAPᵀ)', c.permutedOutput]];
  if (result.property === 'equivariance') rows.push([result.output === 'adjacency' ? 'P·f(X, A)·Pᵀ' : 'P·f(X, A)', c.expected]);
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    `Not ${name}: ${claim} fails (${origin}).`,
    `  n = ${c.nodes} node${c.nodes === 1 ? '' : 's'}, permutation p = ${JSON.stringify(c.permutation)} (row i of PX is row p[i] of X; ${moved} of ${c.nodes} nodes moved)`,
    ...rows.map(([label, m]) => `  ${label.padEnd(width)} = ${formatMatrix(m)}`),
  ];
  lines.push(`  max |difference| = ${formatNumber(c.difference)} ${where} (${tolText}; ${cmp.worstRatio.toPrecision(3)}× the allowed error)`);
  return lines.join('\n');
}

function entryName(m: number[][], flatIndex: number): string {
  const cols = m[0]?.length ?? 1;
  return `[${Math.floor(flatIndex / cols)}][${flatIndex % cols}]`;
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const text = Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(3);
  return text;
}

/** `[[1, 0], [0.5, 2]]`, cut after 8 rows and 8 columns. */
function formatMatrix(m: number[][], max = 8): string {
  const rows = m.slice(0, max).map((r) => {
    const cells = r.slice(0, max).map(formatNumber);
    if (r.length > max) cells.push(`… (${r.length} columns)`);
    return `[${cells.join(', ')}]`;
  });
  if (m.length > max) rows.push(`… (${m.length} rows)`);
  return `[${rows.join(', ')}]`;
}
