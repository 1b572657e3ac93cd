import { tf } from '../../tfjs/tf.js';

/**
 * Runs `fn` on tensors that wrap a kernel's inputs, inside `tf.tidy`, and returns its
 * result to the engine (tfjs accepts a Tensor as a kernel's output). The wrappers take
 * a reference on the backend's data, so disposing them cannot free the caller's tensors.
 */
export function withKernelTensors<T extends tf.Tensor>(
  backend: unknown,
  infos: readonly tf.TensorInfo[],
  fn: (...tensors: tf.Tensor[]) => T,
): T {
  const engine = tf.engine();
  // The kernel runs on the active backend, which is `backend`: the wrappers are made there.
  const refs = backend as { incRef(dataId: tf.DataId): void };
  const wrapped = infos.map((info) => {
    refs.incRef(info.dataId);
    return engine.makeTensorFromTensorInfo(info);
  });
  try {
    return tf.tidy(() => fn(...wrapped));
  } finally {
    for (const t of wrapped) t.dispose();
  }
}
