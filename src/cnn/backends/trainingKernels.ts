import { batchNormGradient } from './batchNormGradient.js';
import { conv2dFilterGradientFromGeometry, type FilterGradientStrategy } from './conv2dFilterGradient.js';
import { conv2dInputGradientFromGeometry } from './conv2dInputGradient.js';
import { depthwiseConv2dFilterGradientFromGeometry, depthwiseConv2dInputGradientFromGeometry } from './depthwiseConv2dGradients.js';
import { fixWasmSamePadding } from './fixWasmSamePadding.js';
import { defaultStrategy } from './gradientOptions.js';
import { withKernelTensors } from './kernelTensors.js';
import { tfjsConvGeometry, type TfjsConvAttrs } from './tfjsConvGeometry.js';
import { wasmBatchMatMul } from './wasmBatchMatMul.js';
import { wasmMaxPoolGrad } from './wasmMaxPoolGrad.js';
import { webgpuOptimizerKernels } from './webgpuOptimizerKernels.js';
import { tf } from '../../tfjs/tf.js';

/** How each backend computes the convolution gradients (defaults measured: see bench/train.bench.ts). */
export interface TrainingKernelOptions {
  /** Lowering of the filter gradient. Default: `'matmul'` on webgpu, `'conv'` elsewhere. */
  readonly filterGradient?: FilterGradientStrategy;
  /**
   * `'conv'`: layerproof's input gradient (one stride-1 convolution); `'stock'`: the backend's own
   * kernel. Default `'conv'` on wasm and webgpu (measured: wasm 50 → 11 ms for LeNet's second
   * convolution at batch 256; H100 batch 2048 27,449 vs 25,693 img/s), `'stock'` on cpu.
   */
  readonly inputGradient?: 'conv' | 'stock';
}

type Backend = 'wasm' | 'webgpu' | 'cpu' | 'tensorflow';

interface Installed {
  readonly backend: string;
  readonly kernels: string[];
  readonly restore: (() => void)[];
}

let shared: Installed | undefined;
const perBackend = new Map<string, Installed>();
const strategy = new Map<string, Required<TrainingKernelOptions>>();

function defaults(backend: string): Required<TrainingKernelOptions> {
  return {
    filterGradient: defaultStrategy(backend),
    inputGradient: backend === 'wasm' || backend === 'webgpu' ? 'conv' : 'stock',
  };
}

function strategyOf(backend: string): Required<TrainingKernelOptions> {
  return strategy.get(backend) ?? defaults(backend);
}

interface ConvKernelAttrs extends TfjsConvAttrs {
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly filterShape?: readonly number[];
  readonly inputShape?: readonly number[];
}

function pairIsOne(v: number | readonly number[] | null | undefined): boolean {
  if (v === undefined || v === null) return true;
  return typeof v === 'number' ? v === 1 : v.every((d) => d === 1);
}

/** Replaces a kernel for one backend, remembering the stock one. */
function replaceKernel(backend: string, kernelName: string, kernelFunc: (stock: tf.KernelConfig | undefined) => tf.KernelFunc, into: Installed): void {
  const stock = tf.getKernel(kernelName, backend);
  if (stock !== undefined) tf.unregisterKernel(kernelName, backend);
  tf.registerKernel({ kernelName, backendName: backend, kernelFunc: kernelFunc(stock) });
  into.kernels.push(`${backend}:${kernelName}`);
  into.restore.push(() => {
    tf.unregisterKernel(kernelName, backend);
    if (stock !== undefined) tf.registerKernel(stock);
  });
}

function replaceGradient(config: tf.GradConfig, into: Installed): void {
  const stock = tf.getGradient(config.kernelName) as tf.GradConfig | undefined;
  tf.registerGradient(config);
  into.kernels.push(`gradient:${config.kernelName}`);
  into.restore.push(() => {
    if (stock === undefined) tf.unregisterGradient(config.kernelName);
    else tf.registerGradient(stock);
  });
}

/** The Conv2D gradient: layerproof's filter (and, where faster, input) gradient, dilations included. */
function conv2dGradient(stock: tf.GradConfig | undefined): tf.GradConfig {
  return {
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const a = attrs as unknown as ConvKernelAttrs;
      const backend = tf.getBackend();
      if (stock !== undefined && (a.dataFormat === 'NCHW' || (backend === 'tensorflow' && pairIsOne(a.dilations)))) {
        return stock.gradFunc(dy, saved, attrs);
      }
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = tfjsConvGeometry('gradient of conv2d', x.shape, [filter.shape[0], filter.shape[1]], a);
      const s = strategyOf(backend);
      const dy4 = dy as tf.Tensor4D;
      const useStockInput = s.inputGradient === 'stock' && pairIsOne(a.dilations);
      return {
        x: () => (useStockInput
          ? tf.conv2dTranspose(dy4, filter, x.shape, [g.strideHeight, g.strideWidth], explicitPad(g))
          : conv2dInputGradientFromGeometry(dy4, filter, g)),
        filter: () => conv2dFilterGradientFromGeometry(x, dy4, g, s.filterGradient),
      };
    },
  };
}

