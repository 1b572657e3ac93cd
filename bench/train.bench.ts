/**
 * `npm run bench -- train [options]`: LeNet training throughput (images per second) on every
 * TensorFlow.js backend that comes up here, stock tfjs against layerproof's training kernels,
 * in one run, with the stock cpu backend as the baseline. Seeded data and weights, fixed steps
 * after warm-up. Issue 5's targets: wasm ≥ 2,500 img/s at batch 256 on two cores;
 * webgpu ≥ 40,000 img/s at batch 2048 on an H100.
 *
 * Options: --backends cpu,wasm,webgpu,tensorflow (default: all that come up)
 *          --batch 256  --gpu-batch 2048 (added on GPU devices; 0 to skip)
 *          --steps N (timed steps; default by backend)  --variants stock,layerproof
 *          --sweep (webgpu: every filter/input gradient lowering, and a loop without per-step sync)
 *          --profile (kernel times of one step, stock and layerproof)
 *          --max-seconds S (skip a case whose first step is slower than this; default 120)
 *          (--sweep also runs layerproof without each dispatch-cost change: tfjs's Adam, no binding
 *          cache, tfjs's uploads; webgpu rows report dispatches and bind groups per step)
 */
import { parseArgs } from 'node:util';
// Direct module imports (not the package barrel) keep the GPU bundle free of the document renderers.
import { createRng } from '../src/core/rng.js';
import type { ModelSpec } from '../src/cnn/LayerSpec.js';
import { createModel } from '../src/cnn/tfjs/createModel.js';
import { tf } from '../src/tfjs/tf.js';
import {
  bindingCacheStats, installedTrainingKernels, selectBackend, setWebGpuBindingCache, setWebGpuUploads, uninstallTrainingKernels,
  type BackendInfo, type BackendName, type TrainingKernelOptions,
} from '../src/cnn/backends/index.js';
import { createOptimizer } from '../src/cnn/train/createOptimizer.js';
import { formatTable } from '../src/cli/formatTable.js';
import { fillBatch } from '../src/cnn/train/fillBatch.js';
import { CIFAR_PIXELS } from '../src/cnn/train/cifarFormat.js';
import { emit, medianMs } from './support/measure.js';

/** The exercise's LeNet: conv 6@5×5, maxpool, conv 16@5×5, maxpool, dense 120, 84, 10. */
export const LENET: ModelSpec = {
  inputShape: [32, 32, 3],
  layers: [
    { kind: 'conv2d', filters: 6, kernel: 5, activation: 'relu' },
    { kind: 'maxPool', poolSize: 2 },
    { kind: 'conv2d', filters: 16, kernel: 5, activation: 'relu' },
    { kind: 'maxPool', poolSize: 2 },
    { kind: 'flatten' },
    { kind: 'dense', units: 120, activation: 'relu' },
    { kind: 'dense', units: 84, activation: 'relu' },
    { kind: 'dense', units: 10 },
  ],
};

interface Case {
  readonly backend: BackendName;
  readonly variant: 'stock' | 'layerproof';
  readonly batch: number;
  readonly kernels?: TrainingKernelOptions;
  /**
   * `'trainOnBatch'` (default) reads the loss back every step, as the trainer does; `'minimize'`
   * runs `optimizer.minimize` and reads the loss once at the end, so the difference is the cost
   * of the per-step synchronisation with the device.
   */
  readonly loop?: 'trainOnBatch' | 'minimize';
  /**
   * WebGPU dispatch-cost switches, each measured against layerproof's default (all on):
   * `tfjsOptimizer` uses tf.train.adam instead of the trainer's fused Adam, `noBindingCache`
   * turns the bind-group/uniform cache off, `stockUploads` uses tfjs's staging-buffer uploads.
   * The stock variant runs with all three at tfjs's behaviour.
   */
  readonly without?: 'tfjsOptimizer' | 'noBindingCache' | 'stockUploads';
}

interface Result {
  readonly bench: 'train';
  readonly backend: BackendName;
  readonly device: 'cpu' | 'gpu';
  readonly adapter?: string;
  readonly variant: string;
  readonly batch: number;
  readonly steps: number;
  readonly imgPerSec?: number;
  readonly msPerStep?: number;
  readonly cpuMsPerStep?: number;
  readonly imgPerCpuSec?: number;
  readonly firstLoss?: number;
  readonly lastLoss?: number;
  readonly error?: string;
  readonly kernels?: string;
  /** WebGPU: kernels dispatched per training step. */
  readonly dispatchesPerStep?: number;
  /** WebGPU: bind groups created per training step (a cache hit creates none). */
  readonly bindGroupsPerStep?: number;
  /** Minimize loop: median CPU time to record one step (no waiting on the device). */
  readonly recordMsPerStep?: number;
}

