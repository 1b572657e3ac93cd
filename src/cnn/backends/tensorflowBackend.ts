import { tf } from '../../tfjs/tf.js';

/** Which libtensorflow binding came up, and whether it runs on a GPU. */
export type TensorflowRegistration =
  | { readonly ok: true; readonly packageName: string; readonly gpu: boolean; readonly description: string }
  | { readonly ok: false; readonly reason: string };

/** What tfjs-node-gpu 4.22 needs to run on a GPU (the libtensorflow it downloads is built against these). */
export const TFJS_NODE_GPU_REQUIREMENTS = 'CUDA 11.2 and cuDNN 8.1';

const PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

let registration: Promise<TensorflowRegistration> | undefined;

/**
 * Loads `@tensorflow/tfjs-node-gpu`, else `@tensorflow/tfjs-node`, when installed and loadable
 * (both are optional: their install scripts download libtensorflow), which registers the
 * `tensorflow` backend. `gpu` says whether libtensorflow actually placed work on a GPU:
 * tfjs-node-gpu falls back to the CPU silently when CUDA/cuDNN are missing or of another version.
 * Never throws.
 */
export function registerTensorflowBackend(): Promise<TensorflowRegistration> {
  registration ??= register();
  return registration;
}

async function register(): Promise<TensorflowRegistration> {
  const failures: string[] = [];
  for (const packageName of PACKAGES) {
    try {
      // A computed specifier: the packages are optional, neither typed nor bundled.
      const specifier: string = packageName;
      await import(specifier);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const missing = /Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(message);
      failures.push(`${packageName}: ${missing ? 'not installed' : `does not load (${firstLine(message)})`}`);
      continue;
    }
    if (tf.findBackendFactory('tensorflow') === null) {
      failures.push(`${packageName}: loaded but registered no 'tensorflow' backend (another copy of @tensorflow/tfjs-core?)`);
      continue;
    }
    const ok = await tf.setBackend('tensorflow').catch(() => false);
    if (!ok) {
      failures.push(`${packageName}: its backend did not initialise`);
      continue;
    }
    const backend = tf.backend() as { isUsingGpuDevice?: boolean };
    const gpu = backend.isUsingGpuDevice === true;
    const where = gpu ? 'on a GPU (CUDA)' : packageName.endsWith('-gpu')
      ? `on the CPU: libtensorflow found no usable GPU (it needs ${TFJS_NODE_GPU_REQUIREMENTS})`
      : 'on the CPU';
    return { ok: true, packageName, gpu, description: `${packageName} (libtensorflow) ${where}` };
  }
  return { ok: false, reason: failures.join('; ') };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
