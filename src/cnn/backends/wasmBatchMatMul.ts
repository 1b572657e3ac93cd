import { tf } from '../../tfjs/tf.js';
import { withKernelTensors } from './kernelTensors.js';

/**
 * BatchMatMul for the wasm backend with its transposes done first, by the Transpose kernel:
 * tfjs-backend-wasm 4.22 is fast only for untransposed operands (LeNet's dense layers,
 * batch 256: 1.2 ms forward, 13 ms for each transposed product of the backward pass).
 * `stock` is the backend's own kernel, which then runs without transposes.
 */
export function wasmBatchMatMul(stock: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (attrs.transposeA !== true && attrs.transposeB !== true) return stock.kernelFunc(args);
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    return withKernelTensors(args.backend, [a, b], (ta, tb) => {
      const swapLast = (t: tf.Tensor): tf.Tensor => {
        const perm = t.shape.map((_d, i) => i);
        const n = perm.length;
        [perm[n - 2], perm[n - 1]] = [n - 1, n - 2];
        return tf.transpose(t, perm);
      };
      const a2 = attrs.transposeA === true ? swapLast(ta) : (ta);
      const b2 = attrs.transposeB === true ? swapLast(tb) : (tb);
      return tf.engine().runKernel<tf.Tensor>('BatchMatMul', { a: a2, b: b2 }, { ...attrs, transposeA: false, transposeB: false });
    });
  };
}
