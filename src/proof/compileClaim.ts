import { createHash } from 'node:crypto';
import type { MathNode } from 'mathjs';
import { tolerances, type Tolerance } from '../core/tolerance.js';
import type { ProofMath } from './createProofMath.js';
import type { BoundedOverride, BoundedSpec, Claim, ClaimCheck, ClaimKind, ClaimVariable } from './ProofDocument.js';
import { boundedGenerators } from './bounded/boundedDomains.js';
import { ProofDocumentError } from './ProofDocumentError.js';
import { MathRenderError, renderMath } from './renderMath.js';
import { renderMarkdown, renderMarkdownInline } from './renderMarkdown.js';
import { symbolTex } from './texHandler.js';

/** A claim block as read from YAML, before its expressions are compiled. */
export interface RawClaim {
  readonly id: string;
  readonly kind: ClaimKind;
  readonly label: string;
  readonly title: string;
  readonly statement: string | undefined;
  readonly statementLine: number;
  readonly given: readonly { readonly name: string; readonly source: string; readonly line: number }[];
  readonly check: { readonly expression: string; readonly line: number } | undefined;
  readonly tolerance: { readonly name: string; readonly line: number } | undefined;
  readonly prove: {
    readonly method: 'exact' | 'schwartz-zippel' | 'evidence';
    readonly over: readonly { readonly name: string; readonly source: string; readonly line: number }[];
    readonly trials: number | undefined;
    readonly why: string | undefined;
    readonly line: number;
  } | undefined;
  readonly uses: readonly string[];
  readonly usesLine: number;
  readonly documentId: string;
  readonly file: string;
  readonly line: number;
  readonly source: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Short hash of a text (sha-256, 16 hex digits): enough to tell an edited claim from the checked one. */
export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex').slice(0, 16);
}

interface NodeLike {
  readonly type: string;
  readonly name?: string;
}

/** Variable names read by an expression, and the functions it calls. */
function namesOf(node: MathNode): { symbols: Set<string>; functions: Set<string> } {
  const symbols = new Set<string>();
  const functions = new Set<string>();
  node.traverse((n, path, parent) => {
    const sym = n as unknown as NodeLike;
    if (sym.type !== 'SymbolNode' || sym.name === undefined) return;
    if (path === 'fn' && (parent as unknown as NodeLike | null)?.type === 'FunctionNode') functions.add(sym.name);
    else symbols.add(sym.name);
  });
  return { symbols, functions };
}

function parseExpression(pm: ProofMath, text: string, file: string, line: number, what: string): MathNode {
  try {
    return pm.math.parse(text);
  } catch (error) {
    throw new ProofDocumentError(file, line, `${what} \`${text}\` is not a valid mathjs expression: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkNames(pm: ProofMath, node: MathNode, declared: ReadonlySet<string>, file: string, line: number, what: string): string[] {
  const { symbols, functions } = namesOf(node);
  for (const f of functions) {
    if (typeof (pm.math as unknown as Record<string, unknown>)[f] !== 'function') {
      throw new ProofDocumentError(file, line, `${what} calls ${f}(…), which is neither a library function (${Object.keys(pm.functions).sort().join(', ')}) nor a mathjs function`);
    }
  }
  for (const s of symbols) {
    if (declared.has(s)) continue;
    if (typeof (pm.math as unknown as Record<string, unknown>)[s] === 'number') continue; // pi, e
    const known = [...declared];
    throw new ProofDocumentError(file, line, `${what} reads '${s}', which is not declared ${known.length > 0 ? `before it (declared: ${known.join(', ')})` : '(the claim has no `given:` variables)'}; declare it under \`given:\``);
  }
  return [...symbols].filter((s) => declared.has(s));
}

/**
 * Renders Markdown to find bad LaTeX. The error names the line of the block (`source`, which
 * starts on `firstLine`) that holds the offending formula, or `line` when it cannot be found.
 */
