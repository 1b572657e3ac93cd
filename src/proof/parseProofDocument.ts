import { isMap, isScalar, LineCounter, parseDocument, type Document, type YAMLMap } from 'yaml';
import { findReferences } from './claimReferences.js';
import { compileClaim, textHash, type RawClaim } from './compileClaim.js';
import type { ProofMath } from './createProofMath.js';
import { CLAIM_KINDS, type Claim, type ClaimKind, type DocumentBlock, type ProofDocument } from './ProofDocument.js';
import { ProofDocumentError } from './ProofDocumentError.js';
import { MathRenderError } from './renderMath.js';
import { parseMarkdownBlocks, renderMarkdown } from './renderMarkdown.js';

const ID = /^[a-z0-9][a-z0-9-]*$/;
const CLAIM_KEYS = ['id', 'kind', 'title', 'statement', 'given', 'check', 'tolerance', 'prove', 'uses'] as const;
const PROVE_KEYS = ['method', 'over', 'trials', 'why'] as const;
const PROVE_METHODS = ['exact', 'schwartz-zippel', 'evidence'] as const;
const FRONT_KEYS = ['id', 'title', 'summary', 'order'] as const;
const KIND_LABEL: Record<ClaimKind, string> = { lemma: 'Lemma', theorem: 'Theorem', corollary: 'Corollary', step: 'Step', refutation: 'Counterexample' };

/** YAML parsed with line numbers: `lineOf(key)` is the file line of a top-level key. */
interface Yaml {
  readonly data: Record<string, unknown>;
  readonly map: YAMLMap | undefined;
  readonly lineAt: (offset: number) => number;
}

function parseYaml(text: string, file: string, firstLine: number, what: string): Yaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number): number => firstLine + lineCounter.linePos(offset).line - 1;
  const error = doc.errors[0];
  if (error !== undefined) {
    throw new ProofDocumentError(file, lineAt(error.pos[0]), `${what} is not valid YAML: ${error.message.split('\n')[0] ?? ''}`);
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    throw new ProofDocumentError(file, firstLine, `${what} must be a YAML mapping of keys (id: …, title: …)`);
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  return { data, map: contents ?? undefined, lineAt };
}

function keyLine(yaml: Yaml, key: string, fallback: number): number {
  const pair = yaml.map?.items.find((p) => isScalar(p.key) && p.key.value === key);
  const range = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
  return range === undefined || range === null ? fallback : yaml.lineAt(range[0]);
}

function valueLine(yaml: Yaml, key: string, fallback: number): number {
  const pair = yaml.map?.items.find((p) => isScalar(p.key) && p.key.value === key);
  const value = pair?.value as { range?: [number, number, number] | null } | undefined;
  const range = value?.range;
  return range === undefined || range === null ? keyLine(yaml, key, fallback) : yaml.lineAt(range[0]);
}

function requireString(yaml: Yaml, key: string, file: string, line: number, what: string, required: boolean): string | undefined {
  const v = yaml.data[key];
  if (v === undefined || v === null) {
    if (required) throw new ProofDocumentError(file, line, `${what} has no '${key}:'`);
    return undefined;
  }
  if (typeof v !== 'string' || v.trim() === '') {
    throw new ProofDocumentError(file, keyLine(yaml, key, line), `'${key}' of ${what} must be a non-empty text, but got ${JSON.stringify(v)}`);
  }
  return v;
}

function rejectUnknownKeys(yaml: Yaml, allowed: readonly string[], file: string, line: number, what: string): void {
  for (const key of Object.keys(yaml.data)) {
    if (!allowed.includes(key)) {
      throw new ProofDocumentError(file, keyLine(yaml, key, line), `unknown key '${key}' in ${what}; allowed keys: ${allowed.join(', ')}`);
    }
  }
}

interface ClaimFence {
  readonly content: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** 0-based line range [start, end) of the whole fence. */
  readonly map: [number, number];
}

