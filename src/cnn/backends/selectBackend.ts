import { LayerproofError } from '../../core/LayerproofError.js';
import { quietTfjs, tf } from '../../tfjs/tf.js';
import { registerTensorflowBackend, TFJS_NODE_GPU_REQUIREMENTS } from './tensorflowBackend.js';
import { installTrainingKernels, type TrainingKernelOptions } from './trainingKernels.js';
import { registerWebGpuBackend } from './webgpuBackend.js';

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
export type DeviceChoice = 'auto' | 'cpu' | 'gpu';

export interface SelectBackendOptions {
  /** Default `'auto'`: the fastest that works (tensorflow on a GPU, webgpu on a GPU, tensorflow, wasm, cpu). */
  readonly backend?: BackendChoice;
  /** Default `'auto'`. `'gpu'` refuses to run anywhere but a GPU, and says why none came up. */
  readonly device?: DeviceChoice;
  /** Overrides the measured defaults of the training kernels (benchmarks). */
  readonly kernels?: TrainingKernelOptions;
}

export interface BackendInfo {
  readonly backend: BackendName;
  readonly device: 'cpu' | 'gpu';
  /** The WebGPU adapter (`vendor device (description)`), for webgpu. */
  readonly adapter?: string;
  /** One line for the user: what runs, on what, and why it was chosen. */
  readonly description: string;
  /** The layerproof kernels and gradients installed for this backend. */
  readonly kernels: string[];
}

const BACKENDS: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];
const DEVICES: readonly DeviceChoice[] = ['auto', 'cpu', 'gpu'];

interface Candidate {
  readonly backend: BackendName;
  readonly device: 'cpu' | 'gpu';
  readonly adapter?: string;
  readonly detail: string;
}

/** Brings one backend up (registers and initialises it) or says why it cannot. */
async function probe(name: BackendName): Promise<Candidate | string> {
  switch (name) {
    case 'tensorflow': {
      const r = await registerTensorflowBackend();
      return r.ok ? { backend: name, device: r.gpu ? 'gpu' : 'cpu', detail: r.description } : r.reason;
    }
    case 'webgpu': {
      const r = await registerWebGpuBackend();
      if (!r.ok) return r.reason;
      const ok = await tf.setBackend('webgpu').catch(() => false);
      if (!ok) return 'the WebGPU device could not be created on its adapter';
      const a = r.adapter;
      const adapter = `${a.vendor} ${a.device || a.architecture} (${a.description})`.replace(/\s+/g, ' ').trim();
      return {
        backend: name, device: a.software ? 'cpu' : 'gpu', adapter,
        detail: `WebGPU through Dawn on ${adapter}${a.software ? ', a software adapter (a CPU)' : ''}`,
      };
    }
    case 'wasm': {
      try {
        await import('@tensorflow/tfjs-backend-wasm');
      } catch (error) {
        return `@tensorflow/tfjs-backend-wasm does not load: ${error instanceof Error ? error.message : String(error)}`;
      }
      const ok = await tf.setBackend('wasm').catch(() => false);
      return ok ? { backend: name, device: 'cpu', detail: 'WebAssembly (XNNPACK, one thread, SIMD)' } : 'the wasm backend did not initialise';
    }
    case 'cpu': {
      const ok = await tf.setBackend('cpu').catch(() => false);
      return ok ? { backend: name, device: 'cpu', detail: 'plain JavaScript' } : 'the cpu backend did not initialise';
    }
  }
}

/** Speed rank for `auto` (lower is faster): measured on LeNet training, see bench/train.bench.ts. */
function rank(c: Candidate): number {
  if (c.device === 'gpu') return c.backend === 'tensorflow' ? 0 : 1;
  // A software WebGPU adapter trains ~25× slower than wasm: last but the cpu backend.
  return { tensorflow: 2, wasm: 3, webgpu: 4, cpu: 5 }[c.backend];
}

/**
 * Chooses, initialises and prepares a TensorFlow.js backend for training, installs layerproof's
 * training kernels on it, and returns what was chosen. `auto` tries every backend and keeps the
 * fastest that works; `device: 'gpu'` throws a LayerproofError naming why no GPU backend came up
 * (for tfjs-node-gpu: the CUDA/cuDNN versions it needs). The caller prints `description`.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const op = 'selectBackend';
  const backend = options.backend ?? 'auto';
  const device = options.device ?? 'auto';
  if (backend !== 'auto' && !BACKENDS.includes(backend)) {
    throw LayerproofError.invalid({ op, argument: 'options.backend', value: backend, expected: "'auto', 'tensorflow', 'webgpu', 'wasm' or 'cpu'" });
  }
  if (!DEVICES.includes(device)) {
    throw LayerproofError.invalid({ op, argument: 'options.device', value: device, expected: "'auto', 'cpu' or 'gpu'" });
  }
  quietTfjs();
  const names = backend === 'auto' ? BACKENDS : [backend];
  const candidates: Candidate[] = [];
  const refused: string[] = [];
  for (const name of names) {
    // A GPU is not asked for where it cannot be had: wasm and cpu never run on one.
    if (device === 'gpu' && (name === 'wasm' || name === 'cpu')) {
      refused.push(`${name}: runs on the CPU only`);
      continue;
    }
    const found = await probe(name);
    if (typeof found === 'string') {
      refused.push(`${name}: ${found}`);
    } else if (device !== 'auto' && found.device !== device) {
      refused.push(`${name}: runs on the ${found.device.toUpperCase()} here (${found.detail})`);
    } else {
      candidates.push(found);
    }
  }
  const best = [...candidates].sort((a, b) => rank(a) - rank(b))[0];
  if (best === undefined) {
    const what = backend === 'auto' ? 'no backend could run' : `backend '${backend}' cannot run`;
    const where = device === 'auto' ? ' here' : ` on the ${device.toUpperCase()}`;
    const hint = device === 'gpu'
      ? ` A GPU needs @tensorflow/tfjs-node-gpu with ${TFJS_NODE_GPU_REQUIREMENTS}, or a GPU Vulkan/Metal/D3D12 driver for WebGPU (Dawn). Use --device cpu (or auto) to train on the CPU.`
      : '';
    throw new LayerproofError(`Error in ${op}: ${what}${where}. ${refused.join('; ')}.${hint}`, { op, argument: 'options', value: options });
  }
  const ok = await tf.setBackend(best.backend);
  if (!ok) throw new LayerproofError(`Error in ${op}: backend '${best.backend}' came up once and then failed to initialise.`, { op });
  await tf.ready();
  const kernels = installTrainingKernels(best.backend, options.kernels ?? {});
  const others = candidates.filter((c) => c !== best).map((c) => c.backend);
  const why = backend === 'auto'
    ? ` (auto: fastest that works${others.length > 0 ? `; also available: ${others.join(', ')}` : ''})`
    : '';
  return {
    backend: best.backend,
    device: best.device,
    ...(best.adapter !== undefined && { adapter: best.adapter }),
    description: `TensorFlow.js backend '${best.backend}' on the ${best.device.toUpperCase()}: ${best.detail}${why}`,
    kernels,
  };
}
