import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  bindGroupKey, bindingCacheStats, cacheWebGpuBindings, compareArrays, createModel, createOptimizer, createRng, describeComparison,
  selectBackend, setWebGpuBindingCache, tf, tolerances, uniformKey, type ModelSpec,
} from '../../../src/index.js';
import { describeWith } from '../../support/withComponent.js';

// WebGPU's usage flags (from the spec), for the fake device when Dawn's globals are absent.
const USAGE = { MAP_READ: 1, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 };
(globalThis as { GPUBufferUsage?: unknown }).GPUBufferUsage ??= USAGE;

describe('uniformKey', () => {
  test('tells apart what the uniform buffer would tell apart: values, −0, NaN, types, grouping', () => {
    const f = (...data: number[]) => ({ type: 'float32', data });
    const i = (...data: number[]) => ({ type: 'int32', data });
    const keys = [
      uniformKey([f(0)]), uniformKey([f(-0)]), uniformKey([f(NaN)]), uniformKey([f(Infinity)]), uniformKey([i(0)]),
      uniformKey([i(1, 2)]), uniformKey([i(12)]), uniformKey([i(1), i(2)]), uniformKey([f(0.1)]), uniformKey([f(1 / 10)]),
    ];
    // 0.1 and 1 / 10 are the same double: the only pair that must collide.
    expect(new Set(keys).size).toBe(keys.length - 1);
    expect(uniformKey([i(3, 4), f(NaN)])).toBe(uniformKey([i(3, 4), f(NaN)]));
  });
});

describe('bindGroupKey', () => {
  const ids = new Map<object, number>();
  const idOf = (o: object): number => {
    if (!ids.has(o)) ids.set(o, ids.size + 1);
    return ids.get(o) ?? 0;
  };
  const layout = {} as GPUBindGroupLayout;
  const a = {} as GPUBuffer;
  const b = {} as GPUBuffer;
  const descriptor = (entries: GPUBindGroupEntry[]): GPUBindGroupDescriptor => ({ layout, entries });

  test('the same layout and buffers give the same key; another buffer, order, offset or size another key', () => {
    const key = bindGroupKey(descriptor([{ binding: 0, resource: { buffer: a } }, { binding: 1, resource: { buffer: b } }]), idOf);
    expect(bindGroupKey(descriptor([{ binding: 0, resource: { buffer: a } }, { binding: 1, resource: { buffer: b } }]), idOf)).toBe(key);
    const others = [
      descriptor([{ binding: 0, resource: { buffer: b } }, { binding: 1, resource: { buffer: a } }]),
      descriptor([{ binding: 0, resource: { buffer: a } }, { binding: 1, resource: { buffer: a } }]),
      descriptor([{ binding: 0, resource: { buffer: a, offset: 256 } }, { binding: 1, resource: { buffer: b } }]),
      descriptor([{ binding: 0, resource: { buffer: a, size: 4 } }, { binding: 1, resource: { buffer: b } }]),
      { layout: {} as GPUBindGroupLayout, entries: [{ binding: 0, resource: { buffer: a } }, { binding: 1, resource: { buffer: b } }] },
    ];
    const keys = others.map((d) => bindGroupKey(d, idOf));
    expect(new Set([key, ...keys]).size).toBe(others.length + 1);
  });

  test('a binding that is not a buffer (a sampler, a texture view) is not cached', () => {
    expect(bindGroupKey(descriptor([{ binding: 0, resource: {} as GPUSampler }]), idOf)).toBeUndefined();
  });
});

/** A stand-in for tfjs-backend-webgpu's backend and Dawn's device that records the stock calls. */
function fakeBackend() {
  const created: GPUBindGroupDescriptor[] = [];
  const uniformBuffers: GPUBuffer[] = [];
  const backend = {
    uniformPendingDisposal: [] as GPUBuffer[],
    makeUniforms(this: { uniformPendingDisposal: GPUBuffer[] }, _uniforms: readonly { type: string; data: number[] }[]): GPUBufferBinding {
      const buffer = { usage: USAGE.UNIFORM | USAGE.COPY_DST } as GPUBuffer;
      uniformBuffers.push(buffer);
      this.uniformPendingDisposal.push(buffer);
      return { buffer, offset: 0, size: 16 };
    },
    bufferManager: { releaseBuffer: (_b: GPUBuffer, _reuse?: boolean) => undefined, dispose: () => undefined },
    device: {
      createComputePipeline: (_d: GPUComputePipelineDescriptor) => ({ getBindGroupLayout: () => ({}) }) as unknown as GPUComputePipeline,
      createBindGroup: (d: GPUBindGroupDescriptor) => {
        created.push(d);
        return { id: created.length } as unknown as GPUBindGroup;
      },
    },
  };
  return { backend, created, uniformBuffers };
}

