import { LayerproofError } from '../../core/LayerproofError.js';
import { convGeometry } from '../../linear/convGeometry.js';
import { allPermutations } from '../../gcn/allPermutations.js';
import { permutationMatrix } from '../../gcn/permutationMatrix.js';
import { plainValue, type ClaimValue } from '../ClaimValue.js';
import { convRecordOf, poolRecordOf } from '../geometryRecords.js';
import { asSize } from '../numericArguments.js';
import type { OverValue } from './OverValue.js';
import { symmetryDomains } from './symmetryDomains.js';

/** What a symbolic entry may stand for, so that a search for a counterexample draws sensible points. */
export interface LeafHint {
  readonly lo: number;
  readonly hi: number;
  /** Integer entries (an intMatrix, the 0/1 weights of a graph). */
  readonly integer: boolean;
}

/** Makes the scalar standing for one entry: a symbol, a random residue or a point, depending on the proof. */
export type Leaf<T> = (name: string, hint: LeafHint) => T;

/** The values of a finite variable that a bounded proof runs over, every one of them. */
export interface FamilyDomain {
  readonly kind: 'family';
  readonly size: number;
  readonly values: () => Iterable<ClaimValue>;
  /** For the reader: what "every value" means here, in plain words. */
  readonly description: string;
}

/** A variable whose entries become symbols (or points): one value that stands for every real value. */
export interface SymbolicDomain {
  readonly kind: 'symbolic';
  /** Equal keys make equal values (the shape and the hint): a proof makes each value once. */
  readonly key: string;
  readonly make: <T>(name: string, leaf: Leaf<T>, wrap: (x: T) => OverValue<T>) => OverValue<T>;
  readonly description: string;
}

export type BoundedDomain = FamilyDomain | SymbolicDomain;

/**
 * A generator's bounded form: its domain once its arguments are known. `argTex` is the LaTeX of
 * the arguments as written (`n` in `permutation(n)`), so that a description reads "every
 * $n\times n$ permutation matrix" rather than naming one member's size.
 */
export type BoundedGenerator = (args: readonly unknown[], argTex?: readonly string[]) => BoundedDomain;

const texOf = (argTex: readonly string[] | undefined, i: number, value: unknown): string => argTex?.[i] ?? String(plainValue(value));

const REAL: LeafHint = { lo: -3, hi: 3, integer: false };

function num(op: string, argument: string, v: unknown, dflt?: number): number {
  const x = plainValue(v);
  if (x === undefined && dflt !== undefined) return dflt;
  if (typeof x !== 'number' || !Number.isInteger(x)) throw LayerproofError.invalid({ op, argument, value: x, expected: 'an integer' });
  return x;
}

function tensor<T>(name: string, shape: readonly number[], leaf: Leaf<T>, wrap: (x: T) => OverValue<T>, hint: LeafHint): OverValue<T> {
  const build = (d: number, index: readonly number[]): OverValue<T> => {
    if (d === shape.length) return wrap(leaf(index.length === 0 ? name : `${name}[${index.join(',')}]`, hint));
    return Array.from({ length: shape[d] as number }, (_v, i) => build(d + 1, [...index, i]));
  };
  return build(0, []);
}

const hintKey = (h: LeafHint): string => `${h.lo},${h.hi},${h.integer ? 'int' : 'real'}`;

function symbolic(description: string, shape: readonly number[], hint: LeafHint = REAL): SymbolicDomain {
  return { kind: 'symbolic', key: `tensor ${shape.join('x')} ${hintKey(hint)}`, description, make: (name, leaf, wrap) => tensor(name, shape, leaf, wrap, hint) };
}

function intHint(op: string, args: readonly unknown[], from: number): LeafHint {
  return { lo: num(op, 'lo', args[from], -3), hi: num(op, 'hi', args[from + 1], 3), integer: true };
}

function shapeOfRecord(op: string, g: unknown, fields: readonly string[]): number[] {
  const r = plainValue(g) as Record<string, unknown> | undefined;
  return fields.map((f) => {
    const v = r?.[f] ?? (f === 'cin' ? r?.c : undefined);
    if (typeof v !== 'number') throw LayerproofError.invalid({ op, argument: `g.${f}`, value: v, expected: 'a geometry from convGeometry() or poolGeometry()' });
    return v;
  });
}