function explicitPad(g: { padTop: number; padBottom: number; padLeft: number; padRight: number }): [[0, 0], [number, number], [number, number], [0, 0]] {
  return [[0, 0], [g.padTop, g.padBottom], [g.padLeft, g.padRight], [0, 0]];
}

/** The DepthwiseConv2dNative gradient with dilations (tfjs refuses them). */
function depthwiseGradient(stock: tf.GradConfig | undefined): tf.GradConfig {
  return {
    kernelName: 'DepthwiseConv2dNative',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const a = attrs as unknown as ConvKernelAttrs;
      if (stock !== undefined && tf.getBackend() === 'tensorflow' && pairIsOne(a.dilations)) return stock.gradFunc(dy, saved, attrs);
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = tfjsConvGeometry('gradient of depthwiseConv2d', x.shape, [filter.shape[0], filter.shape[1]], a);
      return {
        x: () => depthwiseConv2dInputGradientFromGeometry(dy as tf.Tensor4D, filter, g),
        filter: () => depthwiseConv2dFilterGradientFromGeometry(x, dy as tf.Tensor4D, filter.shape, g),
      };
    },
  };
}

type FusedConv2d = (args: {
  x: tf.Tensor | tf.TensorLike; filter: tf.Tensor | tf.TensorLike; strides: number | [number, number];
  pad: 'valid' | 'same' | number; dataFormat?: 'NHWC' | 'NCHW'; dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil'; bias?: tf.Tensor | tf.TensorLike; activation?: string;
  preluActivationWeights?: tf.Tensor; leakyreluAlpha?: number;
}) => tf.Tensor;

/**
 * tf.layers' conv2d runs `tf.fused.conv2d`, whose built-in gradient refuses dilations. While a
 * gradient is being recorded, a dilated call is routed to conv2d + bias + activation, whose
 * Conv2D gradient (above) handles dilations. Other calls are untouched.
 */
function patchFusedConv2d(into: Installed): void {
  const fused = tf.fused as unknown as { conv2d: FusedConv2d };
  const original = fused.conv2d;
  const simple: Record<string, ((t: tf.Tensor) => tf.Tensor) | undefined> = {
    linear: (t) => t, relu: (t) => tf.relu(t), relu6: (t) => tf.relu6(t), elu: (t) => tf.elu(t), sigmoid: (t) => tf.sigmoid(t),
  };
  const patched: FusedConv2d = (args) => {
    const activate = simple[args.activation ?? 'linear'];
    const training = tf.engine().state.gradientDepth > 0;
    if (!training || pairIsOne(args.dilations) || args.dataFormat === 'NCHW' || activate === undefined) return original(args);
    return tf.tidy(() => {
      const y = tf.conv2d(args.x as tf.Tensor4D, args.filter as tf.Tensor4D, args.strides, args.pad, 'NHWC', args.dilations, args.dimRoundingMode);
      return activate(args.bias === undefined ? y : tf.add(y, args.bias));
    });
  };
  try {
    fused.conv2d = patched;
  } catch {
    return; // a frozen ES module namespace (some bundlers): dilated linear conv2d layers then cannot train
  }
  if (fused.conv2d !== patched) return;
  into.kernels.push('fused.conv2d:dilated-training');
  into.restore.push(() => {
    fused.conv2d = original;
  });
}

function convKernels(backend: string, into: Installed, options: Required<TrainingKernelOptions>, withInput: boolean): void {
  replaceKernel(backend, 'Conv2DBackpropFilter', () => (args) => {
    const a = args.attrs as unknown as ConvKernelAttrs;
    const x = args.inputs.x as tf.TensorInfo;
    const dy = args.inputs.dy as tf.TensorInfo;
    const fs = a.filterShape ?? [];
    const g = tfjsConvGeometry('Conv2DBackpropFilter', x.shape, [fs[0] ?? 1, fs[1] ?? 1], { ...a, dilations: 1 });
    return withKernelTensors(args.backend, [x, dy], (tx, tdy) =>
      conv2dFilterGradientFromGeometry(tx as tf.Tensor4D, tdy as tf.Tensor4D, g, options.filterGradient));
  }, into);
  if (!withInput) return;
  replaceKernel(backend, 'Conv2DBackpropInput', () => (args) => {
    const a = args.attrs as unknown as ConvKernelAttrs;
    const dy = args.inputs.dy as tf.TensorInfo;
    const filter = args.inputs.filter as tf.TensorInfo;
    const g = tfjsConvGeometry('Conv2DBackpropInput', a.inputShape ?? [], [filter.shape[0] ?? 1, filter.shape[1] ?? 1], { ...a, dilations: 1 });
    return withKernelTensors(args.backend, [dy, filter], (tdy, tw) =>
      conv2dInputGradientFromGeometry(tdy as tf.Tensor4D, tw as tf.Tensor4D, g));
  }, into);
}