/** Seeded uniform weights in ±√(6/(fanIn+fanOut)) (Glorot), biases zero: the same start on every backend. */
export function seedWeights(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  const values = model.getWeights().map((w) => {
    const shape = w.shape;
    if (shape.length === 1) return tf.zeros(shape);
    const fanOut = shape[shape.length - 1] ?? 1;
    const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return tf.tensor(Float32Array.from({ length: w.size }, () => (rng() * 2 - 1) * limit), shape);
  });
  model.setWeights(values);
  for (const v of values) v.dispose();
}

/** A seeded batch: images in [−1, 1] and one-hot labels. */
export function seededBatch(batch: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = createRng(seed);
  const x = tf.tensor4d(Float32Array.from({ length: batch * 32 * 32 * 3 }, () => rng() * 2 - 1), [batch, 32, 32, 3]);
  const labels = Int32Array.from({ length: batch }, () => Math.floor(rng() * 10));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D);
  return { x, y };
}

function defaultSteps(info: BackendInfo, variant: string): number {
  if (info.backend === 'cpu') return variant === 'stock' ? 1 : 2;
  if (info.device === 'gpu') return 20;
  if (info.backend === 'webgpu') return 2;
  return 10;
}

async function runCase(c: Case, info: BackendInfo, stepsOption: number | undefined, maxSeconds: number, profile: boolean): Promise<Result> {
  if (c.variant === 'stock') uninstallTrainingKernels();
  else await selectBackend({ backend: c.backend, ...(c.kernels !== undefined && { kernels: c.kernels }) });
  const stock = c.variant === 'stock';
  setWebGpuUploads(stock || c.without === 'stockUploads' ? 'stock' : 'queue');
  setWebGpuBindingCache(!(stock || c.without === 'noBindingCache'));
  const label = (stock ? 'stock' : c.kernels === undefined ? 'layerproof'
    : `layerproof (filter ${c.kernels.filterGradient ?? 'default'}, input ${c.kernels.inputGradient ?? 'default'})`) +
    (c.loop === 'minimize' ? ', minimize loop' : '') + (c.without !== undefined ? `, ${WITHOUT_LABEL[c.without]}` : '');
  const base = {
    bench: 'train' as const, backend: c.backend, device: info.device, ...(info.adapter !== undefined && { adapter: info.adapter }),
    variant: label, batch: c.batch,
  };
  const steps = stepsOption ?? defaultSteps(info, c.variant);
  const model = createModel(LENET);
  const data = seededBatch(c.batch, 2);
  try {
    seedWeights(model, 1);
    // Stock: TensorFlow.js's Adam; layerproof: the trainer's (fused updates on webgpu).
    const optimizer = stock || c.without === 'tfjsOptimizer' ? tf.train.adam(1e-3) : createOptimizer('adam', 1e-3).optimizer;
    model.compile({ optimizer, loss: tf.losses.softmaxCrossEntropy });
    const t0 = performance.now();
    const firstLoss = (await model.trainOnBatch(data.x, data.y)) as number;
    const firstMs = performance.now() - t0;
    if (firstMs / 1000 > maxSeconds) {
      return { ...base, steps: 0, firstLoss, error: `skipped: the first step took ${(firstMs / 1000).toFixed(0)} s (> --max-seconds ${maxSeconds})` };
    }
    const minimizeStep = (): tf.Scalar | null => optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(data.y, model.apply(data.x, { training: true }) as tf.Tensor), true,
    );
    if (c.loop === 'minimize') minimizeStep()?.dispose();
    if (info.backend !== 'cpu') await model.trainOnBatch(data.x, data.y); // second warm-up: shaders, operator caches
    const counter = countDispatches();
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    let lastLoss = firstLoss;
    const recordMs: number[] = [];
    if (c.loop === 'minimize') {
      let cost: tf.Scalar | null = null;
      for (let i = 0; i < steps; i++) {
        cost?.dispose();
        const r0 = performance.now();
        cost = minimizeStep();
        recordMs.push(performance.now() - r0);
      }
      lastLoss = cost === null ? NaN : ((await cost.data())[0] ?? NaN);
      cost?.dispose();
    } else {
      for (let i = 0; i < steps; i++) lastLoss = (await model.trainOnBatch(data.x, data.y)) as number;
    }
    const ms = (performance.now() - t1) / steps;
    const cpu = process.cpuUsage(cpu0);
    const counted = counter.stop(steps);
    // CPU time of this process per step: on a shared machine, what one quiet core would take
    // for the single-threaded backends (cpu, wasm); meaningless for a GPU.
    const cpuMsPerStep = (cpu.user + cpu.system) / 1000 / steps;
    if (profile) {
      const p = await tf.profile(async () => {
        await model.trainOnBatch(data.x, data.y);
      });
      const byKernel = new Map<string, number>();
      for (const k of p.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
      const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 16).map(([name, msK]) => ({ name, ms: Number(msK.toFixed(3)) }));
      emit({ bench: 'train-profile', backend: c.backend, variant: label, batch: c.batch, note: 'kernel times include nested kernels', top });
    }
    return {
      ...base, steps, imgPerSec: (c.batch * 1000) / ms, msPerStep: ms, cpuMsPerStep, imgPerCpuSec: (c.batch * 1000) / cpuMsPerStep, firstLoss, lastLoss,
      ...(c.variant !== 'stock' && { kernels: installedTrainingKernels().join(' ') }),
      ...counted,
      ...(recordMs.length > 0 && { recordMsPerStep: [...recordMs].sort((a, b) => a - b)[recordMs.length >> 1] }),
    };
  } catch (error) {
    return { ...base, steps: 0, error: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed' };
  } finally {
    model.dispose();
    data.x.dispose();
    data.y.dispose();
    setWebGpuUploads('queue');
    setWebGpuBindingCache(true);
  }
}