describe('cacheWebGpuBindings on a stand-in device', () => {
  afterEach(() => {
    setWebGpuBindingCache(true);
  });

  const storage = () => ({ usage: USAGE.STORAGE }) as GPUBuffer;

  test('a repeated bind group and uniform content are made once; another buffer makes another group', () => {
    const { backend, created, uniformBuffers } = fakeBackend();
    const { stats } = cacheWebGpuBindings(backend);
    const layout = backend.device.createComputePipeline({} as GPUComputePipelineDescriptor).getBindGroupLayout(0);
    const [x, y] = [storage(), storage()];
    const u1 = backend.makeUniforms([{ type: 'int32', data: [2, 3] }]);
    const u2 = backend.makeUniforms([{ type: 'int32', data: [2, 3] }]);
    expect(u2.buffer).toBe(u1.buffer);
    expect(uniformBuffers).toHaveLength(1);
    expect(backend.uniformPendingDisposal, 'a cached uniform buffer never goes back to the pool').toHaveLength(0);
    const g1 = backend.device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: x } }, { binding: 1, resource: u1 }] });
    const g2 = backend.device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: x } }, { binding: 1, resource: u1 }] });
    const g3 = backend.device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: y } }, { binding: 1, resource: u1 }] });
    expect(g2).toBe(g1);
    expect(g3).not.toBe(g1);
    expect(created).toHaveLength(2);
    expect(stats).toEqual({ uniformHits: 1, uniformMisses: 1, bindGroupHits: 1, bindGroupMisses: 2 });
    expect(bindingCacheStats(backend)).toBe(stats);
  });

  test('destroying a storage buffer forgets every group (none may name it); destroying a staging buffer does not', () => {
    const { backend, created } = fakeBackend();
    cacheWebGpuBindings(backend);
    const layout = {} as GPUBindGroupLayout;
    const x = storage();
    const make = () => backend.device.createBindGroup({ layout, entries: [{ binding: 0, resource: { buffer: x } }] });
    make();
    backend.bufferManager.releaseBuffer({ usage: USAGE.MAP_READ | USAGE.COPY_DST } as GPUBuffer, false);
    make();
    expect(created).toHaveLength(1);
    backend.bufferManager.releaseBuffer(storage(), false);
    make();
    expect(created).toHaveLength(2);
  });

  test('switched off, every call reaches the device; uninstalled, the stock methods are back', () => {
    const { backend, created } = fakeBackend();
    const stock = backend.device.createBindGroup;
    const installed = cacheWebGpuBindings(backend);
    setWebGpuBindingCache(false);
    const d = { layout: {} as GPUBindGroupLayout, entries: [{ binding: 0, resource: { buffer: storage() } }] };
    backend.device.createBindGroup(d);
    backend.device.createBindGroup(d);
    expect(created).toHaveLength(2);
    installed.uninstall();
    expect(backend.device.createBindGroup).toBe(stock);
    expect(bindingCacheStats(backend)).toBeUndefined();
  });
});

const SMALL_LENET: ModelSpec = {
  inputShape: [16, 16, 3],
  layers: [
    { kind: 'conv2d', filters: 4, kernel: 5, activation: 'relu' },
    { kind: 'maxPool', poolSize: 2 },
    { kind: 'conv2d', filters: 6, kernel: 3, padding: 'same', activation: 'relu' },
    { kind: 'flatten' },
    { kind: 'dense', units: 10, activation: 'relu' },
    { kind: 'dense', units: 3 },
  ],
};

/** Losses of six Adam steps (the trainer's optimizer) from seeded weights, on the active backend. */
async function adamLosses(): Promise<number[]> {
  const rng = createRng(5);
  const model = createModel(SMALL_LENET);
  const weights = model.getWeights().map((w) => tf.tensor(Float32Array.from({ length: w.size }, () => rng() - 0.5), w.shape));
  model.setWeights(weights);
  tf.dispose(weights);
  model.compile({ optimizer: createOptimizer('adam', 0.01).optimizer, loss: tf.losses.softmaxCrossEntropy });
  const x = tf.tensor4d(Float32Array.from({ length: 4 * 16 * 16 * 3 }, () => rng() * 2 - 1), [4, 16, 16, 3]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3);
  const out: number[] = [];
  for (let i = 0; i < 6; i++) out.push((await model.trainOnBatch(x, y)) as number);
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

describeWith('vulkan', 'the binding cache on webgpu (software adapter in CI)', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'webgpu' });
  });
  afterAll(async () => {
    setWebGpuBindingCache(true);
    await selectBackend({ backend: 'cpu' });
  });

  test('training gives bit-identical losses with and without it, and it reuses bind groups', async () => {
    const stats = bindingCacheStats(tf.backend());
    expect(stats, 'the webgpu backend is created with the cache').toBeDefined();
    setWebGpuBindingCache(false);
    const without = await adamLosses();
    setWebGpuBindingCache(true);
    const hitsBefore = stats?.bindGroupHits ?? 0;
    const withCache = await adamLosses();
    const cmp = compareArrays(withCache, without, tolerances.exact);
    expect(cmp.ok, `${withCache.join(', ')} vs ${without.join(', ')}: ${describeComparison(cmp)}`).toBe(true);
    expect((stats?.bindGroupHits ?? 0) - hitsBefore).toBeGreaterThan(50);
  });

  test('negative control: a cache keyed on the layout alone (ignoring the buffers) changes the losses', async () => {
    const expected = await adamLosses();
    const broken = cacheWebGpuBindings(tf.backend(), (d, idOf) => String(idOf(d.layout)));
    let actual: number[];
    try {
      actual = await adamLosses();
    } finally {
      broken.uninstall();
    }
    expect(compareArrays(actual, expected, tolerances.exact).ok, actual.join(', ')).toBe(false);
  });
});