function depthwiseKernels(backend: string, into: Installed): void {
  replaceKernel(backend, 'DepthwiseConv2dNativeBackpropFilter', () => (args) => {
    const a = args.attrs as unknown as ConvKernelAttrs;
    const x = args.inputs.x as tf.TensorInfo;
    const dy = args.inputs.dy as tf.TensorInfo;
    const fs = a.filterShape ?? [];
    const g = tfjsConvGeometry('DepthwiseConv2dNativeBackpropFilter', x.shape, [fs[0] ?? 1, fs[1] ?? 1], a);
    return withKernelTensors(args.backend, [x, dy], (tx, tdy) =>
      depthwiseConv2dFilterGradientFromGeometry(tx as tf.Tensor4D, tdy as tf.Tensor4D, fs, g));
  }, into);
  replaceKernel(backend, 'DepthwiseConv2dNativeBackpropInput', () => (args) => {
    const a = args.attrs as unknown as ConvKernelAttrs;
    const dy = args.inputs.dy as tf.TensorInfo;
    const filter = args.inputs.filter as tf.TensorInfo;
    const g = tfjsConvGeometry('DepthwiseConv2dNativeBackpropInput', a.inputShape ?? [], [filter.shape[0] ?? 1, filter.shape[1] ?? 1], a);
    return withKernelTensors(args.backend, [dy, filter], (tdy, tw) =>
      depthwiseConv2dInputGradientFromGeometry(tdy as tf.Tensor4D, tw as tf.Tensor4D, g));
  }, into);
}

/**
 * Installs layerproof's training kernels for `backend` and returns the names of all installed:
 * the Conv2D and DepthwiseConv2dNative gradients (every backend: dilations, and the filter
 * gradient lowered onto fast primitives), the dilated fused-conv2d route, and per backend:
 * - wasm: Conv2DBackpropFilter and the depthwise backprop kernels (missing in tfjs-backend-wasm 4.22),
 *   Conv2DBackpropInput, MaxPoolGrad and BatchMatMul with transposes (present but slow);
 * - webgpu: Conv2DBackpropFilter (tfjs's runs one thread per filter weight over the whole batch),
 *   Conv2DBackpropInput, and the fused optimizer updates that ScheduledAdam and FusedMomentum use.
 * The backend's module must be loaded (its stock kernels registered) before this runs.
 * Installing for several backends keeps each one's kernels; new options reinstall that backend's.
 */
export function installTrainingKernels(backend: Backend, options: TrainingKernelOptions = {}): string[] {
  const resolved = { ...defaults(backend), ...options };
  if (shared === undefined) {
    shared = { backend: '*', kernels: [], restore: [] };
    replaceGradient(conv2dGradient(tf.getGradient('Conv2D')), shared);
    replaceGradient(depthwiseGradient(tf.getGradient('DepthwiseConv2dNative')), shared);
    replaceGradient(batchNormGradient(tf.getGradient('FusedBatchNorm')), shared);
    patchFusedConv2d(shared);
  }
  const previous = perBackend.get(backend);
  if (previous === undefined || !sameOptions(strategy.get(backend), resolved)) {
    if (previous !== undefined) restoreAll(previous);
    strategy.set(backend, resolved);
    const into: Installed = { backend, kernels: [], restore: [] };
    if (backend === 'wasm') {
      fixWasmSamePadding();
      convKernels('wasm', into, resolved, resolved.inputGradient === 'conv');
      depthwiseKernels('wasm', into);
      replaceKernel('wasm', 'MaxPoolGrad', () => wasmMaxPoolGrad, into);
      const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
      if (stockMatMul !== undefined) replaceKernel('wasm', 'BatchMatMul', () => wasmBatchMatMul(stockMatMul), into);
    } else if (backend === 'webgpu') {
      convKernels('webgpu', into, resolved, resolved.inputGradient === 'conv');
      for (const config of webgpuOptimizerKernels()) replaceKernel('webgpu', config.kernelName, () => config.kernelFunc, into);
    }
    perBackend.set(backend, into);
  }
  return installedTrainingKernels();
}

function sameOptions(a: Required<TrainingKernelOptions> | undefined, b: Required<TrainingKernelOptions>): boolean {
  return a !== undefined && a.filterGradient === b.filterGradient && a.inputGradient === b.inputGradient;
}

function restoreAll(part: Installed): void {
  for (const restore of [...part.restore].reverse()) restore();
}

/** Restores tfjs's stock kernels and gradients on every backend (the benchmark's baseline). */
export function uninstallTrainingKernels(): void {
  for (const part of perBackend.values()) restoreAll(part);
  perBackend.clear();
  strategy.clear();
  if (shared !== undefined) restoreAll(shared);
  shared = undefined;
}

/** Names of the installed layerproof kernels and gradients (empty when none). */
export function installedTrainingKernels(): string[] {
  return [...(shared?.kernels ?? []), ...[...perBackend.values()].flatMap((p) => p.kernels)];
}
