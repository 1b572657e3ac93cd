import fc from 'fast-check';
import type { ClaimValue } from './ClaimValue.js';
import { MAX_DOMAIN_SIZE, type VariableGenerator } from './VariableGenerator.js';
import { asSize } from './numericArguments.js';
import { bounds, matrixOf, realEntry } from './basicGenerators.js';
import { allGraphs } from '../gcn/allGraphs.js';
import { allPermutations, MAX_EXHAUSTIVE_NODES } from '../gcn/allPermutations.js';
import { permutationArbitrary } from '../gcn/arbitraries/permutationArbitrary.js';
import { permutationMatrix } from '../gcn/permutationMatrix.js';

/** The matrix of p: row i has its 1 in column p(i), so (P·X)_{i,:} = X_{p(i),:} (the GCN module's convention). */
function permutationMatrixOf(p: readonly number[]): number[][] {
  return permutationMatrix(p).to2DArray();
}

function factorial(n: number): number {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

/** A symmetric 0/1 matrix with zero diagonal from the bits of its upper triangle (all false: no edges, where shrinking goes). */
function adjacencyFromBits(n: number, bits: readonly boolean[]): number[][] {
  const a = Array.from({ length: n }, () => Array.from({ length: n }, () => 0));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = bits[k++] === true ? 1 : 0;
      (a[i] as number[])[j] = v;
      (a[j] as number[])[i] = v;
    }
  }
  return a;
}

/** [W1, …, WL] for widths d, hidden widths in {1, …, 4}, c: hidden widths shrink to 1. */
function weightsArbitrary(op: string, args: readonly unknown[], entry: fc.Arbitrary<number>): fc.Arbitrary<ClaimValue> {
  const d = asSize(op, 'd', args[0], 1);
  const layers = asSize(op, 'L', args[1], 1);
  const c = asSize(op, 'c', args[2], 1);
  return fc.array(fc.integer({ min: 1, max: 4 }), { minLength: layers - 1, maxLength: layers - 1 }).chain((hidden) => {
    const widths = [d, ...hidden, c];
    return fc.tuple(...Array.from({ length: layers }, (_v, l) => matrixOf(widths[l] as number, widths[l + 1] as number, entry)));
  }).map((ws) => ws as ClaimValue);
}

/** Generators of graphs: permutation matrices, adjacency matrices, GCN weights. */
export function graphGenerators(): Record<string, VariableGenerator> {
  return {
    permutation: {
      signature: 'permutation(n)',
      phrase: ([n = '']) => `an $${n}\\times ${n}$ permutation matrix`,
      finite: true,
      create: (args) => {
        const n = asSize('permutation', 'n', args[0], 1);
        // A Lehmer code: uniform, and it shrinks towards the identity.
        const arbitrary = permutationArbitrary(n).map((p) => permutationMatrixOf(p) as ClaimValue);
        const size = factorial(n);
        return {
          arbitrary, size,
          ...(n <= MAX_EXHAUSTIVE_NODES && size <= MAX_DOMAIN_SIZE && {
            values: function* (): Generator<ClaimValue> { for (const p of allPermutations(n)) yield permutationMatrixOf(p); },
          }),
        };
      },
    },
    adjacency: {
      signature: 'adjacency(n)',
      phrase: ([n = '']) => `the adjacency matrix $\\in\\{0,1\\}^{${n}\\times ${n}}$ of an undirected graph without self-loops`,
      finite: true,
      create: (args) => {
        const n = asSize('adjacency', 'n', args[0], 1);
        const m = (n * (n - 1)) / 2;
        const size = 2 ** m;
        const arbitrary = fc.array(fc.boolean(), { minLength: m, maxLength: m }).map((bits) => adjacencyFromBits(n, bits) as ClaimValue);
        return {
          arbitrary, size,
          // allGraphs: the empty graph first; it refuses more than 2²⁰ graphs.
          ...(size <= Math.min(MAX_DOMAIN_SIZE, 2 ** 20) && { values: (): Iterable<ClaimValue> => allGraphs(n) }),
        };
      },
    },
    weights: {
      signature: 'weights(d, L, c)',
      phrase: ([d = '', l = '', c = '']) => `the weights $W^{(1)}, \\dots, W^{(${l})}$ of $${l}$ layers, $W^{(\\ell)} \\in \\mathbb{R}^{d_{\\ell-1}\\times d_\\ell}$ with $d_0 = ${d}$, $d_{${l}} = ${c}$ and hidden widths in $\\{1, \\dots, 4\\}$, entries in $[-1, 1]$`,
      finite: false,
      create: (args) => ({ arbitrary: weightsArbitrary('weights', args, realEntry()) }),
    },
    intWeights: {
      signature: 'intWeights(d, L, c, lo, hi)',
      phrase: ([d = '', l = '', c = '', lo = '-2', hi = '2']) => `the weights $W^{(1)}, \\dots, W^{(${l})}$ of $${l}$ layers, $d_0 = ${d}$, $d_{${l}} = ${c}$, hidden widths in $\\{1, \\dots, 4\\}$, integer entries in $\\{${lo}, \\dots, ${hi}\\}$`,
      finite: false,
      create: (args) => {
        const [lo, hi] = bounds('intWeights', args, 3, [-2, 2], true);
        return { arbitrary: weightsArbitrary('intWeights', args, fc.integer({ min: lo, max: hi })) };
      },
    },
  };
}