function validateMarkdown(text: string, file: string, line: number, what: string, inline: boolean, source?: { text: string; firstLine: number }): void {
  try {
    if (inline) renderMarkdownInline(text);
    else renderMarkdown(text);
  } catch (error) {
    let at = line;
    if (error instanceof MathRenderError && source !== undefined) {
      const needle = error.tex.split('\n')[0] ?? error.tex;
      const index = source.text.split('\n').findIndex((l) => l.includes(needle));
      if (index >= 0) at = source.firstLine + index;
    }
    throw new ProofDocumentError(file, at, `${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function compileVariable(pm: ProofMath, raw: RawClaim['given'][number], declared: ReadonlySet<string>, file: string): ClaimVariable {
  const { name, source, line } = raw;
  if (!NAME.test(name)) {
    throw new ProofDocumentError(file, line, `variable name '${name}' must be a letter followed by letters, digits or _`);
  }
  if (typeof (pm.math as unknown as Record<string, unknown>)[name] === 'function') {
    throw new ProofDocumentError(file, line, `variable name '${name}' is the name of a function; choose another name`);
  }
  const node = parseExpression(pm, source, file, line, `the generator of '${name}'`);
  const call = node as unknown as { type: string; fn?: NodeLike; args?: MathNode[] };
  const generatorName = call.type === 'FunctionNode' && call.fn?.type === 'SymbolNode' ? call.fn.name : undefined;
  const known = Object.keys(pm.generators).sort();
  if (generatorName === undefined) {
    throw new ProofDocumentError(file, line, `'${name}: ${source}' must call a generator, one of ${known.map((g) => pm.generators[g]?.signature ?? g).join(', ')}`);
  }
  const generator = pm.generators[generatorName];
  if (generator === undefined) {
    throw new ProofDocumentError(file, line, `unknown generator '${generatorName}' in '${name}: ${source}'; known generators: ${known.map((g) => pm.generators[g]?.signature ?? g).join(', ')}`);
  }
  const argNodes = call.args ?? [];
  const dependsOn = new Set<string>();
  for (const arg of argNodes) {
    for (const d of checkNames(pm, arg, declared, file, line, `the generator of '${name}'`)) dependsOn.add(d);
  }
  const phrase = generator.phrase(argNodes.map((a) => pm.toTex(a).trim()));
  validateMarkdown(phrase, file, line, `the description of '${name}'`, true);
  return {
    name, source, generatorName, generator, line, phrase, tex: symbolTex(name), argTex: argNodes.map((a) => pm.toTex(a).trim()),
    args: argNodes.map((a) => a.compile()), dependsOn: [...dependsOn],
  };
}

function compileCheck(pm: ProofMath, raw: NonNullable<RawClaim['check']>, declared: ReadonlySet<string>, file: string): ClaimCheck {
  const node = parseExpression(pm, raw.expression, file, raw.line, 'check');
  const op = node as unknown as { type: string; fn?: string; args?: MathNode[] };
  const [lhsNode, rhsNode] = op.args ?? [];
  if (op.type !== 'OperatorNode' || (op.fn !== 'equal' && op.fn !== 'smallerEq') || lhsNode === undefined || rhsNode === undefined) {
    throw new ProofDocumentError(file, raw.line, `check must be one equality 'lhs == rhs' or one inequality 'lhs <= rhs', but got \`${raw.expression}\``);
  }
  const relation = op.fn === 'equal' ? 'equal' : 'atMost';
  checkNames(pm, node, declared, file, raw.line, 'check');
  const lhsTex = pm.toTex(lhsNode);
  const rhsTex = pm.toTex(rhsNode);
  try {
    renderMath(`${lhsTex} ${relation === 'equal' ? '=' : '\\le'} ${rhsTex}`, true);
  } catch (error) {
    throw new ProofDocumentError(file, raw.line, `the formula of the check cannot be rendered: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { expression: raw.expression, relation, lhs: lhsNode.compile(), rhs: rhsNode.compile(), lhsNode, rhsNode, lhsTex, rhsTex, line: raw.line };
}

/** Compiles a `prove:` block: its families must be bounded generators over the variables declared before. */
function compileProve(pm: ProofMath, raw: NonNullable<RawClaim['prove']>, given: readonly ClaimVariable[], claim: RawClaim, check: ClaimCheck | undefined): BoundedSpec {
  if (raw.method !== 'evidence' && claim.check === undefined) {
    throw new ProofDocumentError(claim.file, raw.line, `claim '${claim.id}' has prove: ${raw.method} but no check to prove`);
  }
  if (raw.method !== 'evidence' && check?.relation === 'atMost') {
    throw new ProofDocumentError(claim.file, raw.line, `claim '${claim.id}' states an inequality (<=), which prove: ${raw.method} cannot decide (it decides identities); write prove: { method: evidence, why: … } and say why`);
  }
  const bounded = boundedGenerators();
  const over = new Map<string, BoundedOverride>();
  for (const o of raw.over) {
    const index = given.findIndex((v) => v.name === o.name);
    if (index < 0) throw new ProofDocumentError(claim.file, o.line, `prove.over names '${o.name}', which is not a variable of the claim (${given.map((v) => v.name).join(', ')})`);
    const node = parseExpression(pm, o.source, claim.file, o.line, `the family of '${o.name}'`);
    const call = node as unknown as { type: string; fn?: NodeLike; args?: MathNode[] };
    const name = call.type === 'FunctionNode' && call.fn?.type === 'SymbolNode' ? call.fn.name : undefined;
    if (name === undefined || bounded[name] === undefined) {
      throw new ProofDocumentError(claim.file, o.line, `the family of '${o.name}' must call a bounded generator, one of ${Object.keys(bounded).sort().join(', ')}; got \`${o.source}\``);
    }
    const declared = new Set(given.slice(0, index).map((v) => v.name));
    for (const arg of call.args ?? []) checkNames(pm, arg, declared, claim.file, o.line, `the family of '${o.name}'`);
    over.set(o.name, { source: o.source, generatorName: name, args: (call.args ?? []).map((a) => a.compile()), argTex: (call.args ?? []).map((a) => pm.toTex(a).trim()) });
  }
  return { method: raw.method, over, trials: raw.trials ?? 2, why: raw.why, line: raw.line };
}

