/**
 * `npm run bench -- linear [references]`: building the Toeplitz matrix of a convolution and
 * applying it, against the same layer through tf.conv2d on the wasm backend, in the same run.
 * Targets (issue 2): building ≥ 50 million non-zeros per second; T·x within 3× of tfjs wasm on one image.
 * Then the float64 reference functions (direct convolution and pooling, the pooling and
 * depthwise builders), whose speed issue 11 keeps while they share code with the exact engine.
 * `references` runs only that second table (no TensorFlow.js).
 */
import { conv2dMatrix, createRng, tf, useTfjsBackend } from '../src/index.js';
import { formatTable } from '../src/cli/formatTable.js';
import type { Rng } from '../src/core/rng.js';
import { avgPoolMatrix } from '../src/linear/avgPoolMatrix.js';
import { conv2dDirect } from '../src/linear/conv2dDirect.js';
import { depthwiseConv2dMatrix } from '../src/linear/depthwiseConv2dMatrix.js';
import { float64Arithmetic } from '../src/exact/float64Arithmetic.js';
import { conv2dOver } from '../src/linear/conv2dOver.js';
import { convGeometry } from '../src/linear/convGeometry.js';
import { pool2dDirect } from '../src/linear/pool2dDirect.js';
import { pool2dOver } from '../src/linear/pool2dOver.js';
import { avgPoolMatrixOver, depthwiseConv2dMatrixOver } from '../src/linear/windowMatrixOver.js';
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

export async function main(args: readonly string[] = []): Promise<void> {
  if (!args.includes('references')) await toeplitzAgainstTfjs();
  references();
}

async function toeplitzAgainstTfjs(): Promise<void> {
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

function randomData(n: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => rng() * 2 - 1);
}

/**
 * The float64 references, each on one mid-sized image (medians of repeated runs), then the
 * generic functions the exact engine runs, over float64Arithmetic, on the same data: the price
 * of calling `ar.add`/`ar.mul` (in a process that runs no other arithmetic through them).
 */
function references(): void {
  const rng = createRng(11);
  const x = randomData(32 * 32 * 8, rng);
  const kernel = { shape: [3, 3, 8, 16], data: randomData(3 * 3 * 8 * 16, rng) };
  const depthwise = { shape: [3, 3, 8, 2], data: randomData(3 * 3 * 8 * 2, rng) };
  const conv = { inputShape: [32, 32, 8] as [number, number, number], padding: 'same' as const };
  const pool = { inputShape: [32, 32, 8] as [number, number, number], poolSize: 3, strides: 1, padding: 'same' as const };
  const g = convGeometry({ inputShape: conv.inputShape, kernelSize: 3, padding: 'same' });
  const pg = convGeometry({ inputShape: pool.inputShape, kernelSize: 3, strides: 1, padding: 'same', windowName: 'window' });
  const cases: readonly { readonly case: string; readonly run: () => unknown }[] = [
    { case: 'conv2dDirect 32×32 8→16 3×3 same', run: () => conv2dDirect(x, kernel, conv) },
    { case: 'depthwise conv2dDirect 32×32 8×2 3×3 same', run: () => conv2dDirect(x, depthwise, { ...conv, depthwise: true }) },
    { case: 'pool2dDirect avg 32×32×8 3×3 s1 same', run: () => pool2dDirect('avg', x, pool) },
    { case: 'pool2dDirect max 32×32×8 3×3 s1 same', run: () => pool2dDirect('max', x, pool) },
    { case: 'avgPoolMatrix build 32×32×8 3×3 s1 same', run: () => avgPoolMatrix(pool) },
    { case: 'depthwiseConv2dMatrix build 32×32 8×2 3×3 same', run: () => depthwiseConv2dMatrix(depthwise, conv) },
    { case: 'generic: conv2dOver(float64) 32×32 8→16 3×3 same', run: () => conv2dOver(float64Arithmetic, x, kernel.data, g) },
    { case: 'generic: pool2dOver(float64) avg 32×32×8 3×3 s1 same', run: () => pool2dOver(float64Arithmetic, 'avg', x, pg) },
    { case: 'generic: pool2dOver(float64) max 32×32×8 3×3 s1 same', run: () => pool2dOver(float64Arithmetic, 'max', x, pg) },
    { case: 'generic: avgPoolMatrixOver(float64) 32×32×8 3×3 s1 same', run: () => avgPoolMatrixOver(float64Arithmetic, pg) },
    { case: 'generic: depthwiseConv2dMatrixOver(float64) 32×32 8×2 3×3 same', run: () => depthwiseConv2dMatrixOver(float64Arithmetic, depthwise.data, g) },
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    const ms = medianMs(() => { c.run(); }, 31, 5);
    emit({ case: c.case, ms });
    rows.push([c.case, ms.toFixed(3)]);
  }
  process.stdout.write(`${formatTable(['float64 reference', 'ms'], rows)}\n`);
}
