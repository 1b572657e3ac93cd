import type { ClaimResult } from './ClaimResult.js';
import type { CheckReport } from './CheckReport.js';
import type { Claim, ProofDocument } from './ProofDocument.js';
import { boundedFailure } from './boundedFailure.js';

/**
 * What the site shows for a step:
 * - `proved`: a bounded proof in exact arithmetic, for every real input at the stated sizes;
 *   `proved-probably`: Schwartz–Zippel, with probability ≥ 1 − ε; `refuted-exact`: a refutation
 *   proved by an exact counterexample;
 * - `exhaustive`: checked on every instance; `exhaustive+random`: every instance of the finite
 *   variables, with random continuous ones; `random`: checked on N random instances;
 * - `refuted`: a refutation whose counterexample was found (the step holds as stated);
 * - `failed`; `stale`: the claim's text changed after the last check;
 * - `not-run`: it has a check but no stored result; `unchecked`: a step without a check.
 */
export type StepStatus = 'proved' | 'proved-probably' | 'refuted-exact' | 'exhaustive' | 'exhaustive+random' | 'random' | 'refuted' | 'failed' | 'stale' | 'not-run' | 'unchecked';

export interface ClaimView {
  readonly status: StepStatus;
  /** Short text for the badge. */
  readonly badge: string;
  readonly result: ClaimResult | undefined;
}

const PLAIN = new Intl.NumberFormat('en-US');

/** The status of one claim against a stored report (which may be absent or older than the claim). */
export function claimStatus(claim: Claim, results: ReadonlyMap<string, ClaimResult>): ClaimView {
  if (claim.check === undefined) return { status: 'unchecked', badge: 'not checked (an argument, not a numerical claim)', result: undefined };
  const result = results.get(claim.id);
  if (result === undefined) return { status: 'not-run', badge: 'not checked yet', result };
  if (result.hash !== claim.hash) return { status: 'stale', badge: `stale: changed after the last check (then ${result.status})`, result };
  const bounded = result.bounded ?? null;
  const boundedWhy = bounded === null ? null : boundedFailure(claim.kind, bounded);
  if (result.status === 'failed' && boundedWhy !== null) return { status: 'failed', badge: `failed: ${boundedWhy.split(':')[0] ?? boundedWhy}`, result };
  if (result.status === 'failed') {
    const why = result.outcome === 'error' ? 'evaluation error' : result.outcome === 'no-counterexample' ? `no counterexample in ${PLAIN.format(result.cases)} cases` : 'counterexample found';
    return { status: 'failed', badge: `failed: ${why}`, result };
  }
  if (bounded !== null && bounded.outcome === 'refuted') return { status: 'refuted-exact', badge: 'refuted by an exact counterexample, as stated', result };
  if (bounded !== null && bounded.outcome === 'proved') {
    return bounded.method === 'exact'
      ? { status: 'proved', badge: 'proved for every real input at these sizes', result }
      : { status: 'proved-probably', badge: `proved with probability ≥ 1 − ${formatEpsilon(bounded.epsilon)}`, result };
  }
  if (result.expectation === 'counterexample') return { status: 'refuted', badge: 'refuted by a counterexample, as stated', result };
  if (result.method === 'exhaustive') return { status: 'exhaustive', badge: `checked on all ${PLAIN.format(result.cases)} instances`, result };
  if (result.method === 'exhaustive+random') {
    return { status: 'exhaustive+random', badge: `checked on all ${PLAIN.format(result.enumerated)} finite instances, ${PLAIN.format(result.cases)} cases in all`, result };
  }
  return { status: 'random', badge: `checked on ${PLAIN.format(result.cases)} random instances`, result };
}

/** ε as a power of ten, rounded up: 3.2e-31 → 10⁻³⁰. */
export function formatEpsilon(epsilon: number | null): string {
  if (epsilon === null || !(epsilon > 0)) return '0';
  const exponent = Math.ceil(Math.log10(epsilon));
  return exponent >= 0 ? String(epsilon) : `10^${exponent}`;
}

/** Statuses of a step settled by a bounded proof (exact, or with probability ≥ 1 − ε). */
export function isProved(status: StepStatus): boolean {
  return status === 'proved' || status === 'proved-probably' || status === 'refuted-exact';
}

/** Statuses that count as a checked step in the coverage. */
export function isChecked(status: StepStatus): boolean {
  return isProved(status) || status === 'exhaustive' || status === 'exhaustive+random' || status === 'random' || status === 'refuted';
}

export interface DocumentView {
  readonly status: 'checked' | 'failed' | 'stale' | 'not-run' | 'partial';
  readonly badge: string;
  readonly checkedSteps: number;
  /** Steps settled by a bounded proof (exact, Schwartz–Zippel, or an exact refutation). */
  readonly provedSteps: number;
  readonly steps: number;
  /** The text changed after the last check (even if no claim block did). */
  readonly textChanged: boolean;
}

/** A document's status: failed if any step failed; stale if its text changed; checked if every check passed. */
export function documentStatus(doc: ProofDocument, report: CheckReport | undefined, results: ReadonlyMap<string, ClaimResult>): DocumentView {
  const views = doc.claims.map((c) => claimStatus(c, results));
  const checkedSteps = views.filter((v) => isChecked(v.status)).length;
  const provedSteps = views.filter((v) => isProved(v.status)).length;
  const steps = doc.claims.length;
  const stored = report?.documents.find((d) => d.id === doc.id);
  const textChanged = stored !== undefined && stored.hash !== doc.hash;
  const coverage = `${provedSteps} proved, ${checkedSteps}/${steps} steps checked`;
  const withCheck = views.filter((v) => v.status !== 'unchecked');
  if (views.some((v) => v.status === 'failed')) return { status: 'failed', badge: `failed (${coverage})`, checkedSteps, provedSteps, steps, textChanged };
  if (textChanged || views.some((v) => v.status === 'stale')) return { status: 'stale', badge: `stale: the proof changed after the last check (${coverage})`, checkedSteps, provedSteps, steps, textChanged };
  if (withCheck.length > 0 && withCheck.every((v) => v.status === 'not-run')) return { status: 'not-run', badge: 'not checked yet', checkedSteps, provedSteps, steps, textChanged };
  if (withCheck.some((v) => v.status === 'not-run')) return { status: 'partial', badge: `partly checked (${coverage})`, checkedSteps, provedSteps, steps, textChanged };
  return { status: 'checked', badge: `every check passed (${coverage})`, checkedSteps, provedSteps, steps, textChanged };
}
