/**
 * `npm run bench -- gcn [references]`: permutation invariance checks of a GCN per second (3 layers,
 * 16 features) for n = 10, 100 and 1 000 nodes, with the float64 reference and with the
 * TensorFlow.js (wasm) forward pass, and the time to check all 5 040 permutations of a
 * 7-node graph. One check = the model on (X, A) and on (PX, PAPᵀ), compared under the
 * scaled tolerance (computed once per graph, outside the timing).
 * Then the float64 reference functions one by one (normalisation, ReLU, readout, softmax, the
 * forward pass), whose speed issue 11 keeps while they are tested against the generic code the
 * exact engine runs. `references` runs only that second table (no TensorFlow.js).
 */
import {
  checkPermutationInvariance, createRng, gcnForward, gcnForwardTfjs, gcnTolerance, randomGraph, randomPermutation,
  useTfjsBackend, type GraphModel, type Rng,
} from '../src/index.js';
import { formatTable } from '../src/cli/formatTable.js';
import { float64Arithmetic } from '../src/exact/float64Arithmetic.js';
import { gcnOver } from '../src/gcn/gcnOver.js';
import { meanRows } from '../src/gcn/meanRows.js';
import { normalizeAdjacencyOver } from '../src/gcn/normalizeAdjacencyOver.js';
import { normalizeAdjacency } from '../src/gcn/normalizeAdjacency.js';
import { relu } from '../src/gcn/relu.js';
import { softmax } from '../src/gcn/softmax.js';
import { emit, medianMs } from './support/measure.js';

const FEATURES = 16;
const LAYERS = 3;
/** Expected degree of the random graphs (Erdős–Rényi, p = 8 / (n − 1)). */
const DEGREE = 8;

function matrix(rows: number, cols: number, rng: Rng, scale = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rng() * 2 - 1) * scale));
}

/** Checks per batch so that one timed batch takes a few milliseconds at least. */
function batchFor(n: number): number {
  return n <= 10 ? 50 : n <= 100 ? 5 : 1;
}

export async function main(args: readonly string[] = []): Promise<void> {
  if (!args.includes('references')) await invarianceChecks();
  references();
}