type PaddingKind = 'valid' | 'same' | 'explicit' | 'any';

function paddingKind(op: string, v: unknown): PaddingKind {
  const p = plainValue(v);
  if (p === undefined) return 'any';
  if (p === 'valid' || p === 'same' || p === 'explicit' || p === 'any') return p;
  throw LayerproofError.invalid({ op, argument: 'padding', value: p, expected: "'valid', 'same', 'explicit' or 'any'" });
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_v, i) => lo + i);

const FAMILIES = new Map<string, ClaimValue[]>();

/** A family built once per process: every claim over it shares its records (and the caches keyed by them). */
function cachedFamily(key: string, build: () => ClaimValue[]): ClaimValue[] {
  let f = FAMILIES.get(key);
  if (f === undefined) {
    f = build();
    FAMILIES.set(key, f);
  }
  return f;
}

/** Every convolution geometry of the stated bounds, in a fixed order (smallest first). */
export function convFamily(maxSize: number, maxChannels: number, maxKernel: number, padding: PaddingKind, maxStep = 2): ClaimValue[] {
  return cachedFamily(`conv/${maxSize}/${maxChannels}/${maxKernel}/${padding}/${maxStep}`, () => buildConvFamily(maxSize, maxChannels, maxKernel, padding, maxStep));
}

function buildConvFamily(maxSize: number, maxChannels: number, maxKernel: number, padding: PaddingKind, maxStep: number): ClaimValue[] {
  const out: ClaimValue[] = [];
  const pads: ('valid' | 'same' | [[number, number], [number, number]])[] = [];
  if (padding === 'valid' || padding === 'any') pads.push('valid');
  if (padding === 'same' || padding === 'any') pads.push('same');
  if (padding === 'explicit' || padding === 'any') {
    // One cell on each side alone (the asymmetric cases, where a split on the wrong side shows), and on every side.
    pads.push([[1, 0], [0, 0]], [[0, 1], [0, 0]], [[0, 0], [1, 0]], [[0, 0], [0, 1]], [[1, 1], [1, 1]]);
  }
  for (const h of range(1, maxSize)) for (const w of range(1, maxSize)) for (const kh of range(1, maxKernel)) for (const kw of range(1, maxKernel)) {
    for (const sh of range(1, maxStep)) for (const sw of range(1, maxStep)) for (const dh of range(1, maxStep)) for (const dw of range(1, maxStep)) {
      for (const p of pads) {
        const [[t, b], [l, r]] = p === 'valid' || p === 'same' ? [[0, 0], [0, 0]] : p;
        if (p !== 'same' && (h + t + b < (kh - 1) * dh + 1 || w + l + r < (kw - 1) * dw + 1)) continue;
        for (const cin of range(1, maxChannels)) for (const cout of range(1, maxChannels)) {
          const g = convGeometry({ op: 'convGeometries', inputShape: [h, w, cin], kernelSize: [kh, kw], strides: [sh, sw], dilations: [dh, dw], padding: p });
          out.push(convRecordOf(g, cout, typeof p === 'string' ? p : 'explicit'));
        }
      }
    }
  }
  return out;
}

/** Every pooling geometry of the stated bounds. */
export function poolFamily(maxSize: number, maxChannels: number, maxWindow: number, maxStride: number, padding: PaddingKind): ClaimValue[] {
  return cachedFamily(`pool/${maxSize}/${maxChannels}/${maxWindow}/${maxStride}/${padding}`, () => buildPoolFamily(maxSize, maxChannels, maxWindow, maxStride, padding));
}

