import { tf } from '../../tfjs/tf.js';
import { cacheWebGpuBindings } from './webgpuBindingCache.js';

/** The adapter Dawn chose, as the WebGPU API reports it. */
export interface WebGpuAdapter {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A software rasteriser (Mesa's llvmpipe/lavapipe, SwiftShader): a CPU, not a GPU. */
  readonly software: boolean;
}

export type WebGpuRegistration =
  | { readonly ok: true; readonly adapter: WebGpuAdapter }
  | { readonly ok: false; readonly reason: string };

interface DawnModule {
  create(options: string[]): GPU;
  globals: object;
}

let registration: Promise<WebGpuRegistration> | undefined;

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software/i;

/**
 * Registers TensorFlow.js's WebGPU backend in Node on Dawn (the `webgpu` package), under the
 * name `webgpu` (its kernels are registered under that name), and reports the adapter.
 * tfjs-backend-webgpu registers itself only when `navigator.gpu` exists at import, and asks
 * for `['bgra8unorm-storage']` (an array) as a feature, which Dawn rejects on some adapters:
 * so layerproof registers its own factory that requests the adapter and device itself.
 * Idempotent; never throws (the reason is returned instead).
 */
export function registerWebGpuBackend(): Promise<WebGpuRegistration> {
  registration ??= register();
  return registration;
}

async function register(): Promise<WebGpuRegistration> {
  let dawn: DawnModule;
  let backendModule: typeof import('@tensorflow/tfjs-backend-webgpu');
  try {
    backendModule = await import('@tensorflow/tfjs-backend-webgpu');
    // A computed specifier keeps the native module out of bundles (it is carried beside them).
    const specifier = 'webgpu';
    dawn = (await import(specifier)) as DawnModule;
  } catch (error) {
    return { ok: false, reason: `the webgpu (Dawn) package could not be loaded: ${messageOf(error)}` };
  }
  let gpu: GPU;
  let adapter: GPUAdapter | null;
  try {
    Object.assign(globalThis, dawn.globals);
    gpu = dawn.create([]);
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { ok: false, reason: `Dawn could not start: ${messageOf(error)}` };
  }
  if (adapter === null) {
    return {
      ok: false,
      reason: 'Dawn found no WebGPU adapter (no Vulkan driver: on Debian, Mesa 25\'s mesa-vulkan-drivers from bookworm-backports gives a software one; Mesa 22 is refused)',
    };
  }
  const chosen = adapter;
  // `adapter.info` (Dawn today) replaced `requestAdapterInfo()` (the typings installed here).
  const info = 'info' in chosen ? (chosen as { info: GPUAdapterInfo }).info : await chosen.requestAdapterInfo();
  const adapterInfo: WebGpuAdapter = {
    vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description,
    software: chosen.isFallbackAdapter || SOFTWARE.test(`${info.description} ${info.device} ${info.architecture}`),
  };
  const navigatorHolder = globalThis as { navigator?: { gpu?: GPU } };
  if (navigatorHolder.navigator === undefined) navigatorHolder.navigator = { gpu };
  if (tf.findBackendFactory('webgpu') !== null) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', async () => {
    const limits = chosen.limits;
    const device = await chosen.requestDevice({
      // Timestamps let tf.profile / tf.time report GPU kernel times.
      requiredFeatures: chosen.features.has('timestamp-query') ? ['timestamp-query'] : [],
      requiredLimits: {
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      },
    });
    const backend = new backendModule.WebGPUBackend(device, info);
    writeUploadsThroughQueue(backend);
    cacheWebGpuBindings(backend);
    return backend;
  }, 1);
  return { ok: true, adapter: adapterInfo };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The parts of tfjs-backend-webgpu's backend the upload path uses (public in its typings). */
interface UploadingBackend {
  uploadToGPU(dataId: object): void;
  tensorMap: { get(dataId: object): { values: unknown; resource: unknown; dtype: string; shape: number[] } };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBuffer };
  queue: GPUQueue;
}

let queueUploads = true;

/**
 * Chooses how CPU data reaches the GPU from now on: `'queue'` (default)
 * writes it with `queue.writeBuffer` into a pooled buffer; `'stock'` keeps tfjs's path, which
 * creates (and destroys) a mapped staging buffer per upload and ends the compute pass.
 * An H100 CPU profile of LeNet training (batch 2048) spent 21% of each step in
 * `createBuffer` and 37% in `queue.submit`: every optimizer scalar is such an upload.
 */
export function setWebGpuUploads(mode: 'queue' | 'stock'): void {
  queueUploads = mode === 'queue';
}

function writeUploadsThroughQueue(target: unknown): void {
  const backend = target as UploadingBackend;
  const stock = backend.uploadToGPU.bind(backend);
  backend.uploadToGPU = (dataId: object): void => {
    const data = backend.tensorMap.get(dataId);
    const values = data.values;
    if (data.resource !== null && data.resource !== undefined) return;
    if (!queueUploads || !(values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array) ||
      !(data.dtype === 'float32' || data.dtype === 'int32' || data.dtype === 'bool')) {
      stock(dataId);
      return;
    }
    const count = data.shape.reduce((a, b) => a * b, 1);
    // Pooled like tfjs's own buffers; queue.writeBuffer lands before any later submit, and a
    // pooled buffer is never used by the commands still being recorded (tfjs frees those after submit).
    const buffer = backend.bufferManager.acquireBuffer(count * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const typed = data.dtype === 'float32'
      ? (values instanceof Float32Array ? values : Float32Array.from(values))
      : (values instanceof Int32Array ? values : Int32Array.from(values));
    if (count > 0) backend.queue.writeBuffer(buffer, 0, typed.buffer, typed.byteOffset, count * 4);
    data.values = null;
    data.resource = buffer;
  };
}
