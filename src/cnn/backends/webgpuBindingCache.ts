/**
 * Caches what tfjs-backend-webgpu 4.22 rebuilds for every dispatch although a training step
 * repeats the same ones: the uniform buffer (shapes, strides, sizes: written with
 * `queue.writeBuffer` per dispatch), the pipeline's bind-group layout (`getBindGroupLayout`
 * makes a new object per call) and the bind group (`createBindGroup`, a Vulkan descriptor set
 * per call). On the H100 a LeNet step at batch 256 took as long as one at batch 2048: the cost
 * per step is per dispatch, on the CPU. Measured on lavapipe (bench/train.bench.ts `--sweep`
 * and test/cnn/backends/webgpuBindingCache.test.ts count the calls).
 */

/** The parts of tfjs-backend-webgpu's backend this reaches (public in its typings, not documented). */
interface BindingBackend {
  makeUniforms: (programUniform: readonly ProgramUniform[]) => GPUBufferBinding;
  uniformPendingDisposal: GPUBuffer[];
  bufferManager: { releaseBuffer: (buffer: GPUBuffer, reuse?: boolean) => void; dispose: () => void };
  device: BindingDevice;
}

/** The GPUDevice methods wrapped here, as replaceable properties. */
interface BindingDevice {
  createComputePipeline: (descriptor: GPUComputePipelineDescriptor) => GPUComputePipeline;
  createBindGroup: (descriptor: GPUBindGroupDescriptor) => GPUBindGroup;
}

interface ProgramUniform {
  readonly type: string;
  readonly data: readonly number[];
}

/** Counters of one backend's cache (tests and the benchmark read them). */
export interface BindingCacheStats {
  uniformHits: number;
  uniformMisses: number;
  bindGroupHits: number;
  bindGroupMisses: number;
}

/** What `cacheWebGpuBindings` installed: its counters, and how to take it off again (tests). */
export interface InstalledBindingCache {
  readonly stats: BindingCacheStats;
  uninstall(): void;
}

/** Above this many entries a cache stops growing (uniforms) or starts again (bind groups). */
const MAX_UNIFORMS = 4096;
const MAX_BIND_GROUPS = 8192;

const statsOf = new WeakMap<object, BindingCacheStats>();
let enabled = true;

/**
 * Turns the caches on (default) or off for every backend from now on, without recreating it:
 * the benchmark compares both in one run. Cached entries stay valid while off.
 */
export function setWebGpuBindingCache(on: boolean): void {
  enabled = on;
}

/** The cache's counters for a backend (undefined when its bindings are not cached). */
export function bindingCacheStats(backend: unknown): BindingCacheStats | undefined {
  return typeof backend === 'object' && backend !== null ? statsOf.get(backend) : undefined;
}

/** A key that tells two uniform contents apart exactly (−0 and NaN included). */
export function uniformKey(programUniform: readonly ProgramUniform[]): string {
  let key = '';
  for (const u of programUniform) {
    key += u.type.charAt(0);
    for (const v of u.data) key += Object.is(v, -0) ? ',-0' : `,${String(v)}`;
    key += '|';
  }
  return key;
}

/** Identity numbers for GPU objects (bind-group keys). */
class Identities {
  private readonly ids = new WeakMap<object, number>();
  private next = 1;

  of(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(o, id);
    }
    return id;
  }
}

/**
 * A bind group's key: its layout and every entry's binding, buffer, offset and size.
 * Undefined when an entry is not a buffer binding (a texture, a sampler): those are not cached.
 */
export function bindGroupKey(descriptor: GPUBindGroupDescriptor, idOf: (o: object) => number): string | undefined {
  let key = String(idOf(descriptor.layout));
  for (const entry of descriptor.entries) {
    const resource = entry.resource as Partial<GPUBufferBinding>;
    if (typeof resource !== 'object' || resource.buffer === undefined) return undefined;
    key += `|${String(entry.binding)}:${String(idOf(resource.buffer))}:${String(resource.offset ?? 0)}:${String(resource.size ?? -1)}`;
  }
  return key;
}

/**
 * Installs the caches on one backend (created by tfjs-backend-webgpu on `device`).
 * Uniform buffers become content-addressed and are never returned to the pool (they stay
 * valid for every bind group that names them); bind groups are looked up by the identity of
 * their layout and buffers. tfjs destroys a storage or uniform buffer only when the backend
 * is disposed, which clears the caches; any other destruction of such a buffer clears the
 * bind groups too, so no cached group can name a destroyed buffer. `keyOf` is the bind-group
 * key (tests pass a wrong one to show that the training comparison would catch it).
 */
