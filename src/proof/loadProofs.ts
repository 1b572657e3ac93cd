import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { LayerproofError } from '../core/LayerproofError.js';
import { createProofMath, type ProofMath } from './createProofMath.js';
import type { Claim, ProofDocument } from './ProofDocument.js';
import { ProofDocumentError } from './ProofDocumentError.js';
import { parseProofDocument } from './parseProofDocument.js';

/** The proofs of a run: documents in index order, and every claim by id. */
export interface ProofSet {
  readonly documents: readonly ProofDocument[];
  readonly claims: ReadonlyMap<string, Claim>;
  readonly math: ProofMath;
}

function markdownFiles(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw LayerproofError.invalid({ op: 'loadProofs', argument: 'paths', value: path, expected: 'an existing proof document (.md) or a folder of them' });
  }
  if (stats.isFile()) return [path];
  return readdirSync(path).filter((f) => f.endsWith('.md')).sort().map((f) => join(path, f));
}

/**
 * Checks what no single document can: ids unique across documents, every `uses` naming an
 * existing claim, and no circular dependencies (a lemma may not rest on what it proves).
 */
export function linkProofs(documents: readonly ProofDocument[]): Map<string, Claim> {
  const claims = new Map<string, Claim>();
  const docIds = new Map<string, string>();
  for (const doc of documents) {
    const other = docIds.get(doc.id);
    if (other !== undefined) throw new ProofDocumentError(doc.file, 1, `document id '${doc.id}' is also the id of ${other}`);
    docIds.set(doc.id, doc.file);
    for (const claim of doc.claims) {
      const first = claims.get(claim.id);
      if (first !== undefined) throw new ProofDocumentError(claim.file, claim.line, `claim id '${claim.id}' is already used at ${first.file}:${first.line}`);
      claims.set(claim.id, claim);
    }
  }
  for (const claim of claims.values()) {
    const doc = docIds.get(claim.id);
    if (doc !== undefined) {
      throw new ProofDocumentError(claim.file, claim.line, `claim id '${claim.id}' is also the id of the document ${doc}; \`--only ${claim.id}\` would be ambiguous, so choose another id`);
    }
  }
  for (const claim of claims.values()) {
    for (const used of claim.uses) {
      if (!claims.has(used)) {
        throw new ProofDocumentError(claim.file, claim.usesLine, `claim '${claim.id}' uses '${used}', which no document defines`);
      }
    }
  }
  for (const doc of documents) {
    for (const ref of doc.references) {
      if (!claims.has(ref.id)) throw new ProofDocumentError(doc.file, ref.line, `[[${ref.id}]] refers to a claim that no document defines`);
    }
  }
  // Depth-first search for a cycle; report it as a path.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'open') {
      const claim = claims.get(id);
      const cycle = [...path.slice(path.indexOf(id)), id].join(' → ');
      throw new ProofDocumentError(claim?.file ?? '?', claim?.usesLine ?? 1, `circular dependency: ${cycle}`);
    }
    state.set(id, 'open');
    for (const used of claims.get(id)?.uses ?? []) visit(used, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of claims.keys()) visit(id, []);
  return claims;
}

/** A file as messages name it: relative to `cwd` when it is inside it, else absolute. */
function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? resolve(file) : rel;
}

/**
 * Reads and parses proof documents from files or folders (every `.md` in a folder, in name
 * order), links them, and orders them for the index (front matter `order`, then file).
 * File names in messages are relative to `cwd`.
 */
export function loadProofs(paths: readonly string[], options: { cwd?: string; math?: ProofMath } = {}): ProofSet {
  const cwd = options.cwd ?? process.cwd();
  const math = options.math ?? createProofMath();
  const files = paths.flatMap((p) => markdownFiles(p));
  if (files.length === 0) {
    throw LayerproofError.invalid({ op: 'loadProofs', argument: 'paths', value: paths, expected: 'files or folders containing at least one proof document (.md)' });
  }
  const documents = files
    .map((f) => parseProofDocument(readFileSync(f, 'utf8'), displayPath(cwd, f), math))
    .sort((a, b) => a.order - b.order || a.file.localeCompare(b.file));
  return { documents, claims: linkProofs(documents), math };
}
