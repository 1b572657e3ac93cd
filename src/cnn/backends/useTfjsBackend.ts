import { selectBackend } from './selectBackend.js';

/**
 * Switches to a backend (`cpu`, `wasm`, `webgpu`) and waits until it is ready, through
 * `selectBackend` (the one entry point): the wasm 'same'-padding fix and layerproof's
 * training kernels come with it.
 */
export async function useTfjsBackend(name: 'cpu' | 'wasm' | 'webgpu'): Promise<void> {
  await selectBackend({ backend: name });
}
