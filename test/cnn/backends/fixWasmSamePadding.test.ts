import { beforeAll, describe, expect, test } from 'vitest';
import { conv2dMatrix, tf, useTfjsBackend } from '../../../src/index.js';
import { stockWasmConv2dCounterexample, wasmSamePaddingFixed } from '../../../src/cnn/backends/fixWasmSamePadding.js';

describe("tfjs-backend-wasm 'same' padding with stride > kernel", () => {
  beforeAll(async () => {
    await useTfjsBackend('wasm');
  });

  test('the stock wasm Conv2D kernel is still wrong on x=[1,2,1,1] k=1×2 s=2×1 same (remove the fix when this fails)', () => {
    // TensorFlow's rule: out 1×1, pads 0/0 rows and 0/1 columns, so y = 1·10 + 0·100 = 10.
    expect(stockWasmConv2dCounterexample()).toEqual([0]);
  });

  test('with layerproof installed, wasm gives what the Toeplitz matrix and the cpu backend give', async () => {
    expect(wasmSamePaddingFixed()).toBe(true);
    const x = tf.tensor4d([1, 2], [1, 2, 1, 1]);
    const w = tf.tensor4d([10, 100], [1, 2, 1, 1]);
    const wasm = Array.from(tf.conv2d(x, w, [2, 1], 'same').dataSync());
    const t = conv2dMatrix({ shape: [1, 2, 1, 1], data: [10, 100] }, { inputShape: [2, 1, 1], strides: [2, 1], padding: 'same' });
    expect(wasm).toEqual(Array.from(t.matrix.multiply([1, 2])));
    await useTfjsBackend('cpu');
    expect(Array.from(tf.conv2d(x, w, [2, 1], 'same').dataSync())).toEqual(wasm);
    await useTfjsBackend('wasm');
  });
});
