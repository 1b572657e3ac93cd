import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LayerproofError } from '../core/LayerproofError.js';
import type { ClaimResult } from './ClaimResult.js';

/** The plain statement printed with every report and on every page of the site. */
export const EVIDENCE_NOTE =
  'Numerical checking is evidence, not a formal proof: a claim that holds on every tested instance can still fail on one that was not tested. ' +
  'Where a space is small it is checked in full; elsewhere the report says how many random instances were tried, the largest error seen and the tolerance it was held to.';

/** What a bounded proof covers, said once for the report, the CLI and the site. */
export const PROOF_NOTE =
  'A step proved for every real input was run by the exact engine on symbolic values (exact rational polynomials, with ReLU, max and square roots as opaque functions of their arguments) ' +
  'for every member of the stated finite family of sizes: it proves the real-arithmetic specification as the reference code computes it, at those sizes, and nothing about other sizes. ' +
  'A step proved with probability ≥ 1 − ε was evaluated at random points modulo the prime 2^61 − 1 (Schwartz–Zippel). ' +
  "TensorFlow.js's float32 kernels and the float64 code paths remain evidence, held to tolerances: the float64 GCN, for one, is not exactly invariant, since relabelling the nodes changes the order of its additions.";

/** One document as it stood when it was checked. */
export interface CheckedDocument {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  /** Hash of the file when it was checked: a different hash now means the result is stale. */
  readonly hash: string;
  /** All steps (claim blocks, with or without a check). */
  readonly steps: number;
  /** Steps that carry a check. */
  readonly checkable: number;
}

/** What `layerproof check` writes (`--json`) and `layerproof docs` reads. */
export interface CheckReport {
  readonly tool: 'layerproof';
  readonly version: string;
  readonly createdAt: string;
  readonly seed: number;
  readonly runs: number;
  readonly exhaustiveLimit: number;
  readonly durationMs: number;
  /** The proof files and folders that were checked, as given on the command line. */
  readonly paths: readonly string[];
  readonly note: string;
  readonly summary: {
    readonly claims: number;
    readonly checked: number;
    readonly failed: number;
    readonly cases: number;
    readonly unchecked: number;
    /** Claims proved exactly for every real input at the stated sizes (absent in reports before bounded proofs). */
    readonly proved?: number;
    /** Claims proved with probability ≥ 1 − ε (Schwartz–Zippel). */
    readonly provedProbably?: number;
    /** Refutations proved by an exact counterexample. */
    readonly refutedExact?: number;
    /** Claims with numerical evidence only. */
    readonly evidenceOnly?: number;
  };
  readonly documents: readonly CheckedDocument[];
  readonly claims: readonly ClaimResult[];
  /** Steps without a check, listed so that coverage is honest. */
  readonly unchecked: readonly { readonly id: string; readonly documentId: string; readonly label: string; readonly title: string }[];
}

/** How many claims each kind of bounded proof settled (a stored report from before them has `bounded` undefined). */
export function boundedCounts(claims: readonly ClaimResult[]): { proved: number; provedProbably: number; refutedExact: number; evidenceOnly: number } {
  const ok = (c: ClaimResult): boolean => c.status === 'checked' && c.bounded !== null && c.bounded !== undefined;
  return {
    proved: claims.filter((c) => ok(c) && c.bounded?.method === 'exact' && c.bounded.outcome === 'proved').length,
    provedProbably: claims.filter((c) => ok(c) && c.bounded?.method === 'schwartz-zippel' && c.bounded.outcome === 'proved').length,
    refutedExact: claims.filter((c) => ok(c) && c.bounded?.outcome === 'refuted').length,
    evidenceOnly: claims.filter((c) => c.bounded === null || c.bounded === undefined || c.bounded.outcome === 'evidence').length,
  };
}

export function writeCheckReport(report: CheckReport, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

/** Reads a stored report; undefined when the file does not exist. A malformed file is an error. */
export function readCheckReport(file: string): CheckReport | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LayerproofError(`Error in readCheckReport: ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}). Run \`layerproof check\` again to rewrite it.`, { op: 'readCheckReport', argument: 'file', value: file });
  }
  const r = data as Partial<CheckReport> | null;
  if (r === null || typeof r !== 'object' || r.tool !== 'layerproof' || !Array.isArray(r.claims) || !Array.isArray(r.documents)) {
    throw LayerproofError.invalid({ op: 'readCheckReport', argument: 'file', value: file, expected: 'a report written by `layerproof check` (an object with tool, claims and documents)' });
  }
  return r as CheckReport;
}

/**
 * Keeps the results of claims that this run did not check (a `--only` run) from the previous
 * report, so that replaying one claim does not erase the others from the site.
 */
export function mergeCheckReports(previous: CheckReport | undefined, current: CheckReport, knownClaims: ReadonlySet<string>): CheckReport {
  if (previous === undefined) return current;
  const rechecked = new Set(current.claims.map((c) => c.id));
  const kept = previous.claims.filter((c) => !rechecked.has(c.id) && knownClaims.has(c.id));
  if (kept.length === 0) return current;
  const claims = [...kept, ...current.claims];
  return {
    ...current,
    claims,
    summary: {
      ...current.summary,
      ...boundedCounts(claims),
      claims: claims.length,
      checked: claims.filter((c) => c.status === 'checked').length,
      failed: claims.filter((c) => c.status === 'failed').length,
      cases: claims.reduce((s, c) => s + c.cases, 0),
    },
  };
}