export function cacheWebGpuBindings(target: unknown, keyOf: typeof bindGroupKey = bindGroupKey): InstalledBindingCache {
  const backend = target as BindingBackend;
  const device = backend.device;
  const stats: BindingCacheStats = { uniformHits: 0, uniformMisses: 0, bindGroupHits: 0, bindGroupMisses: 0 };
  const previousStats = statsOf.get(backend);
  statsOf.set(backend, stats);
  const identities = new Identities();
  const idOf = (o: object): number => identities.of(o);
  const uniforms = new Map<string, GPUBufferBinding>();
  const groups = new Map<string, GPUBindGroup>();

  const restore: (() => void)[] = [];
  const originalUniforms = backend.makeUniforms;
  restore.push(() => { backend.makeUniforms = originalUniforms; });
  const stockUniforms = originalUniforms.bind(backend);
  backend.makeUniforms = (programUniform) => {
    if (!enabled) return stockUniforms(programUniform);
    const key = uniformKey(programUniform);
    const cached = uniforms.get(key);
    if (cached !== undefined) {
      stats.uniformHits++;
      return cached;
    }
    stats.uniformMisses++;
    const binding = stockUniforms(programUniform);
    if (uniforms.size >= MAX_UNIFORMS) return binding;
    // Keep it out of the pool: tfjs would hand it to another dispatch after the next submit.
    const pending = backend.uniformPendingDisposal;
    if (pending[pending.length - 1] === binding.buffer) pending.pop();
    else return binding;
    uniforms.set(key, binding);
    return binding;
  };

  const originalPipeline = device.createComputePipeline;
  restore.push(() => { device.createComputePipeline = originalPipeline; });
  const stockPipeline = originalPipeline.bind(device);
  device.createComputePipeline = (descriptor) => {
    const pipeline = stockPipeline(descriptor);
    const layouts = new Map<number, GPUBindGroupLayout>();
    const replaceable = pipeline as unknown as { getBindGroupLayout: (index: number) => GPUBindGroupLayout };
    const stockLayout = replaceable.getBindGroupLayout.bind(pipeline);
    replaceable.getBindGroupLayout = (index: number) => {
      if (!enabled) return stockLayout(index);
      let layout = layouts.get(index);
      if (layout === undefined) {
        layout = stockLayout(index);
        layouts.set(index, layout);
      }
      return layout;
    };
    return pipeline;
  };

  const originalBindGroup = device.createBindGroup;
  restore.push(() => { device.createBindGroup = originalBindGroup; });
  const stockBindGroup = originalBindGroup.bind(device);
  device.createBindGroup = (descriptor) => {
    if (!enabled) return stockBindGroup(descriptor);
    const key = keyOf(descriptor, idOf);
    if (key === undefined) return stockBindGroup(descriptor);
    const cached = groups.get(key);
    if (cached !== undefined) {
      stats.bindGroupHits++;
      return cached;
    }
    stats.bindGroupMisses++;
    if (groups.size >= MAX_BIND_GROUPS) groups.clear();
    const group = stockBindGroup(descriptor);
    groups.set(key, group);
    return group;
  };

  const manager = backend.bufferManager;
  const originalRelease = manager.releaseBuffer;
  const originalDispose = manager.dispose;
  restore.push(() => {
    manager.releaseBuffer = originalRelease;
    manager.dispose = originalDispose;
  });
  const stockRelease = originalRelease.bind(manager);
  const bindable = GPUBufferUsage.STORAGE | GPUBufferUsage.UNIFORM;
  manager.releaseBuffer = (buffer, reuse = true) => {
    if (!reuse && (buffer.usage & bindable) !== 0) groups.clear();
    stockRelease(buffer, reuse);
  };
  const stockDispose = originalDispose.bind(manager);
  manager.dispose = () => {
    groups.clear();
    uniforms.clear();
    stockDispose();
  };
  return {
    stats,
    // Pipelines already made keep their memoised layouts (still correct); uniform buffers taken
    // out of the pool stay allocated until the backend is disposed.
    uninstall: () => {
      for (const undo of restore.reverse()) undo();
      groups.clear();
      if (previousStats === undefined) statsOf.delete(backend);
      else statsOf.set(backend, previousStats);
    },
  };
}