/** Median time of the trainer's fillBatch on synthetic images at `batch` (what a GPU step must hide or pay). */
function dataPreparation(batch: number): { batch: number; plainMs: number; augmentedMs: number } {
  const count = Math.max(batch, 512);
  const images = { count, pixels: Uint8Array.from({ length: count * CIFAR_PIXELS }, (_v, i) => (i * 131 + 7) % 256), labels: new Uint8Array(count) };
  const norm = { mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26] } as const;
  const indices = Int32Array.from({ length: batch }, (_v, i) => (i * 37) % count);
  const out = new Float32Array(batch * CIFAR_PIXELS);
  const rng = createRng(1);
  const plainMs = medianMs(() => { fillBatch(images, indices, norm, out); }, 7, 2);
  const augmentedMs = medianMs(() => { fillBatch(images, indices, norm, out, { augmentation: { pad: 4, flip: true }, rng }); }, 7, 2);
  emit({ bench: 'fillBatch', batch, plainMs, augmentedMs });
  return { batch, plainMs, augmentedMs };
}

const WITHOUT_LABEL: Record<NonNullable<Case['without']>, string> = {
  tfjsOptimizer: "tfjs's Adam", noBindingCache: 'no binding cache', stockUploads: "tfjs's uploads",
};

/** Counts WebGPU dispatches and bind-group creations until `stop` (nothing on other backends). */
function countDispatches(): { stop(steps: number): { dispatchesPerStep?: number; bindGroupsPerStep?: number } } {
  if (tf.getBackend() !== 'webgpu') return { stop: () => ({}) };
  const backend = tf.backend() as unknown as { runWebGPUProgram: (...args: unknown[]) => unknown };
  const stockRun = backend.runWebGPUProgram;
  let dispatches = 0;
  backend.runWebGPUProgram = (...args: unknown[]) => {
    dispatches++;
    return stockRun.apply(backend, args);
  };
  const stats = bindingCacheStats(backend);
  const hits0 = stats?.bindGroupHits ?? 0;
  return {
    stop: (steps) => {
      backend.runWebGPUProgram = stockRun;
      const hits = (stats?.bindGroupHits ?? 0) - hits0;
      return { dispatchesPerStep: dispatches / steps, bindGroupsPerStep: (dispatches - hits) / steps };
    },
  };
}

