/**
 * `npm run bench -- spectrum [options]`: issue 12's figures on two cores.
 *
 * - anchor: the 64→64, 5×5 layer on 12×12 of Delattre et al. (ICML 2023) with a seeded N(0, 1)
 *   kernel: Sedghi's exact circular σ, Gram iteration's excess after 5 iterations (their anchor:
 *   +0.043 on σ = 80.79), and the certified [lower, upper] of the same layer with 'same' zero padding;
 * - sedghi: Sedghi's spectrum against the dense SVD of the explicit circular T at the largest size
 *   both fit (speed ratio, largest difference over all singular values);
 * - mobilenet: every convolution of MobileNetV2 (224×224, bench/support/mobileNetV2.ts, seeded
 *   weights): each layer's certified interval (target: relative gap ≤ 1%) and the whole (≤ 60 s),
 *   with Miyato's reshaped-kernel value beside it.
 *
 * Options: --case anchor|sedghi|mobilenet|all (default all)  --size N (MobileNetV2 input, default 224)
 *          --seed N (default 12)  --sedghi-grid N (default 16)  --sedghi-channels N (default 4)
 */
import { parseArgs } from 'node:util';
import { formatTable, sci } from '../src/cli/formatTable.js';
import { useTfjsBackend } from '../src/cnn/backends/useTfjsBackend.js';
import { createRng } from '../src/core/rng.js';
import { convGeometry } from '../src/linear/convGeometry.js';
import { circularGramIteration } from '../src/spectrum/circularGramIteration.js';
import { circularSpectrum } from '../src/spectrum/circularSpectrum.js';
import { convNormBounds } from '../src/spectrum/convNormBounds.js';
import { layerNormBounds } from '../src/spectrum/layerNormBounds.js';
import { relativeGap } from '../src/spectrum/NormBound.js';
import { realSingularValues } from '../src/spectrum/realSingularValues.js';
import { reshapedKernelNorm } from '../src/spectrum/reshapedKernelNorm.js';
import { tf } from '../src/tfjs/tf.js';
import { emit } from './support/measure.js';
import { mobileNetV2 } from './support/mobileNetV2.js';
import { randomizeWeights } from './support/randomizeWeights.js';

const CASES = ['anchor', 'sedghi', 'mobilenet'] as const;
type CaseName = (typeof CASES)[number];

