import { LayerproofError } from '../core/LayerproofError.js';
import { gcnForward } from '../gcn/gcnForward.js';
import { meanRows } from '../gcn/meanRows.js';
import { normalizeAdjacency } from '../gcn/normalizeAdjacency.js';
import { softmax } from '../gcn/softmax.js';
import { validateAdjacency } from '../gcn/validateAdjacency.js';
import { plainValue } from './ClaimValue.js';
import { asMatrix } from './numericArguments.js';
import { proofFunction, type ProofFunction } from './proofFunction.js';

function weightList(op: string, value: unknown): number[][][] {
  const v = plainValue(value);
  if (!Array.isArray(v) || v.length === 0) {
    throw LayerproofError.invalid({ op, argument: 'W', value: v, expected: 'a list of weight matrices [W1, …, WL] (from weights(d, L, c)) or one matrix' });
  }
  // One matrix (rows of numbers) is a one-layer network.
  if (v.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number'))) return [asMatrix(op, 'W', v)];
  return v.map((w, l) => asMatrix(op, `W[${l}]`, w));
}

/** A row vector as a 1×d matrix (softmax and meanRows work on rows). */
function asRow(op: string, value: unknown): number[][] {
  const v = plainValue(value);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return [v];
  return asMatrix(op, 'v', v);
}

/**
 * GCN functions for claims, thin wrappers of `src/gcn` (the float64 reference). Degrees are
 * those of A + I (Kipf & Welling), so Ã exists for every graph, isolated nodes included.
 */
export function gcnFunctions(): Record<string, ProofFunction> {
  return {
    normalizeAdjacency: proofFunction({
      usage: 'normalizeAdjacency(A)',
      description: 'the normalised adjacency Ã = D^{-1/2}(A + I)D^{-1/2}, D the degree matrix of A + I',
      tex: ([a = '']) => `\\widetilde{${a.trim()}}`,
      evaluate: (A) => normalizeAdjacency(asMatrix('normalizeAdjacency', 'A', A)),
    }),
    degreeMatrix: proofFunction({
      usage: 'degreeMatrix(A)',
      description: 'the diagonal matrix D of the degrees of A + I: D_ii = 1 + Σ_j A_ij',
      tex: ([a = '']) => `D\\!\\left(${a}\\right)`,
      evaluate: (A) => {
        const m = validateAdjacency(asMatrix('degreeMatrix', 'A', A));
        return m.map((row, i) => row.map((_v, j) => (i === j ? 1 + row.reduce((s, x) => s + x, 0) : 0)));
      },
    }),
    gcnLayer: proofFunction({
      usage: 'gcnLayer(H, A, W)',
      description: 'one GCN layer, ReLU(Ã H W)',
      tex: ([h = '', a = '', w = '']) => `\\operatorname{layer}_{${w}}\\left(${h},\\, ${a}\\right)`,
      evaluate: (H, A, W) => {
        const { hidden } = gcnForward(asMatrix('gcnLayer', 'H', H), asMatrix('gcnLayer', 'A', A), [asMatrix('gcnLayer', 'W', W)]);
        return hidden[0] ?? [];
      },
    }),
    gcnHidden: proofFunction({
      usage: 'gcnHidden(X, A, W)',
      description: 'the node states H^(L) after the L layers of W = [W1, …, WL]',
      tex: ([x = '', a = '', w = '']) => `H^{(L)}_{${w}}\\left(${x},\\, ${a}\\right)`,
      evaluate: (X, A, W) => {
        const { hidden } = gcnForward(asMatrix('gcnHidden', 'X', X), asMatrix('gcnHidden', 'A', A), weightList('gcnHidden', W));
        return hidden[hidden.length - 1] ?? [];
      },
    }),
    gcn: proofFunction({
      usage: 'gcn(X, A, W)',
      description: 'the GCN of the exercise: softmax(meanRows(H^(L))), a 1×c row of class probabilities',
      tex: ([x = '', a = '', w = '']) => `f_{${w}}\\left(${x},\\, ${a}\\right)`,
      evaluate: (X, A, W) => gcnForward(asMatrix('gcn', 'X', X), asMatrix('gcn', 'A', A), weightList('gcn', W)).output,
    }),
    meanRows: proofFunction({
      usage: 'meanRows(H)',
      description: 'the mean of the rows of H, (1/n)·1ᵀH, as a 1×d row',
      tex: ([h = '']) => `\\operatorname{mean}_{\\mathrm{rows}}\\left(${h}\\right)`,
      evaluate: (H) => meanRows(asMatrix('meanRows', 'H', H)),
    }),
    softmax: proofFunction({
      usage: 'softmax(v)',
      description: 'softmax of a row vector: exp(v_k) / Σ_j exp(v_j)',
      tex: ([v = '']) => `\\operatorname{softmax}\\left(${v}\\right)`,
      evaluate: (v) => softmax(asRow('softmax', v)),
    }),
  };
}
