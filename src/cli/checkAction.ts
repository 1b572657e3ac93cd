import pc from 'picocolors';
import { LayerproofError } from '../core/LayerproofError.js';
import type { ClaimResult } from '../proof/ClaimResult.js';
import { EVIDENCE_NOTE, mergeCheckReports, PROOF_NOTE, readCheckReport, writeCheckReport } from '../proof/CheckReport.js';
import { boundedFailure } from '../proof/boundedFailure.js';
import { formatEpsilon } from '../proof/claimStatus.js';
import { checkProofs } from '../proof/checkProofs.js';
import { loadProofs } from '../proof/loadProofs.js';
import { formatTable, sci } from './formatTable.js';

export interface CheckOptions {
  readonly json?: string;
  readonly seed: string;
  readonly runs: string;
  readonly only?: string;
  readonly exhaustiveLimit: string;
  readonly record: string | false;
  readonly bounded?: boolean;
}

function integerOption(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw LayerproofError.invalid({ op: 'layerproof check', argument: name, value, expected: `an integer ≥ ${min}` });
  }
  return n;
}

function methodCell(r: ClaimResult): string {
  return r.method === 'exhaustive+random' ? `exhaustive (${r.enumerated}) + random` : r.method;
}

function statusCell(r: ClaimResult): string {
  if (r.status === 'failed') return pc.red(pc.bold('FAILED'));
  const b = r.bounded;
  if (b?.outcome === 'refuted') return pc.cyan('refuted exactly, as stated');
  if (b?.outcome === 'proved') return b.method === 'exact' ? pc.green(pc.bold('proved')) : pc.green(`proved (p ≥ 1 − ${formatEpsilon(b.epsilon)})`);
  return r.expectation === 'counterexample' ? pc.cyan('refuted, as stated (evidence)') : pc.green('checked (evidence)');
}

function proofCell(r: ClaimResult): string {
  const b = r.bounded;
  if (b === null || b === undefined || b.outcome === 'evidence') return '—';
  const what = b.method === 'exact' ? 'exact' : `S–Z d=${b.degree ?? '?'}`;
  return `${what}, ${b.instances} sizes, ${(b.durationMs / 1000).toFixed(1)} s`;
}

function describeFailure(r: ClaimResult): string {
  const lines = [`${pc.red('✗')} ${r.id} (${r.label}: ${r.title})`];
  const b = r.bounded;
  const why = b === null || b === undefined ? null : boundedFailure(r.kind, b);
  if (why !== null && b !== null && b !== undefined) {
    lines.push(`    bounded proof (${b.method}): ${why}`);
    const ce = b.counterexample;
    if (ce !== null) {
      lines.push('    exact counterexample:');
      for (const v of [...ce.instance, ...ce.point]) lines.push(`      ${v.name} = ${JSON.stringify(v.value)}`);
      lines.push(`      entry [${ce.entry.join(', ')}]: left ${ce.lhs}, right ${ce.rhs}`);
    }
  }
  if (r.error !== null) lines.push(`    ${r.error}`);
  else if (r.outcome === 'no-counterexample') lines.push(`    no counterexample in ${r.cases} cases: the refutation did not find the failure it states`);
  const ce = r.counterexample;
  if (ce !== null) {
    lines.push(`    counterexample${ce.shrinks > 0 ? ` (shrunk in ${ce.shrinks} steps)` : ''}:`);
    for (const v of ce.variables) lines.push(`      ${v.name} = ${JSON.stringify(v.value)}`);
    lines.push(`      left side  = ${JSON.stringify(ce.lhs)}`, `      right side = ${JSON.stringify(ce.rhs)}`);
    lines.push(`      ${ce.message ?? `largest difference ${sci(ce.error ?? Infinity)} > tolerance ${r.tolerance.name}`}`);
  }
  lines.push(`    reproduce: ${r.reproduce}`);
  return lines.join('\n');
}

/** Loads, checks, prints the table and writes the results; returns the exit status. */
export function checkAction(paths: string[], opts: CheckOptions): number {
  const seed = integerOption('--seed', opts.seed, -(2 ** 31));
  const runs = integerOption('--runs', opts.runs, 1);
  const exhaustiveLimit = integerOption('--exhaustive-limit', opts.exhaustiveLimit, 0);
  const only = opts.only?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const proofs = loadProofs(paths);
  const total = proofs.documents.reduce((s, d) => s + d.claims.filter((c) => c.check !== undefined).length, 0);
  process.stderr.write(pc.dim(`checking ${only === undefined ? total : 'selected'} claims of ${proofs.documents.length} documents (seed ${seed}, ${runs} random cases per claim)…\n`));
  // Progress on a terminal only, so that logs and pipes get the table alone.
  const progress = process.stderr.isTTY ? (r: ClaimResult, i: number, n: number): void => {
    process.stderr.write(`\r\x1b[K${pc.dim(`[${i}/${n}] ${r.id}: ${r.status}`)}${i === n ? '\r\x1b[K' : ''}`);
  } : undefined;
  const report = checkProofs(proofs, { seed, runs, exhaustiveLimit, paths, bounded: opts.bounded !== false, ...(only !== undefined && { only }), ...(progress !== undefined && { onResult: progress }) });

  process.stdout.write(`${formatTable(
    ['claim', 'bounded proof', 'evidence', 'cases', 'largest error', 'tolerance', 'status'],
    report.claims.map((r) => [r.id, proofCell(r), methodCell(r), String(r.cases), r.maxError === null ? '—' : sci(r.maxError), `${r.tolerance.name} (${sci(r.tolerance.atol)}, ${sci(r.tolerance.rtol)})`, statusCell(r)]),
  )}\n`);
  for (const doc of report.documents) {
    const results = report.claims.filter((c) => c.documentId === doc.id);
    if (results.length === 0) continue;
    const ok = results.filter((c) => c.status === 'checked').length;
    process.stdout.write(`${doc.file}: ${ok}/${doc.steps} steps checked${doc.steps > doc.checkable ? ` (${doc.steps - doc.checkable} without a numerical check)` : ''}\n`);
  }
  const failed = report.claims.filter((c) => c.status === 'failed');
  for (const r of failed) process.stdout.write(`${describeFailure(r)}\n`);
  const seconds = report.durationMs / 1000;
  process.stdout.write(`${report.summary.checked} of ${report.summary.claims} claims checked, ${report.summary.failed} failed; ` +
    `${report.summary.cases} cases in ${seconds.toFixed(1)} s (${Math.round(report.summary.cases / Math.max(seconds, 1e-9))} cases/s).\n`);
  const { proved = 0, provedProbably = 0, refutedExact = 0, evidenceOnly = 0 } = report.summary;
  process.stdout.write(`bounded proofs: ${proved} proved for every real input at the stated sizes, ${provedProbably} with probability ≥ 1 − ε, ` +
    `${refutedExact} refutations proved by an exact counterexample; ${evidenceOnly} claims are evidence only.\n`);
  process.stdout.write(pc.dim(`${PROOF_NOTE}\n${EVIDENCE_NOTE}\n`));

  if (opts.json !== undefined) writeCheckReport(report, opts.json);
  if (opts.record !== false) {
    const previous = only === undefined ? undefined : readCheckReport(opts.record);
    writeCheckReport(mergeCheckReports(previous, report, new Set(proofs.claims.keys())), opts.record);
  }
  return failed.length > 0 ? 1 : 0;
}
