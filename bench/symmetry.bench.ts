/**
 * `npm run bench -- symmetry [--backend wasm|cpu|webgpu]`: equivariance assertions per second for a
 * small TensorFlow.js CNN under each built-in action, and the time to check every translation of a
 * 16×16 input. The CNN is built to commute with all of them: two depthwise 3×3 convolutions with one
 * kernel for every channel, averaged over the eight symmetries of the square (so flips and rotations
 * commute), circular padding (translations) or 'same' zero padding (zero-fill shifts, away from the
 * border band), ReLU between. One assertion = `assertEquivariant` with its defaults: 10 generated
 * inputs of batch 1–4, every element of a group of at most 256, else 20 drawn per input.
 */
import { parseArgs } from 'node:util';
import { useTfjsBackend } from '../src/cnn/backends/useTfjsBackend.js';
import { formatTable } from '../src/cli/formatTable.js';
import { createRng } from '../src/core/rng.js';
import { assertEquivariant } from '../src/symmetry/assertEquivariant.js';
import { channelPermutation } from '../src/symmetry/channelPermutation.js';
import { cyclicTranslation } from '../src/symmetry/cyclicTranslation.js';
import { flip } from '../src/symmetry/flip.js';
import type { GroupAction } from '../src/symmetry/GroupAction.js';
import { rotation90 } from '../src/symmetry/rotation90.js';
import type { SymmetryCheckResult } from '../src/symmetry/symmetryCheck.js';
import { zeroTranslation } from '../src/symmetry/zeroTranslation.js';
import { tf } from '../src/tfjs/tf.js';
import { emit } from './support/measure.js';

const SIZE = 16;
const CHANNELS = 3;

/** A 3×3 kernel invariant under the dihedral group of the square, repeated for every channel: [3, 3, C, 1]. */
function symmetricKernel(seed: number): tf.Tensor4D {
  const rng = createRng(seed);
  const k = Array.from({ length: 9 }, () => rng() * 2 - 1);
  const maps: ((i: number, j: number) => [number, number])[] = [
    (i, j) => [i, j], (i, j) => [j, 2 - i], (i, j) => [2 - i, 2 - j], (i, j) => [2 - j, i],
    (i, j) => [i, 2 - j], (i, j) => [2 - i, j], (i, j) => [j, i], (i, j) => [2 - j, 2 - i],
  ];
  const sym = Array.from({ length: 9 }, (_v, t) => maps.reduce((s, m) => s + (k[m(Math.floor(t / 3), t % 3).reduce((a, b) => a * 3 + b)] ?? 0), 0) / maps.length);
  return tf.tensor4d(Array.from({ length: 9 * CHANNELS }, (_v, i) => sym[Math.floor(i / CHANNELS)] ?? 0), [3, 3, CHANNELS, 1]);
}

function circularPad(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  const rows = tf.concat([x.slice([0, h - 1, 0, 0], [-1, 1, -1, -1]), x, x.slice([0, 0, 0, 0], [-1, 1, -1, -1])], 1);
  return tf.concat([rows.slice([0, 0, w - 1, 0], [-1, -1, 1, -1]), rows, rows.slice([0, 0, 0, 0], [-1, -1, 1, -1])], 2);
}

export async function main(args: string[] = []): Promise<void> {
  const { values } = parseArgs({ args, options: { backend: { type: 'string', default: 'wasm' } } });
  const backend = values.backend;
  if (backend !== 'wasm' && backend !== 'cpu' && backend !== 'webgpu') throw new Error(`--backend ${backend}: expected wasm, cpu or webgpu`);
  await useTfjsBackend(backend);
  const k1 = symmetricKernel(1);
  const k2 = symmetricKernel(2);
  const circular = (x: tf.Tensor): tf.Tensor =>
    tf.depthwiseConv2d(circularPad(tf.relu(tf.depthwiseConv2d(circularPad(x as tf.Tensor4D), k1, 1, 'valid'))), k2, 1, 'valid');
  const zeroPadded = (x: tf.Tensor): tf.Tensor => tf.depthwiseConv2d(tf.relu(tf.depthwiseConv2d(x as tf.Tensor4D, k1, 1, 'same')), k2, 1, 'same');
  const inputShape = [SIZE, SIZE, CHANNELS];
  const border = [{ kernelSize: 3, padding: 'same' as const, bias: false }, { kernelSize: 3, padding: 'same' as const, bias: false }];
  const cases: { name: string; model: (x: tf.Tensor) => tf.Tensor; action: GroupAction<unknown> }[] = [
    { name: 'cyclic translation (20 of 256 per input)', model: circular, action: cyclicTranslation() as GroupAction<unknown> },
    { name: 'zero-fill translation, band left out (20 drawn)', model: zeroPadded, action: zeroTranslation({ border }) as GroupAction<unknown> },
    { name: 'flips (all 4)', model: circular, action: flip() as GroupAction<unknown> },
    { name: 'rotations by 90° (all 4)', model: circular, action: rotation90() as GroupAction<unknown> },
    { name: 'channel permutations (all 3! = 6)', model: circular, action: channelPermutation() as GroupAction<unknown> },
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    const elements = c.name.startsWith('cyclic') ? 20 : undefined;
    const run = async (seed: number): Promise<SymmetryCheckResult> => assertEquivariant(c.model, { action: c.action, inputShape, seed, ...(elements !== undefined && { elements }) });
    await run(0); // warm-up: kernels compiled, backend ready
    const repeats = 3;
    let comparisons = 0;
    let maxDifference = 0;
    const t0 = performance.now();
    for (let r = 1; r <= repeats; r++) {
      const result = await run(r);
      comparisons += result.comparisons;
      maxDifference = Math.max(maxDifference, result.maxDifference);
    }
    const ms = (performance.now() - t0) / repeats;
    const record = { bench: 'symmetry', backend, case: c.name, inputShape, msPerAssertion: ms, assertionsPerSec: 1000 / ms, comparisonsPerSec: comparisons / repeats / (ms / 1000), maxDifference };
    emit(record);
    rows.push([c.name, ms.toFixed(0), record.assertionsPerSec.toFixed(2), record.comparisonsPerSec.toFixed(0), maxDifference.toExponential(1)]);
  }
  {
    const check = async (): Promise<SymmetryCheckResult> => assertEquivariant(circular, { action: cyclicTranslation(), inputShape, elements: 'all', runs: 1, batch: 1, seed: 7 });
    await check();
    const t0 = performance.now();
    const result = await check();
    const ms = performance.now() - t0;
    const record = { bench: 'symmetry', backend, case: `every translation of a ${SIZE}×${SIZE} input`, inputShape, comparisons: result.comparisons, ms, comparisonsPerSec: result.comparisons / (ms / 1000), maxDifference: result.maxDifference };
    emit(record);
    rows.push([`${record.case} (${result.comparisons} shifts, 1 input)`, ms.toFixed(0), (1000 / ms).toFixed(2), record.comparisonsPerSec.toFixed(0), result.maxDifference.toExponential(1)]);
  }
  process.stdout.write(`${formatTable(['case', 'ms / assertion', 'assertions/s', 'comparisons/s', 'max |diff|'], rows)}\n`);
  process.stdout.write(`Backend ${backend}; CNN: two depthwise 3×3 convolutions (D4-symmetric kernel, ${CHANNELS} channels, ReLU between) on ${SIZE}×${SIZE}×${CHANNELS}. ` +
    'One assertion: 10 inputs of batch 1–4 (e3nn), f(g·x) against g·f(x) for each element. Means of 3 runs after a warm-up.\n');
}
