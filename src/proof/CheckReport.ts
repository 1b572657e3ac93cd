import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LayerproofError } from '../core/LayerproofError.js';
import type { ClaimResult } from './ClaimResult.js';

/** The plain statement printed with every report and on every page of the site. */
export const EVIDENCE_NOTE =
  'Numerical checking is evidence, not a formal proof: a claim that holds on every tested instance can still fail on one that was not tested. ' +
  'Where a space is small it is checked in full; elsewhere the report says how many random instances were tried, the largest error seen and the tolerance it was held to.';

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
  };
  readonly documents: readonly CheckedDocument[];
  readonly claims: readonly ClaimResult[];
  /** Steps without a check, listed so that coverage is honest. */
  readonly unchecked: readonly { readonly id: string; readonly documentId: string; readonly label: string; readonly title: string }[];
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
      claims: claims.length,
      checked: claims.filter((c) => c.status === 'checked').length,
      failed: claims.filter((c) => c.status === 'failed').length,
      cases: claims.reduce((s, c) => s + c.cases, 0),
    },
  };
}