function buildPoolFamily(maxSize: number, maxChannels: number, maxWindow: number, maxStride: number, padding: PaddingKind): ClaimValue[] {
  const out: ClaimValue[] = [];
  const pads: ('valid' | 'same')[] = padding === 'valid' ? ['valid'] : padding === 'same' ? ['same'] : ['valid', 'same'];
  for (const h of range(1, maxSize)) for (const w of range(1, maxSize)) for (const kh of range(1, maxWindow)) for (const kw of range(1, maxWindow)) {
    for (const sh of range(1, maxStride)) for (const sw of range(1, maxStride)) for (const p of pads) {
      if (p === 'valid' && (h < kh || w < kw)) continue;
      for (const c of range(1, maxChannels)) {
        const g = convGeometry({ op: 'poolGeometries', inputShape: [h, w, c], kernelSize: [kh, kw], strides: [sh, sw], padding: p, windowName: 'window' });
        out.push(poolRecordOf(g, p));
      }
    }
  }
  return out;
}

function family(values: ClaimValue[], description: string): FamilyDomain {
  return { kind: 'family', size: values.length, values: () => values, description };
}

const PADDING_WORDS: Readonly<Record<PaddingKind, string>> = {
  valid: "'valid' padding", same: "'same' padding", explicit: 'explicit padding (one cell on any one side, or on every side)',
  any: "'valid', 'same' and explicit padding (one cell on any one side, or on every side)",
};

function convGeometries(args: readonly unknown[]): FamilyDomain {
  const op = 'convGeometries';
  const [s, c, k] = [num(op, 'maxSize', args[0], 3), num(op, 'maxChannels', args[1], 2), num(op, 'maxKernel', args[2], 3)];
  const p = paddingKind(op, args[3]);
  return family(convFamily(s, c, k, p), `every convolution geometry with $H, W \\le ${s}$, $C_{\\mathrm{in}}, C_{\\mathrm{out}} \\le ${c}$, kernels up to $${k}\\times ${k}$, strides and dilations in $\\{1, 2\\}$, ${PADDING_WORDS[p]}`);
}

function poolGeometries(args: readonly unknown[]): FamilyDomain {
  const op = 'poolGeometries';
  const [s, c, k, st] = [num(op, 'maxSize', args[0], 4), num(op, 'maxChannels', args[1], 2), num(op, 'maxWindow', args[2], 3), num(op, 'maxStride', args[3], 3)];
  const p = paddingKind(op, args[4]);
  return family(poolFamily(s, c, k, st, p), `every pooling geometry with $H, W \\le ${s}$, $C \\le ${c}$, windows up to $${k}\\times ${k}$, strides up to ${st}, ${PADDING_WORDS[p]}`);
}

/**
 * The generators of the claims in their bounded form: finite ones are enumerated over a stated
 * family, continuous ones become symbols (one symbolic value stands for every real value). Two
 * generators exist only here, for the `over:` of a `prove:` block: `convGeometries(maxSize,
 * maxChannels, maxKernel, padding)` and `poolGeometries(maxSize, maxChannels, maxWindow, maxStride,
 * padding)`. `convGeometry(p)` and `poolGeometry(p)` default to convGeometries(3, 2, 3, p) and
 * poolGeometries(4, 2, 3, 3, p).
 */
