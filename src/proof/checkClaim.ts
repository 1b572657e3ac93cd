import fc from 'fast-check';
import { compareArrays, compareAtMost } from '../core/tolerance.js';
import { flattenValue, shapeOf, toJsonValue, type ClaimValue } from './ClaimValue.js';
import type { CheckMethod, ClaimResult, Counterexample } from './ClaimResult.js';
import type { Claim, ClaimVariable } from './ProofDocument.js';
import { dependentArbitrary } from './dependentArbitrary.js';
import type { Domain } from './VariableGenerator.js';

export interface CheckClaimOptions {
  /** The run's seed; each claim derives its own from it and its id. */
  readonly seed: number;
  /** Random cases per randomly checked claim (at least this many for `exhaustive+random`). */
  readonly runs: number;
  /** Largest number of instances of the finite variables to enumerate; beyond it, sample. */
  readonly exhaustiveLimit: number;
  /** The command that replays the claim, given its id (shown next to a failure). */
  readonly reproduce: (claimId: string) => string;
}

type Scope = Record<string, ClaimValue>;

interface CaseOutcome {
  readonly ok: boolean;
  readonly lhs: unknown;
  readonly rhs: unknown;
  readonly error: number | null;
  readonly ratio: number | null;
  readonly message: string | null;
}