function readClaim(fence: ClaimFence, file: string, documentId: string, counters: Map<ClaimKind, number>): RawClaim {
  const yaml = parseYaml(fence.content, file, fence.line + 1, 'the claim block');
  const what = `the claim block at line ${fence.line}`;
  rejectUnknownKeys(yaml, CLAIM_KEYS, file, fence.line, what);
  const id = requireString(yaml, 'id', file, fence.line, what, true) ?? '';
  if (!ID.test(id)) throw new ProofDocumentError(file, keyLine(yaml, 'id', fence.line), `claim id '${id}' must be lower-case letters, digits and dashes (e.g. perm-orthogonal)`);
  const kindText = yaml.data.kind ?? 'step';
  if (typeof kindText !== 'string' || !(CLAIM_KINDS as readonly string[]).includes(kindText)) {
    throw new ProofDocumentError(file, keyLine(yaml, 'kind', fence.line), `claim '${id}': kind must be one of ${CLAIM_KINDS.join(', ')}, but got ${JSON.stringify(kindText)}`);
  }
  const kind = kindText as ClaimKind;
  const title = requireString(yaml, 'title', file, fence.line, `claim '${id}'`, true) ?? '';
  const statement = requireString(yaml, 'statement', file, fence.line, `claim '${id}'`, false);

  const given: { name: string; source: string; line: number }[] = [];
  const givenNode = yaml.map?.get('given', true);
  if (givenNode !== undefined && givenNode !== null) {
    if (!isMap(givenNode)) {
      throw new ProofDocumentError(file, keyLine(yaml, 'given', fence.line), `claim '${id}': 'given' must map each variable to its generator, e.g.\n  given:\n    n: int(1, 6)\n    P: permutation(n)`);
    }
    for (const pair of givenNode.items) {
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      const line = keyRange === undefined || keyRange === null ? fence.line : yaml.lineAt(keyRange[0]);
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof value !== 'string') {
        throw new ProofDocumentError(file, line, `claim '${id}': variable '${name}' must name a generator call such as int(1, 6) or matrix(n, d), but got ${JSON.stringify(value ?? null)}`);
      }
      given.push({ name, source: value, line });
    }
  }

  const checkText = yaml.data.check;
  if (checkText !== undefined && (typeof checkText !== 'string' || checkText.trim() === '')) {
    throw new ProofDocumentError(file, keyLine(yaml, 'check', fence.line), `claim '${id}': check must be an equality written as text, e.g. check: "P' * P == identity(n)"`);
  }
  const toleranceText = yaml.data.tolerance;
  if (toleranceText !== undefined && typeof toleranceText !== 'string') {
    throw new ProofDocumentError(file, keyLine(yaml, 'tolerance', fence.line), `claim '${id}': tolerance must be the name of a tolerance (exact, float64, …)`);
  }
  const usesValue = yaml.data.uses ?? [];
  const usesLine = keyLine(yaml, 'uses', fence.line);
  const uses = typeof usesValue === 'string' ? [usesValue] : usesValue;
  if (!Array.isArray(uses) || !uses.every((u): u is string => typeof u === 'string')) {
    throw new ProofDocumentError(file, usesLine, `claim '${id}': uses must be a claim id or a list of them, e.g. uses: [perm-orthogonal, relu-equivariant]`);
  }
  const prove = readProve(yaml, file, fence.line, id);
  const counter = (counters.get(kind) ?? 0) + 1;
  counters.set(kind, counter);
  return {
    id, kind, label: `${KIND_LABEL[kind]} ${counter}`, title, statement, statementLine: valueLine(yaml, 'statement', fence.line), given,
    check: typeof checkText === 'string' ? { expression: checkText.trim(), line: valueLine(yaml, 'check', fence.line) } : undefined,
    tolerance: typeof toleranceText === 'string' ? { name: toleranceText, line: keyLine(yaml, 'tolerance', fence.line) } : undefined,
    prove, uses, usesLine, documentId, file, line: fence.line, source: fence.content,
  };
}

/**
 * The `prove:` key: `prove: exact`, or a mapping with `method` (exact, schwartz-zippel, evidence),
 * `over` (the family of each finite variable), `trials` (Schwartz–Zippel) and `why` (required for
 * evidence: why the claim gets no bounded proof).
 */
function readProve(yaml: Yaml, file: string, fenceLine: number, id: string): RawClaim['prove'] {
  const value = yaml.data.prove;
  if (value === undefined) return undefined;
  const line = keyLine(yaml, 'prove', fenceLine);
  const methods = PROVE_METHODS.join(', ');
  if (typeof value === 'string') {
    if (!(PROVE_METHODS as readonly string[]).includes(value) || value === 'evidence') {
      throw new ProofDocumentError(file, line, `claim '${id}': prove must be one of exact, schwartz-zippel, or a mapping (method: evidence needs why: …), but got ${JSON.stringify(value)}`);
    }
    return { method: value as 'exact' | 'schwartz-zippel', over: [], trials: undefined, why: undefined, line };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProofDocumentError(file, line, `claim '${id}': prove must be a method (${methods}) or a mapping with method, over, trials, why`);
  }
  const map = value as Record<string, unknown>;
  for (const key of Object.keys(map)) {
    if (!(PROVE_KEYS as readonly string[]).includes(key)) throw new ProofDocumentError(file, line, `claim '${id}': unknown key '${key}' under prove; allowed keys: ${PROVE_KEYS.join(', ')}`);
  }
  const method = map.method ?? 'exact';
  if (typeof method !== 'string' || !(PROVE_METHODS as readonly string[]).includes(method)) {
    throw new ProofDocumentError(file, line, `claim '${id}': prove.method must be one of ${methods}, but got ${JSON.stringify(method)}`);
  }
  const why = map.why;
  if (why !== undefined && typeof why !== 'string') throw new ProofDocumentError(file, line, `claim '${id}': prove.why must be text`);
  if (method === 'evidence' && (why === undefined || why.trim() === '')) {
    throw new ProofDocumentError(file, line, `claim '${id}': prove.method evidence needs why: the reason the claim gets no bounded proof`);
  }
  const trials = map.trials;
  if (trials !== undefined && (typeof trials !== 'number' || !Number.isInteger(trials) || trials < 1 || trials > 16)) {
    throw new ProofDocumentError(file, line, `claim '${id}': prove.trials must be an integer from 1 to 16, but got ${JSON.stringify(trials)}`);
  }
  const overValue = map.over ?? {};
  if (typeof overValue !== 'object' || overValue === null || Array.isArray(overValue)) {
    throw new ProofDocumentError(file, line, `claim '${id}': prove.over must map finite variables to their families, e.g. over: { g: convGeometries(4, 2, 3) }`);
  }
  const over = Object.entries(overValue as Record<string, unknown>).map(([name, source]) => {
    if (typeof source !== 'string') throw new ProofDocumentError(file, line, `claim '${id}': prove.over.${name} must be a generator call such as int(1, 5)`);
    return { name, source, line };
  });
  return { method: method as 'exact' | 'schwartz-zippel' | 'evidence', over, trials, why: why?.trim(), line };
}