export function boundedGenerators(): Record<string, BoundedGenerator> {
  return {
    int: (args, argTex) => {
      const [lo, hi] = [num('int', 'lo', args[0], 0), num('int', 'hi', args[1], 0)];
      return family(range(lo, hi), `$\\{${texOf(argTex, 0, lo)}, \\dots, ${texOf(argTex, 1, hi)}\\}$`);
    },
    permutation: (args, argTex) => {
      const n = asSize('permutation', 'n', args[0], 1);
      const t = texOf(argTex, 0, n);
      return family([...allPermutations(n)].map((p) => permutationMatrix(p).to2DArray()), `every $${t}\\times ${t}$ permutation matrix`);
    },
    convGeometry: (args) => convGeometries([3, 2, 3, args[0]]),
    poolGeometry: (args) => poolGeometries([4, 2, 3, 3, args[0]]),
    convGeometries,
    poolGeometries,
    real: () => ({ kind: 'symbolic', key: 'real', description: 'every real number', make: (name, leaf, wrap) => wrap(leaf(name, REAL)) }),
    vector: (args) => symbolic('every real vector', [asSize('vector', 'm', args[0], 1)]),
    matrix: (args) => symbolic('every real matrix', [asSize('matrix', 'n', args[0], 1), asSize('matrix', 'd', args[1], 1)]),
    intVector: (args) => symbolic('every vector (integer points are tried for counterexamples)', [asSize('intVector', 'm', args[0], 1)], intHint('intVector', args, 1)),
    intMatrix: (args) => symbolic('every matrix (integer points are tried for counterexamples)', [asSize('intMatrix', 'n', args[0], 1), asSize('intMatrix', 'd', args[1], 1)], intHint('intMatrix', args, 2)),
    image: (args) => symbolic('every real image', shapeOfRecord('image', args[0], ['h', 'w', 'cin'])),
    intImage: (args) => symbolic('every image (integer points are tried for counterexamples)', shapeOfRecord('intImage', args[0], ['h', 'w', 'cin']), intHint('intImage', args, 1)),
    kernel: (args) => symbolic('every real kernel', shapeOfRecord('kernel', args[0], ['kh', 'kw', 'cin', 'cout'])),
    diagonal: (args) => {
      const n = asSize('diagonal', 'n', args[0], 1);
      return {
        kind: 'symbolic', key: `diagonal ${n}`, description: 'every diagonal matrix with positive diagonal',
        make: (name, leaf, wrap) => Array.from({ length: n }, (_r, i) => Array.from({ length: n }, (_c, j) => (i === j ? wrap(leaf(`${name}[${i}]`, { lo: 1, hi: 8, integer: true })) : 0))),
      };
    },
    adjacency: (args, argTex) => {
      const n = asSize('adjacency', 'n', args[0], 1);
      const t = texOf(argTex, 0, n);
      return {
        kind: 'symbolic',
        key: `adjacency ${n}`,
        description: `every symmetric $${t}\\times ${t}$ matrix with zero diagonal and real edge weights $a_{ij} = a_{ji}$ whose degrees $1 + \\sum_j a_{ij}$ are positive (every graph on $${t}$ nodes, weighted or not, is one of them)`,
        make: <T>(name: string, leaf: Leaf<T>, wrap: (x: T) => OverValue<T>) => {
          const sym = new Map<string, OverValue<T>>();
          const edge = (i: number, j: number): OverValue<T> => {
            const key = `${name}[${Math.min(i, j)},${Math.max(i, j)}]`;
            let v = sym.get(key);
            if (v === undefined) {
              v = wrap(leaf(key, { lo: 0, hi: 1, integer: true }));
              sym.set(key, v);
            }
            return v;
          };
          return Array.from({ length: n }, (_r, i) => Array.from({ length: n }, (_c, j) => (i === j ? 0 : edge(i, j))));
        },
      };
    },
    weights: (args, argTex) => weightsDomain('weights', args, REAL, texOf(argTex, 1, args[1])),
    intWeights: (args, argTex) => weightsDomain('intWeights', args, intHint('intWeights', args, 3), texOf(argTex, 1, args[1])),
    // strideGeometry, circularGeometry, tilePool and their families (the translation proofs).
    ...symmetryDomains(),
  };
}

/** [W1, …, WL] with every hidden width 2 (the widths are part of the stated family). */
function weightsDomain(op: string, args: readonly unknown[], hint: LeafHint, layersTex: string): SymbolicDomain {
  const d = asSize(op, 'd', args[0], 1);
  const layers = asSize(op, 'L', args[1], 1);
  const c = asSize(op, 'c', args[2], 1);
  const widths = [d, ...Array.from({ length: layers - 1 }, () => 2), c];
  return {
    kind: 'symbolic',
    key: `weights ${widths.join('x')} ${hintKey(hint)}`,
    description: `every choice of real weights $W_1, \\dots, W_{${layersTex}}$ with hidden widths 2`,
    make: (name, leaf, wrap) => Array.from({ length: layers }, (_l, l) => tensor(`${name}${l + 1}`, [widths[l] as number, widths[l + 1] as number], leaf, wrap, hint)),
  };
}