/** FNV-1a of the text: a claim's seed depends on the run's seed and its id only, so `--only` replays it. */
export function claimSeed(seed: number, claimId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed}/${claimId}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function domainOf(v: ClaimVariable, scope: Scope): Domain {
  let args: unknown[];
  try {
    args = v.args.map((a) => a.evaluate({ ...scope }) as unknown);
  } catch (error) {
    throw new Error(`the arguments of '${v.name}: ${v.source}' cannot be evaluated: ${messageOf(error)}`);
  }
  try {
    return v.generator.create(args);
  } catch (error) {
    throw new Error(`'${v.name}: ${v.source}': ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Evaluates both sides on one instance and compares them under the claim's tolerance. */
function evaluateCase(claim: Claim, scope: Scope): CaseOutcome {
  const check = claim.check;
  if (check === undefined) return { ok: true, lhs: null, rhs: null, error: 0, ratio: 0, message: null };
  let lhs: unknown;
  let rhs: unknown;
  try {
    lhs = check.lhs.evaluate({ ...scope }) as unknown;
    rhs = check.rhs.evaluate({ ...scope }) as unknown;
  } catch (error) {
    return { ok: false, lhs: lhs ?? null, rhs: rhs ?? null, error: null, ratio: null, message: `evaluation failed: ${messageOf(error)}` };
  }
  let lhsShape: number[];
  let rhsShape: number[];
  try {
    lhsShape = shapeOf(lhs, 'check', 'the left side');
    rhsShape = shapeOf(rhs, 'check', 'the right side');
  } catch (error) {
    return { ok: false, lhs, rhs, error: null, ratio: null, message: messageOf(error) };
  }
  if (lhsShape.length !== rhsShape.length || lhsShape.some((d, i) => d !== rhsShape[i])) {
    return { ok: false, lhs, rhs, error: null, ratio: null, message: `the sides have different shapes: [${lhsShape.join(', ')}] and [${rhsShape.join(', ')}]` };
  }
  const cmp = (check.relation === 'atMost' ? compareAtMost : compareArrays)(flattenValue(lhs), flattenValue(rhs), claim.tolerance);
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { ok: cmp.ok, lhs, rhs, error: finite(cmp.maxAbsError), ratio: finite(cmp.worstRatio), message: null };
}

/** The random variables of a claim as one fast-check arbitrary, each drawn from the values before it. */
function scopeArbitrary(vars: readonly ClaimVariable[], index: number, scope: Scope): fc.Arbitrary<Scope> {
  const v = vars[index];
  if (v === undefined) return fc.constant(scope);
  return dependentArbitrary(domainOf(v, scope).arbitrary, (value) => scopeArbitrary(vars, index + 1, { ...scope, [v.name]: value }));
}

/** Finite variables whose arguments read only finite variables: these can be enumerated. */
function finiteVariables(claim: Claim): Set<string> {
  const finite = new Set<string>();
  for (const v of claim.given) {
    if (v.generator.finite && v.dependsOn.every((d) => finite.has(d))) finite.add(v.name);
  }
  return finite;
}

/** Number of instances of the finite variables, or undefined when above `limit` (or not enumerable). */
function countInstances(vars: readonly ClaimVariable[], index: number, scope: Scope, limit: number): number | undefined {
  const v = vars[index];
  if (v === undefined) return 1;
  const domain = domainOf(v, scope);
  if (domain.values === undefined || domain.size === undefined || domain.size > limit) return undefined;
  const laterDepend = vars.slice(index + 1).some((w) => w.dependsOn.includes(v.name));
  if (!laterDepend) {
    // The rest does not depend on this variable: count it once and multiply.
    const rest = countInstances(vars, index + 1, scope, limit);
    return rest === undefined || rest * domain.size > limit ? undefined : rest * domain.size;
  }
  let total = 0;
  for (const value of domain.values()) {
    const rest = countInstances(vars, index + 1, { ...scope, [v.name]: value }, limit - total);
    if (rest === undefined) return undefined;
    total += rest;
    if (total > limit) return undefined;
  }
  return total;
}

function* enumerate(vars: readonly ClaimVariable[], index: number, scope: Scope): Generator<Scope> {
  const v = vars[index];
  if (v === undefined) {
    yield scope;
    return;
  }
  for (const value of domainOf(v, scope).values?.() ?? []) yield* enumerate(vars, index + 1, { ...scope, [v.name]: value });
}

function counterexampleOf(claim: Claim, scope: Scope, outcome: CaseOutcome, shrinks: number): Counterexample {
  return {
    variables: claim.given.filter((v) => v.name in scope).map((v) => ({ name: v.name, value: toJsonValue(scope[v.name]) })),
    lhs: toJsonValue(outcome.lhs), rhs: toJsonValue(outcome.rhs), error: outcome.error, message: outcome.message, shrinks,
  };
}

/**
 * Checks one claim: exhaustively when the instances of its finite variables are few
 * enough (≤ `exhaustiveLimit`), each with random draws of its continuous variables if it
 * has any; otherwise on `runs` random instances. Random instances come from fast-check
 * (seeded, shrinking a failure to a small counterexample). Stops at the first failing
 * case. For a refutation, that failing case is the point: it is the counterexample.
 */
export function checkClaim(claim: Claim, options: CheckClaimOptions): ClaimResult {
  const started = performance.now();
  const seed = claimSeed(options.seed, claim.id);
  const refutation = claim.kind === 'refutation';
  const stats = { cases: 0, maxError: 0 as number | null, maxRatio: 0 as number | null, shrinking: false };
  let failure: { scope: Scope; outcome: CaseOutcome; shrinks: number } | undefined;
  let method: CheckMethod = 'random';
  let enumerated = 0;
  let thrown: string | null = null;

  const record = (outcome: CaseOutcome): void => {
    if (stats.shrinking) return;
    stats.cases++;
    if (outcome.error === null || stats.maxError === null) stats.maxError = null;
    else stats.maxError = Math.max(stats.maxError, outcome.error);
    if (outcome.ratio === null || stats.maxRatio === null) stats.maxRatio = null;
    else stats.maxRatio = Math.max(stats.maxRatio, outcome.ratio);
  };
  // Runs fast-check on `arbitrary`; on failure keeps the shrunk case.
  const runFastCheck = (arbitrary: fc.Arbitrary<Scope>, runSeed: number, numRuns: number): void => {
    stats.shrinking = false;
    const details = fc.check(fc.property(arbitrary, (scope) => {
      const outcome = evaluateCase(claim, scope);
      record(outcome);
      if (!outcome.ok) stats.shrinking = true;
      return outcome.ok;
    }), { seed: runSeed, numRuns });
    stats.shrinking = false;
    if (details.failed && details.counterexample !== null) {
      const [scope] = details.counterexample;
      failure = { scope, outcome: evaluateCase(claim, scope), shrinks: details.numShrinks };
    }
  };

  try {
    const finite = finiteVariables(claim);
    const finiteVars = claim.given.filter((v) => finite.has(v.name));
    const randomVars = claim.given.filter((v) => !finite.has(v.name));
    const instances = finiteVars.length === 0 ? undefined : countInstances(finiteVars, 0, {}, options.exhaustiveLimit);
    if (instances !== undefined && randomVars.length === 0) {
      method = 'exhaustive';
      for (const scope of enumerate(finiteVars, 0, {})) {
        enumerated++;
        const outcome = evaluateCase(claim, scope);
        record(outcome);
        if (!outcome.ok) {
          failure = { scope, outcome, shrinks: 0 };
          break;
        }
      }
    } else if (instances !== undefined) {
      method = 'exhaustive+random';
      // Every finite instance at least once, and at least `runs` cases in all.
      const perInstance = Math.max(1, Math.ceil(options.runs / instances));
      for (const scope of enumerate(finiteVars, 0, {})) {
        runFastCheck(scopeArbitrary(randomVars, 0, scope), (seed + enumerated) | 0, perInstance);
        enumerated++;
        if (failure !== undefined) break;
      }
    } else {
      method = 'random';
      runFastCheck(scopeArbitrary(claim.given, 0, {}), seed, options.runs);
    }
  } catch (error) {
    thrown = messageOf(error);
  }

  const found = failure !== undefined;
  const evaluationError = failure?.outcome.message?.startsWith('evaluation failed') === true ? failure.outcome.message : null;
  const error = thrown ?? evaluationError;
  let outcome: ClaimResult['outcome'];
  if (error !== null) outcome = 'error';
  else if (found) outcome = 'counterexample';
  else outcome = refutation ? 'no-counterexample' : 'held';
  const ok = error === null && (refutation ? found : !found);
  return {
    id: claim.id, documentId: claim.documentId, kind: claim.kind, label: claim.label, title: claim.title,
    status: ok ? 'checked' : 'failed',
    expectation: refutation ? 'counterexample' : 'holds',
    outcome, method, cases: stats.cases, enumerated,
    maxError: stats.maxError, maxErrorRatio: stats.maxRatio,
    tolerance: { name: claim.tolerance.name, atol: claim.tolerance.atol, rtol: claim.tolerance.rtol, why: claim.tolerance.why },
    seed, hash: claim.hash, durationMs: performance.now() - started,
    counterexample: failure === undefined ? null : counterexampleOf(claim, failure.scope, failure.outcome, failure.shrinks),
    error, reproduce: options.reproduce(claim.id), bounded: null,
  };
}
