import type { MathNode } from 'mathjs';
import { GEOMETRY_FIELD_TEX } from './geometryRecords.js';
import { group } from './proofFunction.js';

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
  'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);

/**
 * LaTeX of a variable name as a reader expects it: `x1` → x₁, `W_2` → W₂, `alpha` → α,
 * one letter as is, longer names in italics. mathjs's default would print `S` and `g`
 * upright, as the units siemens and gram.
 */
export function symbolTex(name: string): string {
  if (GREEK.has(name)) return `\\${name}`;
  const sub = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(name) ?? /^([A-Za-z]+?)(\d+)$/.exec(name);
  if (sub !== null) return `${symbolTex(sub[1] ?? '')}_{${sub[2] ?? ''}}`;
  if (name.length === 1) return name;
  return `\\mathit{${name.replace(/_/g, '\\_')}}`;
}

interface AnyNode {
  readonly type: string;
  readonly name?: string;
  readonly fn?: unknown;
  readonly op?: string;
  readonly args?: readonly MathNode[];
  readonly value?: unknown;
  readonly object?: MathNode;
  readonly index?: { readonly dimensions: readonly MathNode[]; readonly dotNotation: boolean };
}

function argsOf(node: AnyNode, options: object): string[] {
  return (node.args ?? []).map((a) => a.toTex(options));
}

function constantNumber(node: MathNode | undefined): number | undefined {
  const n = node as AnyNode | undefined;
  return n?.type === 'ConstantNode' && typeof n.value === 'number' ? n.value : undefined;
}

/** Built-in mathjs functions written the way a textbook writes them. */
function builtinTex(name: string, node: AnyNode, options: object): string | undefined {
  const args = argsOf(node, options);
  const [a = '', b = ''] = args;
  switch (name) {
    case 'identity':
      return args.length === 1 ? `I_{${a}}` : undefined;
    case 'ones':
      if (args.length === 1) return `\\mathbf{1}_{${a}}`;
      if (args.length === 2 && constantNumber(node.args?.[0]) === 1) return `\\mathbf{1}_{${b}}^{\\top}`;
      if (args.length === 2 && constantNumber(node.args?.[1]) === 1) return `\\mathbf{1}_{${a}}`;
      return undefined;
    case 'zeros':
      return args.length === 1 ? `\\mathbf{0}_{${a}}` : undefined;
    case 'transpose':
      return `${group(a)}^{\\top}`;
    case 'sum':
      // sum(S, 2): the row sums, S·1.
      return args.length === 2 && constantNumber(node.args?.[1]) === 2 ? `${group(a)}\\,\\mathbf{1}` : undefined;
    case 'diag':
      return `\\operatorname{diag}\\left(${args.join(', ')}\\right)`;
    case 'size':
      return `\\operatorname{size}\\left(${args.join(', ')}\\right)`;
    default:
      return undefined;
  }
}

/**
 * The mathjs `toTex` handler of the proofs: variables, geometry fields (`g.oh` → H_out),
 * transposes (`P'` → Pᵀ: the proofs are about real matrices), elementwise operators and
 * a few built-in functions. Returns undefined to let mathjs render everything else,
 * including calls of the registered library functions (through their own `toTex`).
 */
export function proofTexHandler(ownFunctions: ReadonlySet<string>): (node: MathNode, options: object) => string | undefined {
  return (mathNode, options) => {
    const node = mathNode as unknown as AnyNode;
    switch (node.type) {
      case 'SymbolNode':
        // A leading space, as mathjs does: `\cdot` followed by `x` must not read as `\cdotx`.
        return node.name === undefined ? undefined : ` ${symbolTex(node.name)}`;
      case 'AccessorNode': {
        const dims = node.index?.dimensions ?? [];
        const key = dims.length === 1 ? (dims[0] as unknown as AnyNode) : undefined;
        if (node.index?.dotNotation === true && key?.type === 'ConstantNode' && typeof key.value === 'string') {
          return ` ${GEOMETRY_FIELD_TEX[key.value] ?? `${node.object?.toTex(options) ?? ''}.\\mathit{${key.value}}`}`;
        }
        return undefined;
      }
      case 'OperatorNode': {
        const args = argsOf(node, options);
        switch (node.fn) {
          case 'ctranspose':
          case 'transpose':
            return ` ${group(args[0] ?? '')}^{\\top}`;
          case 'dotDivide':
            return `${args[0] ?? ''} \\oslash ${args[1] ?? ''}`;
          case 'dotMultiply':
            return `${args[0] ?? ''} \\odot ${args[1] ?? ''}`;
          default:
            return undefined;
        }
      }
      case 'FunctionNode': {
        const fn = node.fn as AnyNode | undefined;
        const name = fn?.type === 'SymbolNode' ? fn.name : undefined;
        if (name === undefined || ownFunctions.has(name)) return undefined;
        const tex = builtinTex(name, node, options);
        return tex === undefined ? undefined : ` ${tex}`;
      }
      case 'ConstantNode':
        return typeof node.value === 'string' ? `\\text{${node.value.replace(/[\\{}$&#^_%~]/g, '')}}` : undefined;
      default:
        return undefined;
    }
  };
}
