import type { MathNode } from 'mathjs';
import type { ClaimValue } from './ClaimValue.js';

/** What mathjs hands a custom `toTex`: the call node (its `args` are the argument nodes) and the options. */
export interface TexCall {
  readonly args: readonly MathNode[];
}

/**
 * A library function registered into the mathjs instance of the proofs. Its `toTex` is what
 * mathjs uses to render a call, so the formula a reader sees is rendered from the very
 * expression that is evaluated.
 */
export interface ProofFunction {
  (...args: unknown[]): ClaimValue;
  /** mathjs calls this with the call node; it renders the arguments with the same options. */
  readonly toTex: (node: TexCall, options?: object) => string;
  /** How a document calls it, e.g. `conv2d(x, K, b, g)`. */
  readonly usage: string;
  /** One sentence for the user guide. */
  readonly description: string;
}

export interface ProofFunctionSpec {
  readonly usage: string;
  readonly description: string;
  /** LaTeX of a call from the LaTeX of its arguments. */
  readonly tex: (args: readonly string[]) => string;
  readonly evaluate: (...args: unknown[]) => ClaimValue;
}

export function proofFunction(spec: ProofFunctionSpec): ProofFunction {
  const fn = (...args: unknown[]): ClaimValue => spec.evaluate(...args);
  return Object.assign(fn, {
    // The leading space keeps mathjs's `\\cdot` from running into a letter (`\\cdotT`).
    toTex: (node: TexCall, options?: object): string => ` ${spec.tex(node.args.map((a) => a.toTex(options)))}`,
    usage: spec.usage,
    description: spec.description,
  });
}

/** Wraps a LaTeX operand in parentheses unless it is a single symbol or already delimited. */
export function group(tex: string): string {
  const t = tex.trim();
  if (/^[A-Za-z0-9]$/.test(t) || /^\\[A-Za-z]+$/.test(t) || /^[A-Za-z](_\{[^{}]*\}|_[A-Za-z0-9])?$/.test(t)) return t;
  if (/^\\left\(.*\\right\)$/.test(t) && balancedParens(t)) return t;
  return `\\left(${t}\\right)`;
}

function balancedParens(t: string): boolean {
  // `\left( a \right) \left( b \right)` is not one group: the first \left( must close at the end.
  let depth = 0;
  const re = /\\left|\\right/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    depth += m[0] === '\\left' ? 1 : -1;
    if (depth === 0 && m.index + m[0].length + 1 < t.length) return false;
  }
  return depth === 0;
}