/** Standard normal draws (Box–Muller) from the seeded generator. */
function normals(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const a = 2 * Math.PI * rng();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

function anchor(seed: number): void {
  const shape = [5, 5, 64, 64];
  const kernel = { shape, data: normals(5 * 5 * 64 * 64, seed) };
  let t = performance.now();
  const spectrum = circularSpectrum(kernel, [12, 12]);
  const sedghiMs = performance.now() - t;
  const exact = spectrum[0] ?? 0;
  const gram: Record<string, number> = {};
  const gramMs: Record<string, number> = {};
  for (const iterations of [3, 4, 5, 6]) {
    t = performance.now();
    gram[iterations] = circularGramIteration(kernel, [12, 12], { iterations });
    gramMs[iterations] = performance.now() - t;
  }
  const g = convGeometry({ inputShape: [12, 12, 64], kernelSize: 5, padding: 'same' });
  const zero = convNormBounds(kernel, g);
  // The default refinement budget leaves this small, wide layer at its circular bound; a larger one certifies it.
  const certified = convNormBounds(kernel, g, { refineFlops: 1e11 });
  const miyato = reshapedKernelNorm(kernel);
  emit({ case: 'anchor', seed, exactCircular: exact, smallestCircular: spectrum[spectrum.length - 1], sedghiMs, gram, gramMs, zeroPadded: zero, zeroPaddedGap: relativeGap(zero), certified, certifiedGap: relativeGap(certified), miyato });
  process.stderr.write(`${formatTable(['quantity', 'value', 'ms'], [
    ['exact circular σ₁ (Sedghi, 12×12)', exact.toFixed(4), sedghiMs.toFixed(0)],
    ...[3, 4, 5, 6].map((i) => [`Gram iteration, ${i} iterations (excess)`, `${(gram[i] ?? 0).toFixed(4)} (+${((gram[i] ?? 0) - exact).toExponential(2)})`, (gramMs[i] ?? 0).toFixed(0)]),
    ["'same' zero padding: certified [lower, upper]", `[${zero.lower.toFixed(4)}, ${zero.upper.toFixed(4)}] gap ${sci(relativeGap(zero))} (${zero.method})`, zero.ms.toFixed(0)],
    ["the same with refineFlops 1e11 (Cholesky certificate)", `[${certified.lower.toFixed(4)}, ${certified.upper.toFixed(4)}] gap ${sci(relativeGap(certified))} (${certified.method})`, certified.ms.toFixed(0)],
    ['Miyato reshaped-kernel σ (spectral_norm)', miyato.toFixed(4), ''],
  ])}\n`);
}

function sedghi(seed: number, grid: number, channels: number): void {
  const shape = [3, 3, channels, channels];
  const kernel = { shape, data: normals(9 * channels * channels, seed) };
  circularSpectrum(kernel, [4, 4]); // JIT warm-up, so the timing below is of the method
  let t = performance.now();
  const fast = circularSpectrum(kernel, [grid, grid]);
  const sedghiMs = performance.now() - t;
  t = performance.now();
  // The explicit circular T, dense, y[p, co] = Σ K[t, ci, co]·x[(p + t) mod n, ci].
  const n = grid * grid * channels;
  const dense = new Float64Array(n * n);
  for (let p1 = 0; p1 < grid; p1++) for (let p2 = 0; p2 < grid; p2++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
    for (let ci = 0; ci < channels; ci++) for (let co = 0; co < channels; co++) {
      const row = (p1 * grid + p2) * channels + co;
      const col = (((p1 + a) % grid) * grid + ((p2 + b) % grid)) * channels + ci;
      dense[row * n + col] = (dense[row * n + col] ?? 0) + (kernel.data[((a * 3 + b) * channels + ci) * channels + co] ?? 0);
    }
  }
  const slow = realSingularValues(dense, n, n);
  const denseMs = performance.now() - t;
  let maxAbs = 0;
  for (let i = 0; i < slow.length; i++) maxAbs = Math.max(maxAbs, Math.abs((slow[i] ?? 0) - (fast[i] ?? 0)));
  emit({ case: 'sedghi', grid, channels, size: n, sedghiMs, denseMs, ratio: denseMs / sedghiMs, maxAbsDifference: maxAbs, sigmaMax: fast[0] });
  process.stderr.write(`${formatTable(['T', 'Sedghi ms', 'dense SVD ms', 'ratio', 'max |Δσ|', 'σ₁'], [
    [`${n}×${n} (${grid}×${grid}, ${channels}→${channels}, 3×3)`, sedghiMs.toFixed(1), denseMs.toFixed(0), (denseMs / sedghiMs).toFixed(0), sci(maxAbs), (fast[0] ?? 0).toFixed(6)],
  ])}\n`);
}

async function mobilenet(seed: number, size: number): Promise<void> {
  await useTfjsBackend('cpu');
  const model = mobileNetV2({ inputSize: size });
  randomizeWeights(model, seed);
  const rows: string[][] = [];
  const t0 = performance.now();
  let worstGap = 0;
  let layers = 0;
  let untimed = 0;
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind !== 'Conv2D' && kind !== 'DepthwiseConv2D') continue;
    const inputShape = (layer.input as tf.SymbolicTensor).shape.slice(1).map((d) => d ?? 1);
    const bound = await layerNormBounds(layer, inputShape);
    if (bound === undefined) continue;
    layers++;
    const gap = relativeGap(bound);
    worstGap = Math.max(worstGap, gap);
    const weights = layer.getWeights()[0];
    // Outside the timed work; a 1×1 kernel's reshaped norm is its exact norm, so only spatial kernels.
    const spatial = weights !== undefined && weights.shape.length === 4 && (weights.shape[0] !== 1 || weights.shape[1] !== 1);
    const t1 = performance.now();
    const miyato = kind === 'Conv2D' && spatial ? reshapedKernelNorm({ shape: weights.shape, data: await weights.data() }) : undefined;
    untimed += performance.now() - t1;
    emit({ case: 'mobilenet', layer: layer.name, kind, inputShape, lower: bound.lower, upper: bound.upper, gap, exact: bound.exact, method: bound.method, ms: bound.ms, miyato });
    rows.push([layer.name, kind, inputShape.join('×'), bound.lower.toFixed(5), bound.upper.toFixed(5), sci(gap), bound.method, bound.ms.toFixed(0), miyato === undefined ? '' : miyato.toFixed(4)]);
  }
  const wallS = (performance.now() - t0 - untimed) / 1e3;
  emit({ case: 'mobilenet', summary: true, size, layers, wallS, worstGap, targets: { gap: 0.01, wallS: 60 }, met: worstGap <= 0.01 && wallS <= 60 });
  process.stderr.write(`${formatTable(['layer', 'kind', 'input', 'lower', 'upper', 'gap', 'method', 'ms', 'Miyato'], rows)}\n`);
  process.stderr.write(`MobileNetV2 ${size}×${size}: ${layers} convolutions in ${wallS.toFixed(1)} s (target ≤ 60 s), worst relative gap ${sci(worstGap)} (target ≤ 1e-2).\n`);
  tf.disposeVariables();
}

const OPTIONS = {
  case: { type: 'string', default: 'all' },
  size: { type: 'string', default: '224' },
  seed: { type: 'string', default: '12' },
  'sedghi-grid': { type: 'string', default: '16' },
  'sedghi-channels': { type: 'string', default: '4' },
} as const;

export async function main(args: string[]): Promise<void> {
  const usage = (problem: string): void => {
    process.stderr.write(`${problem}\nUsage: npm run bench -- spectrum [--case anchor|sedghi|mobilenet|all] [--size N] [--seed N] [--sedghi-grid N] [--sedghi-channels N]\n`);
    process.exitCode = 2;
  };
  let values: { case: string; size: string; seed: string; 'sedghi-grid': string; 'sedghi-channels': string };
  try {
    ({ values } = parseArgs({ args, options: OPTIONS }));
  } catch (error) {
    return usage((error as Error).message);
  }
  const names: readonly CaseName[] = values.case === 'all' ? CASES : CASES.filter((c) => c === values.case);
  if (names.length === 0) return usage(`--case ${values.case}: expected ${[...CASES, 'all'].join(', ')}.`);
  const numbers = [values.size, values.seed, values['sedghi-grid'], values['sedghi-channels']].map(Number);
  if (!numbers.every((n) => Number.isInteger(n) && n >= 1)) return usage('--size, --seed, --sedghi-grid and --sedghi-channels take positive integers.');
  const [size, seed, grid, channels] = numbers as [number, number, number, number];
  for (const name of names) {
    if (name === 'anchor') anchor(seed);
    else if (name === 'sedghi') sedghi(seed, grid, channels);
    else await mobilenet(seed, size);
  }
}
