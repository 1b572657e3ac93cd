/**
 * `npm run bench -- linear`: building the Toeplitz matrix of a convolution and applying it,
 * against the same layer through tf.conv2d on the wasm backend, in the same run.
 * Targets (issue 2): building ≥ 50 million non-zeros per second; T·x within 3× of tfjs wasm on one image.
 */
import { conv2dMatrix, createRng, tf, useTfjsBackend } from '../src/index.js';
import { formatTable } from '../src/cli/formatTable.js';
import { emit, medianMs } from './support/measure.js';

interface Case {
  readonly case: string;
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  readonly stride: number;
  readonly padding: 'valid' | 'same';
}

const CASES: readonly Case[] = [
  { case: 'exercise-conv1 3→6 5×5 valid 32×32', h: 32, w: 32, cin: 3, cout: 6, k: 5, stride: 1, padding: 'valid' },
  { case: '3→64 3×3 same 32×32', h: 32, w: 32, cin: 3, cout: 64, k: 3, stride: 1, padding: 'same' },
  { case: '16→32 3×3 same stride 2 32×32', h: 32, w: 32, cin: 16, cout: 32, k: 3, stride: 2, padding: 'same' },
];

export async function main(): Promise<void> {
  await useTfjsBackend('wasm');
  const rng = createRng(7);
  const rows: string[][] = [];
  for (const c of CASES) {
    const weights = { shape: [c.k, c.k, c.cin, c.cout], data: Float32Array.from({ length: c.k * c.k * c.cin * c.cout }, () => rng() * 2 - 1) };
    const x = Float32Array.from({ length: c.h * c.w * c.cin }, () => rng() * 2 - 1);
    const options = { inputShape: [c.h, c.w, c.cin] as [number, number, number], strides: c.stride, padding: c.padding };
    let op = conv2dMatrix(weights, options);
    const buildMs = medianMs(() => { op = conv2dMatrix(weights, options); }, 31, 10);
    const matvecMs = medianMs(() => { op.matrix.multiply(x); }, 50, 5);
    const xt = tf.tensor4d(x, [1, c.h, c.w, c.cin]);
    const wt = tf.tensor4d(weights.data, [c.k, c.k, c.cin, c.cout]);
    // (A tidy that returns the TypedArray would walk its elements looking for tensors: keep it void.)
    const tfjsMs = medianMs(() => { tf.tidy(() => { tf.conv2d(xt, wt, c.stride, c.padding).dataSync(); }); }, 50, 5);
    xt.dispose();
    wt.dispose();
    const record = {
      case: c.case, nnz: op.matrix.nnz, rows: op.matrix.rows, cols: op.matrix.cols,
      buildMs, buildNnzPerSec: op.matrix.nnz / (buildMs / 1000), matvecMs, tfjsMs, tfjsBackend: 'wasm',
      matvecOverTfjs: matvecMs / tfjsMs,
    };
    emit(record);
    rows.push([
      c.case, String(record.nnz), buildMs.toFixed(3), `${(record.buildNnzPerSec / 1e6).toFixed(0)} M/s`,
      matvecMs.toFixed(3), tfjsMs.toFixed(3), `${record.matvecOverTfjs.toFixed(2)}×`,
    ]);
  }
  process.stdout.write(`${formatTable(['case', 'nnz', 'build ms', 'build rate', 'T·x ms', 'tfjs wasm conv2d ms', 'T·x / tfjs'], rows)}\n`);
  process.stdout.write('Targets: build rate ≥ 50 M/s; T·x / tfjs ≤ 3×. Medians of repeated runs, one image.\n');
}
