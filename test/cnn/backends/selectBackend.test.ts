import { describe, expect, test } from 'vitest';
import {
  LayerproofError, registerTensorflowBackend, registerWebGpuBackend, selectBackend, tf, TFJS_NODE_GPU_REQUIREMENTS,
} from '../../../src/index.js';
import { describeWith } from '../../support/withComponent.js';

describe('selectBackend', () => {
  test("backend 'wasm' runs on the CPU, with the wasm training kernels installed and named", async () => {
    const info = await selectBackend({ backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    expect(info).toMatchObject({ backend: 'wasm', device: 'cpu' });
    expect(info.kernels).toEqual(expect.arrayContaining(['gradient:Conv2D', 'wasm:Conv2DBackpropFilter', 'wasm:MaxPoolGrad']));
    expect(info.description).toMatch(/^TensorFlow\.js backend 'wasm' on the CPU/);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  test("backend 'cpu' runs on the CPU and installs the dilation-capable conv gradients", async () => {
    const info = await selectBackend({ backend: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    expect(info).toMatchObject({ backend: 'cpu', device: 'cpu' });
    expect(info.kernels).toContain('gradient:Conv2D');
  });

  test("'auto' with device 'cpu' picks a CPU backend that works and says why in one line", async () => {
    const info = await selectBackend({ backend: 'auto', device: 'cpu' });
    expect(info.device).toBe('cpu');
    expect(['tensorflow', 'wasm']).toContain(info.backend);
    expect(info.description).toContain('auto: fastest that works');
    expect(info.description.includes('\n')).toBe(false);
  });

  test('an unknown backend or device is refused with a LayerproofError naming the argument', async () => {
    await expect(selectBackend({ backend: 'metal' as 'cpu' })).rejects.toThrow(LayerproofError);
    await expect(selectBackend({ backend: 'metal' as 'cpu' })).rejects.toThrow(/options\.backend must be 'auto', 'tensorflow', 'webgpu', 'wasm' or 'cpu', but got 'metal'/);
    await expect(selectBackend({ device: 'tpu' as 'gpu' })).rejects.toThrow(/options\.device must be 'auto', 'cpu' or 'gpu'/);
  });

  test("'wasm' with device 'gpu' is refused: wasm runs on the CPU only", async () => {
    await expect(selectBackend({ backend: 'wasm', device: 'gpu' })).rejects.toThrow(/backend 'wasm' cannot run on the GPU\. wasm: runs on the CPU only/);
  });

  test('tfjs-node(-gpu) is detected when installed, else reported as not installed (never thrown)', async () => {
    const r = await registerTensorflowBackend();
    if (r.ok) {
      expect(r.description).toContain('libtensorflow');
    } else {
      expect(r.reason).toMatch(/@tensorflow\/tfjs-node-gpu: (not installed|does not load)/);
    }
  });
});

describe('selectBackend without a GPU (this machine unless one is present)', () => {
  test("device 'gpu' either comes up on a GPU or is refused with the reasons and the CUDA/cuDNN versions tfjs-node-gpu needs", async () => {
    const webgpu = await registerWebGpuBackend();
    const tensorflow = await registerTensorflowBackend();
    const gpuPresent = (webgpu.ok && !webgpu.adapter.software) || (tensorflow.ok && tensorflow.gpu);
    if (gpuPresent) {
      const info = await selectBackend({ device: 'gpu' });
      expect(info.device).toBe('gpu');
      return;
    }
    const attempt = selectBackend({ device: 'gpu' });
    await expect(attempt).rejects.toThrow(LayerproofError);
    await expect(selectBackend({ device: 'gpu' })).rejects.toThrow(TFJS_NODE_GPU_REQUIREMENTS);
    await expect(selectBackend({ device: 'gpu' })).rejects.toThrow(/tensorflow: .*; webgpu: .*; wasm: runs on the CPU only; cpu: runs on the CPU only/);
  });
});

describeWith('vulkan', 'selectBackend on WebGPU (Dawn)', () => {
  test("backend 'webgpu' reports its adapter, its device (a software adapter is a CPU) and the webgpu kernels", async () => {
    const info = await selectBackend({ backend: 'webgpu' });
    expect(tf.getBackend()).toBe('webgpu');
    expect(info.adapter).toBeTypeOf('string');
    expect(info.kernels).toContain('webgpu:Conv2DBackpropFilter');
    const r = await registerWebGpuBackend();
    expect(r.ok).toBe(true);
    if (r.ok) expect(info.device).toBe(r.adapter.software ? 'cpu' : 'gpu');
    expect(info.description).toContain(info.adapter ?? '');
  });
});