async function invarianceChecks(): Promise<void> {
  await useTfjsBackend('wasm');
  const rng = createRng(2026);
  // Glorot-like scale 1/√16 keeps activations of order 1 through three layers.
  const W = Array.from({ length: LAYERS }, () => matrix(FEATURES, FEATURES, rng, 1 / Math.sqrt(FEATURES)));
  const implementations: readonly { name: string; model: GraphModel }[] = [
    { name: 'float64', model: (X, A) => gcnForward(X, A, W).output },
    { name: 'tfjs-wasm', model: (X, A) => gcnForwardTfjs(X, A, W).output },
  ];
  const rows: string[][] = [];

  for (const n of [10, 100, 1000]) {
    const A = randomGraph(n, rng, { density: Math.min(1, DEGREE / (n - 1)) });
    const X = matrix(n, FEATURES, rng);
    const permutation = randomPermutation(n, rng);
    const tolerances = { float64: gcnTolerance(X, A, W, { precision: 'float64' }).output, float32: gcnTolerance(X, A, W, { precision: 'float32' }).output };
    const edges = A.flat().filter((v) => v !== 0).length / 2;
    for (const { name, model } of implementations) {
      // Two float32 runs each within the float32 bound of the exact value are within twice it of each other.
      const t = name === 'float64' ? tolerances.float64 : { ...tolerances.float32, atol: 2 * tolerances.float32.atol, rtol: 2 * tolerances.float32.rtol };
      let holds = true;
      let maxDifference = 0;
      const batch = batchFor(n);
      const ms = medianMs(() => {
        for (let k = 0; k < batch; k++) {
          const result = checkPermutationInvariance(model, { cases: [{ X, A, permutation }], tolerance: t });
          holds &&= result.holds;
          maxDifference = Math.max(maxDifference, result.maxDifference);
        }
      }, n >= 1000 ? 5 : 15, n >= 1000 ? 1 : 3) / batch;
      const record = {
        case: `invariance-n${n}-${name}`, implementation: name, nodes: n, edges, features: FEATURES, layers: LAYERS,
        msPerCheck: ms, checksPerSec: 1000 / ms, holds, maxDifference, tolerance: t.name,
      };
      emit(record);
      rows.push([record.case, String(n), String(edges), ms.toFixed(3), record.checksPerSec.toFixed(1), holds ? 'yes' : 'NO', maxDifference.toExponential(1)]);
    }
  }

  {
    const n = 7;
    const A = randomGraph(n, rng, { density: 0.5 });
    const X = matrix(n, FEATURES, rng);
    const tolerance = gcnTolerance(X, A, W, { precision: 'float64' }).output;
    const model = implementations[0]?.model ?? ((x: number[][]) => x);
    let result = checkPermutationInvariance(model, { cases: [{ X, A }], tolerance });
    const ms = medianMs(() => {
      result = checkPermutationInvariance(model, { cases: [{ X, A }], tolerance });
    }, 5, 1);
    const record = {
      case: 'all-permutations-7', implementation: 'float64', nodes: n, edges: A.flat().filter((v) => v !== 0).length / 2,
      features: FEATURES, layers: LAYERS, permutations: result.cases, ms, checksPerSec: result.cases / (ms / 1000),
      holds: result.holds, maxDifference: result.maxDifference, tolerance: tolerance.name,
    };
    emit(record);
    rows.push([`${record.case} (${result.cases} permutations)`, String(n), String(record.edges), ms.toFixed(1), record.checksPerSec.toFixed(0), result.holds ? 'yes' : 'NO', result.maxDifference.toExponential(1)]);
  }

  process.stdout.write(`${formatTable(['case', 'nodes', 'edges', 'ms', 'checks/s', 'invariant', 'max |diff|'], rows)}\n`);
  process.stdout.write(`GCN of ${LAYERS} layers, ${FEATURES} features; Erdős–Rényi graphs of expected degree ${DEGREE}. One check = the model on (X, A) and (PX, PAPᵀ), compared. Medians of repeated runs.\n`);
}

/**
 * The float64 references on one graph of 100 nodes, 16 features (medians of repeated runs), then
 * the generic (dense) functions the exact engine runs, over float64Arithmetic, on the same graph.
 */
function references(): void {
  const rng = createRng(11);
  const n = 100;
  const A = randomGraph(n, rng, { density: DEGREE / (n - 1) });
  const X = matrix(n, FEATURES, rng);
  const W = Array.from({ length: LAYERS }, () => matrix(FEATURES, FEATURES, rng, 1 / Math.sqrt(FEATURES)));
  const v = matrix(1, FEATURES, rng);
  const cases: readonly { readonly case: string; readonly run: () => unknown }[] = [
    { case: `normalizeAdjacency n=${n}`, run: () => normalizeAdjacency(A) },
    { case: `relu ${n}×${FEATURES}`, run: () => relu(X) },
    { case: `meanRows ${n}×${FEATURES}`, run: () => meanRows(X) },
    { case: `softmax 1×${FEATURES}`, run: () => softmax(v) },
    { case: `gcnForward n=${n} ${LAYERS}×${FEATURES}`, run: () => gcnForward(X, A, W) },
    { case: `generic: normalizeAdjacencyOver(float64) n=${n}`, run: () => normalizeAdjacencyOver(float64Arithmetic, A) },
    { case: `generic: gcnOver(float64) n=${n} ${LAYERS}×${FEATURES}`, run: () => gcnOver(float64Arithmetic, X, A, W) },
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    const ms = medianMs(() => { c.run(); }, 31, 5);
    emit({ case: c.case, ms });
    rows.push([c.case, ms.toFixed(4)]);
  }
  process.stdout.write(`${formatTable(['float64 reference', 'ms'], rows)}\n`);
}
