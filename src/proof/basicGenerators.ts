import fc from 'fast-check';
import { LayerproofError } from '../core/LayerproofError.js';
import { bufferedTensor } from './bufferedTensor.js';
import type { ClaimValue } from './ClaimValue.js';
import type { VariableGenerator } from './VariableGenerator.js';
import { asNumber, asSize } from './numericArguments.js';

/** Resolution of generated reals: multiples of 2⁻³⁰ (products of two need 60 bits, so float64 rounds: tolerances are exercised). */
const REAL_STEPS = 2 ** 30;

/**
 * Real entries, uniform in [lo, hi] on a grid of 2⁻³⁰. (fast-check's `double` is uniform over
 * the representable doubles, so most of its values would be below 1e-100 in magnitude: poor
 * evidence for identities about ordinary numbers.) Shrinks towards the point of [lo, hi]
 * nearest to 0, and fast-check's bias still produces 0, the bounds and small values often.
 */
export function realEntry(lo = -1, hi = 1): fc.Arbitrary<number> {
  return fc.integer({ min: Math.ceil(lo * REAL_STEPS), max: Math.floor(hi * REAL_STEPS) }).map((k) => k / REAL_STEPS);
}

/** Sizes up to which vectors and matrices are drawn from a fixed buffer (see bufferedTensor). */
const MAX_BUFFERED = 8;

/** A rows × cols matrix of entries. */
export function matrixOf(rows: number, cols: number, entry: fc.Arbitrary<number>): fc.Arbitrary<ClaimValue> {
  return bufferedTensor([rows, cols], [MAX_BUFFERED, MAX_BUFFERED], entry);
}

/** A vector of m entries. */
export function vectorOf(m: number, entry: fc.Arbitrary<number>): fc.Arbitrary<ClaimValue> {
  return bufferedTensor([m], [MAX_BUFFERED], entry);
}

/** The optional bounds `lo, hi` at `args[from]`, `args[from + 1]`, with defaults; integers when `integer`. */
export function bounds(op: string, args: readonly unknown[], from: number, dflt: [number, number], integer: boolean): [number, number] {
  const lo = args[from] === undefined ? dflt[0] : asNumber(op, 'lo', args[from]);
  const hi = args[from + 1] === undefined ? dflt[1] : asNumber(op, 'hi', args[from + 1]);
  if (lo > hi || (integer && (!Number.isInteger(lo) || !Number.isInteger(hi)))) {
    throw LayerproofError.invalid({ op, argument: '(lo, hi)', value: [lo, hi], expected: `${integer ? 'integers' : 'numbers'} with lo ≤ hi` });
  }
  return [lo, hi];
}

/** Generators of numbers, vectors and matrices. */
export function basicGenerators(): Record<string, VariableGenerator> {
  return {
    int: {
      signature: 'int(lo, hi)',
      phrase: ([lo = '', hi = '']) => `an integer in $\\{${lo}, \\dots, ${hi}\\}$`,
      finite: true,
      create: (args) => {
        const [lo, hi] = bounds('int', args, 0, [0, 0], true);
        return { arbitrary: fc.integer({ min: lo, max: hi }), size: hi - lo + 1, values: () => Array.from({ length: hi - lo + 1 }, (_v, i) => lo + i) };
      },
    },
    real: {
      signature: 'real(lo, hi)',
      phrase: ([lo = '-1', hi = '1']) => `a real number in $[${lo}, ${hi}]$`,
      finite: false,
      create: (args) => {
        const [lo, hi] = bounds('real', args, 0, [-1, 1], false);
        return { arbitrary: realEntry(lo, hi) };
      },
    },
    vector: {
      signature: 'vector(m)',
      phrase: ([m = '']) => `a vector in $\\mathbb{R}^{${m}}$ with entries in $[-1, 1]$`,
      finite: false,
      create: (args) => {
        const m = asSize('vector', 'm', args[0], 1);
        return { arbitrary: vectorOf(m, realEntry()) };
      },
    },
    intVector: {
      signature: 'intVector(m, lo, hi)',
      phrase: ([m = '', lo = '-3', hi = '3']) => `a vector in $\\{${lo}, \\dots, ${hi}\\}^{${m}}$`,
      finite: false,
      create: (args) => {
        const m = asSize('intVector', 'm', args[0], 1);
        const [lo, hi] = bounds('intVector', args, 1, [-3, 3], true);
        return { arbitrary: vectorOf(m, fc.integer({ min: lo, max: hi })) };
      },
    },
    matrix: {
      signature: 'matrix(n, d)',
      phrase: ([n = '', d = '']) => `a matrix in $\\mathbb{R}^{${n}\\times ${d}}$ with entries in $[-1, 1]$`,
      finite: false,
      create: (args) => {
        const n = asSize('matrix', 'n', args[0], 1);
        const d = asSize('matrix', 'd', args[1], 1);
        return { arbitrary: matrixOf(n, d, realEntry()) };
      },
    },
    intMatrix: {
      signature: 'intMatrix(n, d, lo, hi)',
      phrase: ([n = '', d = '', lo = '-3', hi = '3']) => `a matrix in $\\{${lo}, \\dots, ${hi}\\}^{${n}\\times ${d}}$`,
      finite: false,
      create: (args) => {
        const n = asSize('intMatrix', 'n', args[0], 1);
        const d = asSize('intMatrix', 'd', args[1], 1);
        const [lo, hi] = bounds('intMatrix', args, 2, [-3, 3], true);
        return { arbitrary: matrixOf(n, d, fc.integer({ min: lo, max: hi })) };
      },
    },
    diagonal: {
      signature: 'diagonal(n, lo, hi)',
      phrase: ([n = '', lo = '1', hi = '8']) => `an $${n}\\times ${n}$ diagonal matrix with diagonal entries in $[${lo}, ${hi}]$`,
      finite: false,
      create: (args) => {
        const n = asSize('diagonal', 'n', args[0], 1);
        const [lo, hi] = bounds('diagonal', args, 1, [1, 8], false);
        if (lo <= 0) throw LayerproofError.invalid({ op: 'diagonal', argument: 'lo', value: lo, expected: 'a positive number (the diagonal must be positive)' });
        return {
          arbitrary: fc.array(realEntry(lo, hi), { minLength: n, maxLength: n })
            .map((diag) => diag.map((v, i) => diag.map((_u, j) => (i === j ? v : 0)))),
        };
      },
    },
  };
}