/** Renders a Markdown segment to find bad LaTeX, reporting the line of the offending formula. */
function validateSegment(text: string, firstLine: number, file: string): void {
  try {
    renderMarkdown(text);
  } catch (error) {
    if (error instanceof MathRenderError) {
      const needle = error.tex.split('\n')[0] ?? error.tex;
      const index = text.split('\n').findIndex((l) => l.includes(needle));
      throw new ProofDocumentError(file, firstLine + Math.max(index, 0), error.message);
    }
    throw error;
  }
}

/**
 * Parses one proof document: YAML front matter (`id`, `title`, optional `summary`,
 * `order`), then Markdown with LaTeX (`$…$`, `$$…$$`) and fenced `claim` blocks in YAML.
 * Every claim is compiled (generators, check, LaTeX) so that a bad document is refused
 * here with its file, line and problem, before anything is checked.
 */
export function parseProofDocument(text: string, file: string, pm: ProofMath): ProofDocument {
  const source = text.replace(/\r\n/g, '\n');
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') {
    throw new ProofDocumentError(file, 1, 'a proof document starts with a front matter block:\n---\nid: my-theorem\ntitle: The theorem in words\n---');
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (close < 0) throw new ProofDocumentError(file, 1, "the front matter block opened on line 1 is never closed by a line '---'");
  const front = parseYaml(lines.slice(1, close).join('\n'), file, 2, 'the front matter');
  rejectUnknownKeys(front, FRONT_KEYS, file, 1, 'the front matter');
  const id = requireString(front, 'id', file, 1, 'the front matter', true) ?? '';
  if (!ID.test(id)) throw new ProofDocumentError(file, keyLine(front, 'id', 1), `document id '${id}' must be lower-case letters, digits and dashes`);
  const title = requireString(front, 'title', file, 1, 'the front matter', true) ?? '';
  const summary = requireString(front, 'summary', file, 1, 'the front matter', false);
  const order = front.data.order ?? Number.MAX_SAFE_INTEGER;
  if (typeof order !== 'number') throw new ProofDocumentError(file, keyLine(front, 'order', 1), `order must be a number, but got ${JSON.stringify(order)}`);

  // Blank the front matter so that markdown-it's line numbers are the file's.
  const body = lines.map((l, i) => (i <= close ? '' : l)).join('\n');
  const fences: ClaimFence[] = [];
  for (const token of parseMarkdownBlocks(body)) {
    if (token.type !== 'fence' || token.map === null) continue;
    const info = token.info.trim();
    if (info === 'claim') {
      fences.push({ content: token.content, line: token.map[0] + 1, map: [token.map[0], token.map[1]] });
    } else if (/^claim/i.test(info) || /\bclaim$/i.test(info)) {
      throw new ProofDocumentError(file, token.map[0] + 1, `a claim block opens with exactly \`\`\`claim, but this one says \`\`\`${info}`);
    }
  }

  const counters = new Map<ClaimKind, number>();
  const blocks: DocumentBlock[] = [];
  const claims: Claim[] = [];
  const ids = new Set<string>();
  const references: { id: string; line: number }[] = [];
  let next = close + 1;
  const pushMarkdown = (from: number, to: number): void => {
    const segment = lines.slice(from, to).join('\n');
    if (segment.trim() === '') return;
    validateSegment(segment, from + 1, file);
    references.push(...findReferences(segment, from + 1));
    blocks.push({ type: 'markdown', text: segment, line: from + 1 });
  };
  for (const fence of fences) {
    pushMarkdown(next, fence.map[0]);
    const claim = compileClaim(readClaim(fence, file, id, counters), pm);
    if (ids.has(claim.id)) throw new ProofDocumentError(file, fence.line, `claim id '${claim.id}' is used twice in this document`);
    ids.add(claim.id);
    claims.push(claim);
    references.push(...findReferences(fence.content, fence.line + 1));
    blocks.push({ type: 'claim', claim });
    next = fence.map[1];
  }
  pushMarkdown(next, lines.length);
  return { id, title, summary, order, file, hash: textHash(source), blocks, claims, references };
}