export async function main(args: string[] = []): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      backends: { type: 'string' }, batch: { type: 'string', default: '256' }, 'gpu-batch': { type: 'string', default: '2048' },
      steps: { type: 'string' }, variants: { type: 'string', default: 'stock,layerproof' }, sweep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false }, 'max-seconds': { type: 'string', default: '120' },
    },
  });
  const wanted = (values.backends ?? 'cpu,wasm,webgpu,tensorflow').split(',') as BackendName[];
  const batch = Number(values.batch);
  const gpuBatch = Number(values['gpu-batch']);
  const steps = values.steps === undefined ? undefined : Number(values.steps);
  const variants = (values.variants ?? '').split(',') as ('stock' | 'layerproof')[];
  const maxSeconds = Number(values['max-seconds']);
  const results: Result[] = [];
  // Backends in a fixed order, the stock cpu baseline first.
  for (const backend of (['cpu', 'wasm', 'webgpu', 'tensorflow'] as const).filter((b) => wanted.includes(b))) {
    let info: BackendInfo;
    try {
      info = await selectBackend({ backend });
    } catch (error) {
      emit({ bench: 'train', backend, skipped: error instanceof Error ? error.message : String(error) });
      continue;
    }
    process.stderr.write(`${info.description}\n`);
    // The GPU batch first: on a lent machine whose time may run out, the figure that matters comes first.
    const batches = info.device === 'gpu' && gpuBatch > 0 && gpuBatch !== batch ? [gpuBatch, batch] : [batch];
    for (const b of batches) {
      const cases: Case[] = variants.map((variant) => ({ backend, variant, batch: b }));
      if (values.sweep && backend === 'webgpu') {
        for (const filterGradient of ['conv', 'matmul', 'matmul-batched'] as const) {
          for (const inputGradient of ['conv', 'stock'] as const) cases.push({ backend, variant: 'layerproof', batch: b, kernels: { filterGradient, inputGradient } });
        }
        cases.push({ backend, variant: 'layerproof', batch: b, loop: 'minimize' });
        for (const without of ['tfjsOptimizer', 'noBindingCache', 'stockUploads'] as const) cases.push({ backend, variant: 'layerproof', batch: b, without });
        cases.push({ backend, variant: 'stock', batch: b, loop: 'minimize' });
      }
      for (const c of cases) {
        const r = await runCase(c, info, steps, maxSeconds, values.profile && c.kernels === undefined && c.loop === undefined);
        emit({ ...r });
        results.push(r);
      }
    }
  }
  await selectBackend({ backend: 'cpu' }).catch(() => undefined);
  process.stdout.write(`${formatTable(['backend', 'device', 'variant', 'batch', 'img/s', 'ms/step', 'img/CPU-s', '× stock cpu', '× stock same', 'dispatch/step', 'loss first→last'], tableRows(results))}\n`);
  const prep = dataPreparation(gpuBatch > 0 ? gpuBatch : batch);
  process.stdout.write(
    `The trainer's CPU data preparation (fillBatch: normalise, and crop + flip when augmenting) of a batch of ${prep.batch}: ` +
      `${prep.plainMs.toFixed(1)} ms, ${prep.augmentedMs.toFixed(1)} ms augmented (median of 7, this machine's CPU).\n` +
      'Targets (issue 5): wasm ≥ 2,500 img/s at batch 256 (two cores); webgpu ≥ 40,000 img/s at batch 2048 on an H100.\n' +
      'Same seeded weights and data on every row; mean over the timed steps after warm-up. img/CPU-s: images per second of\n' +
      'this process\'s CPU time (what a quiet core gives the single-threaded cpu/wasm backends on a shared machine). Stock wasm cannot train a conv net (no Conv2DBackpropFilter).\n',
  );
}

function tableRows(results: readonly Result[]): string[][] {
  const cpuStock = results.find((r) => r.backend === 'cpu' && r.variant === 'stock' && r.imgPerSec !== undefined)?.imgPerSec;
  return results.map((r) => {
    const same = results.find((s) => s.backend === r.backend && s.batch === r.batch && s.variant === 'stock' && s.imgPerSec !== undefined)?.imgPerSec;
    const ratio = (base: number | undefined): string => (r.imgPerSec !== undefined && base !== undefined ? `${(r.imgPerSec / base).toFixed(1)}×` : '');
    return [
      r.backend, r.device + (r.adapter !== undefined ? ` (${r.adapter.slice(0, 28)})` : ''), r.variant, String(r.batch),
      r.imgPerSec !== undefined ? r.imgPerSec.toFixed(0) : (r.error ?? '').slice(0, 60), r.msPerStep?.toFixed(1) ?? '',
      r.device === 'cpu' && r.imgPerCpuSec !== undefined ? r.imgPerCpuSec.toFixed(0) : '',
      ratio(cpuStock), ratio(same),
      r.dispatchesPerStep !== undefined ? `${r.dispatchesPerStep.toFixed(0)} (${(r.bindGroupsPerStep ?? 0).toFixed(0)} new)` : '',
      r.firstLoss !== undefined && r.lastLoss !== undefined ? `${r.firstLoss.toFixed(3)}→${r.lastLoss.toFixed(3)}` : '',
    ];
  });
}
