import { LayerproofError } from '../core/LayerproofError.js';
import { version } from '../version.js';
import { checkClaim } from './checkClaim.js';
import { proveClaim } from './bounded/proveClaim.js';
import { boundedFailure } from './boundedFailure.js';
import type { ClaimResult } from './ClaimResult.js';
import { boundedCounts, EVIDENCE_NOTE, type CheckReport } from './CheckReport.js';
import type { Claim } from './ProofDocument.js';
import type { ProofSet } from './loadProofs.js';
import { CLI_COMMAND, DEFAULT_PROOF_PATHS } from './proofPaths.js';

export { DEFAULT_PROOF_PATHS };

export interface CheckProofsOptions {
  /** Default 42. */
  readonly seed?: number;
  /** Random cases per randomly checked claim. Default 1000. */
  readonly runs?: number;
  /** Largest finite space checked exhaustively. Default 5000. */
  readonly exhaustiveLimit?: number;
  /** Check only these claim ids (or every claim of these document ids). */
  readonly only?: readonly string[];
  /** The proof paths as given by the user, for the report and the replay command. */
  readonly paths?: readonly string[];
  /** Run the bounded proofs the documents ask for (`prove:`). Default true; false: evidence only. */
  readonly bounded?: boolean;
  /** Called after each claim (for progress output). */
  readonly onResult?: (result: ClaimResult, index: number, total: number) => void;
}


/** The command that replays one claim's check. */
export function reproduceCommand(claimId: string, seed: number, runs: number, paths: readonly string[]): string {
  const where = paths.length === DEFAULT_PROOF_PATHS.length && paths.every((p, i) => p === DEFAULT_PROOF_PATHS[i]) ? '' : ` ${paths.join(' ')}`;
  return `${CLI_COMMAND} check --only ${claimId} --seed ${seed} --runs ${runs}${where}`;
}

/** Evaluates every claim with a check (or those selected by `only`) and returns the report. */
export function checkProofs(proofs: ProofSet, options: CheckProofsOptions = {}): CheckReport {
  const seed = options.seed ?? 42;
  const runs = options.runs ?? 1000;
  const exhaustiveLimit = options.exhaustiveLimit ?? 5000;
  const paths = options.paths ?? DEFAULT_PROOF_PATHS;
  if (!Number.isInteger(seed)) throw LayerproofError.invalid({ op: 'checkProofs', argument: 'seed', value: seed, expected: 'an integer' });
  if (!Number.isInteger(runs) || runs < 1) throw LayerproofError.invalid({ op: 'checkProofs', argument: 'runs', value: runs, expected: 'a positive integer' });
  if (!Number.isInteger(exhaustiveLimit) || exhaustiveLimit < 0) {
    throw LayerproofError.invalid({ op: 'checkProofs', argument: 'exhaustiveLimit', value: exhaustiveLimit, expected: 'a non-negative integer' });
  }
  const only = options.only;
  const docIds = new Set(proofs.documents.map((d) => d.id));
  for (const id of only ?? []) {
    if (!proofs.claims.has(id) && !docIds.has(id)) {
      throw LayerproofError.invalid({ op: 'check', argument: '--only', value: id, expected: `a claim id or document id, one of ${[...docIds, ...proofs.claims.keys()].join(', ')}` });
    }
  }
  const selected = (c: Claim): boolean => only === undefined || only.includes(c.id) || only.includes(c.documentId);
  const all = proofs.documents.flatMap((d) => d.claims);
  const toCheck = all.filter((c) => c.check !== undefined && selected(c));
  const started = performance.now();
  const claims: ClaimResult[] = [];
  for (const claim of toCheck) {
    const evidence = checkClaim(claim, { seed, runs, exhaustiveLimit, reproduce: (id) => reproduceCommand(id, seed, runs, paths) });
    const bounded = claim.prove === undefined || options.bounded === false ? null : proveClaim(claim, { seed });
    const result = bounded === null ? evidence : { ...evidence, bounded, status: evidence.status === 'failed' || boundedFailure(claim.kind, bounded) !== null ? 'failed' as const : 'checked' as const, durationMs: evidence.durationMs + bounded.durationMs };
    claims.push(result);
    options.onResult?.(result, claims.length, toCheck.length);
  }
  const unchecked = all.filter((c) => c.check === undefined && selected(c)).map((c) => ({ id: c.id, documentId: c.documentId, label: c.label, title: c.title }));
  return {
    tool: 'layerproof', version, createdAt: new Date().toISOString(), seed, runs, exhaustiveLimit,
    durationMs: performance.now() - started, paths: [...paths], note: EVIDENCE_NOTE,
    summary: {
      claims: claims.length,
      checked: claims.filter((c) => c.status === 'checked').length,
      failed: claims.filter((c) => c.status === 'failed').length,
      cases: claims.reduce((s, c) => s + c.cases, 0),
      unchecked: unchecked.length,
      ...boundedCounts(claims),
    },
    documents: proofs.documents.map((d) => ({
      id: d.id, file: d.file, title: d.title, hash: d.hash, steps: d.claims.length, checkable: d.claims.filter((c) => c.check !== undefined).length,
    })),
    claims, unchecked,
  };
}