/** Compiles a claim's generators and check with the proofs' mathjs instance; errors name file and line. */
export function compileClaim(raw: RawClaim, pm: ProofMath): Claim {
  const declared = new Set<string>();
  const given: ClaimVariable[] = [];
  for (const v of raw.given) {
    if (declared.has(v.name)) throw new ProofDocumentError(raw.file, v.line, `variable '${v.name}' is declared twice`);
    given.push(compileVariable(pm, v, declared, raw.file));
    declared.add(v.name);
  }
  const check = raw.check === undefined ? undefined : compileCheck(pm, raw.check, declared, raw.file);
  if (raw.kind === 'refutation' && check === undefined) {
    throw new ProofDocumentError(raw.file, raw.line, `refutation '${raw.id}' needs a check: the equality that a counterexample breaks`);
  }
  let tolerance: Tolerance = tolerances.float64;
  if (raw.tolerance !== undefined) {
    const t = (tolerances as Readonly<Record<string, Tolerance>>)[raw.tolerance.name];
    if (t === undefined) {
      throw new ProofDocumentError(raw.file, raw.tolerance.line, `unknown tolerance '${raw.tolerance.name}'; known: ${Object.keys(tolerances).join(', ')}`);
    }
    tolerance = t;
  }
  const block = { text: raw.source, firstLine: raw.line + 1 };
  if (raw.statement !== undefined) validateMarkdown(raw.statement, raw.file, raw.statementLine, 'statement', false, block);
  validateMarkdown(raw.title, raw.file, raw.line, 'title', true, block);
  const prove = raw.prove === undefined ? undefined : compileProve(pm, raw.prove, given, raw, check);
  return {
    id: raw.id, kind: raw.kind, label: raw.label, title: raw.title, statement: raw.statement, given, check, tolerance, prove,
    uses: raw.uses, usesLine: raw.usesLine, documentId: raw.documentId, file: raw.file, line: raw.line, source: raw.source,
    hash: textHash(raw.source),
  };
}
