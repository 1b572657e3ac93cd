import { tf } from '../../tfjs/tf.js';

/** The parts of tfjs-backend-wasm's backend this kernel uses (public in its typings). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

interface MaxPoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * MaxPoolGrad for the wasm backend, in JavaScript on the wasm heap: one pass over the output
 * windows that finds each window's first maximum (as the cpu backend does: strictly greater
 * replaces, so ties go to the first cell in row-major order) and adds dy there. tfjs-backend-wasm
 * 4.22's own kernel revisits every window of every input cell and ran 5–10× slower on LeNet.
 */
export function wasmMaxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: unknown }): tf.TensorInfo {
  const backend = args.backend as WasmHeapBackend;
  const dy = args.inputs.dy as tf.TensorInfo;
  const x = args.inputs.input as tf.TensorInfo;
  const attrs = args.attrs as MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  // makeOutput may grow the heap, which detaches earlier views: take them afterwards.
  const out = backend.makeOutput([...x.shape], 'float32');
  const xs = backend.typedArrayFromHeap(x);
  const dys = backend.typedArrayFromHeap(dy);
  const dx = backend.typedArrayFromHeap(out);
  dx.fill(0);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * inWidth * channels;
    for (let oh = 0; oh < outHeight; oh++) {
      // The window's rows and columns inside the input (taps in the padding are skipped).
      const h0 = oh * strideHeight - top;
      const thFirst = h0 >= 0 ? 0 : Math.ceil(-h0 / dh) * dh;
      const thEnd = Math.min(fh, inHeight - h0);
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - left;
        const twFirst = w0 >= 0 ? 0 : Math.ceil(-w0 / dw) * dw;
        const twEnd = Math.min(fw, inWidth - w0);
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * channels;
        // Channel outermost keeps the running maximum in registers (no per-window arrays).
        for (let c = 0; c < channels; c++) {
          let best = -Infinity;
          let at = -1;
          for (let th = thFirst; th < thEnd; th += dh) {
            const rowBase = xBatch + ((h0 + th) * inWidth + w0) * channels + c;
            for (let tw = twFirst; tw < twEnd; tw += dw) {
              const i = rowBase + tw * channels;
              const v = xs[i] as number;
              if (v > best) {
                best = v;
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] = (dx[at] as number) + (dys[dyBase + c] as number);
        }
      }
    }
  }
  return out;
}
