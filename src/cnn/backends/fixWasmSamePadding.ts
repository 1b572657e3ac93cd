import { tf } from '../../tfjs/tf.js';

/**
 * tfjs-backend-wasm 4.22 computes convolutions with `'same'` padding wrongly when a stride
 * exceeds the kernel size in some dimension (XNNPACK is handed TensorFlow-SAME mode and
 * pads differently): conv2d of x = [[1], [2]] (shape [1, 2, 1, 1]) with a 1×2 kernel
 * [10, 100], strides [2, 1], gives 0 instead of 10. layerproof's property tests found it
 * (688 of 4,941 small geometries wrong). Explicit padding is always right, so on wasm
 * `'same'` is rewritten into the explicit pads TensorFlow's rule gives.
 */
const KERNELS = ['Conv2D', 'FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2D'] as const;

let patched = false;
const stock = new Map<string, tf.KernelConfig>();

interface ConvAttrs {
  strides: number | [number, number];
  pad: unknown;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: string;
}

/** Rewrites `'same'` to explicit pads in the wasm convolution kernels. Idempotent. */
export function fixWasmSamePadding(): void {
  if (patched) return;
  for (const name of KERNELS) {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel === undefined) continue;
    const depthwise = name.includes('Depthwise');
    stock.set(name, kernel);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      ...kernel,
      kernelFunc: (args) => {
        const attrs = args.attrs as unknown as ConvAttrs | undefined;
        if (attrs?.pad !== 'same') return kernel.kernelFunc(args);
        const x = args.inputs.x as tf.TensorInfo;
        const filter = args.inputs.filter as tf.TensorInfo;
        const info = tf.backend_util.computeConv2DInfo(
          x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
          attrs.strides, attrs.dilations ?? 1, 'same', attrs.dimRoundingMode, depthwise,
        );
        const pad = [[0, 0], [info.padInfo.top, info.padInfo.bottom], [info.padInfo.left, info.padInfo.right], [0, 0]];
        return kernel.kernelFunc({ ...args, attrs: { ...(args.attrs ?? {}), pad } });
      },
    });
  }
  patched = true;
}

/** Whether the fix is installed (for reports). */
export function wasmSamePaddingFixed(): boolean {
  return patched;
}

/**
 * Runs the stock (unpatched) wasm Conv2D on the known counterexample and returns its output,
 * so a test can tell when upstream fixes the bug. Needs the wasm backend to be active.
 */
export function stockWasmConv2dCounterexample(): number[] {
  const kernel = stock.get('Conv2D') ?? tf.getKernel('Conv2D', 'wasm');
  if (kernel === undefined) throw new Error('the wasm Conv2D kernel is not registered');
  return tf.tidy(() => {
    const x = tf.tensor4d([1, 2], [1, 2, 1, 1]);
    const filter = tf.tensor4d([10, 100], [1, 2, 1, 1]);
    const out = kernel.kernelFunc({
      inputs: { x, filter }, backend: tf.backend(),
      attrs: { strides: [2, 1], pad: 'same', dataFormat: 'NHWC', dilations: 1 },
    }) as tf.TensorInfo;
    return Array.from(tf.engine().makeTensorFromTensorInfo(out).dataSync());
  });
}
