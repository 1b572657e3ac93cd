import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import {
  compareArrays, depthwiseConv2dFilterGradient, depthwiseConv2dInputGradient, describeComparison, float32Accumulation, tf, useTfjsBackend,
} from '../../../src/index.js';
import { convCaseArb, describeCase, uniformData, type ConvCase } from '../../support/arbitraries.js';
import { describeWith } from '../../support/withComponent.js';
import { cpuKernel, outputSize, tfjsPad, toeplitzFilterGradient, toeplitzInputGradient, valuesOf } from './reference.js';

/** In these cases `cout` is the depth multiplier (output channels cin·cout), as depthwiseConv2dMatrix reads it. */
function sample(c: ConvCase, batch: number, seed: number) {
  const out = outputSize(c, true);
  return {
    out,
    x: uniformData(batch * c.h * c.w * c.cin, seed),
    w: uniformData(c.kh * c.kw * c.cin * c.cout, seed + 1),
    dy: uniformData(batch * out[0] * out[1] * out[2], seed + 2),
  };
}

type Sample = ReturnType<typeof sample>;

/** The sample as tensors: x `[b, h, w, cin]`, filter `[kh, kw, cin, multiplier]`, dy. */
function tensorsOf(c: ConvCase, batch: number, s: Sample): { x: tf.Tensor4D; w: tf.Tensor4D; dy: tf.Tensor4D } {
  return { x: tf.tensor4d(s.x, [batch, c.h, c.w, c.cin]), w: tf.tensor4d(s.w, [c.kh, c.kw, c.cin, c.cout]), dy: tf.tensor4d(s.dy, [batch, ...s.out]) };
}

/** [dX, dW] of Σ dy ⊙ depthwiseConv2d(x, w) by tf.grads: the registered DepthwiseConv2dNative gradient. */
async function tapeGradients(c: ConvCase, t: { x: tf.Tensor4D; w: tf.Tensor4D; dy: tf.Tensor4D }): Promise<(Float32Array | undefined)[]> {
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(
    tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, tfjsPad(c.padding), 'NHWC', c.dilations), t.dy,
  )))([t.x, t.w]);
  return Promise.all(grads.map((g) => valuesOf(() => g)));
}

const batchArb = fc.integer({ min: 1, max: 3 });
const options = (c: ConvCase) => ({ strides: c.strides, padding: c.padding, dilations: c.dilations });

function depthwiseProperties(backend: 'cpu' | 'wasm' | 'webgpu', numRuns: number): void {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([convCaseArb(), batchArb, fc.nat()], { numRuns })(
    'depthwise filter and input gradients equal the Toeplitz ones, any strides/padding/dilations',
    async (c, batch, seed) => {
      const s = sample(c, batch, seed);
      const dw = await valuesOf(() => depthwiseConv2dFilterGradient(
        tf.tensor4d(s.x, [batch, c.h, c.w, c.cin]), tf.tensor4d(s.dy, [batch, ...s.out]), [c.kh, c.kw, c.cin, c.cout], options(c),
      ));
      const terms = batch * s.out[0] * s.out[1];
      const cw = compareArrays(dw, toeplitzFilterGradient(c, batch, s.x, s.dy, true), float32Accumulation(terms, terms));
      expect(cw.ok, `dW ${describeCase(c)} b=${batch}: ${describeComparison(cw)}`).toBe(true);
      const dx = await valuesOf(() => depthwiseConv2dInputGradient(
        tf.tensor4d(s.dy, [batch, ...s.out]), tf.tensor4d(s.w, [c.kh, c.kw, c.cin, c.cout]), [batch, c.h, c.w, c.cin], options(c),
      ));
      const cx = compareArrays(dx, toeplitzInputGradient(c, batch, s.w, s.dy, true), float32Accumulation(c.kh * c.kw * c.cout, c.kh * c.kw * c.cout));
      expect(cx.ok, `dX ${describeCase(c)} b=${batch}: ${describeComparison(cx)}`).toBe(true);
    },
  );

  // The cpu backend's stock depthwise backprop kernels ignore dilations (tfjs's gradient refuses
  // them), so they are a reference for dilation 1 only; dilated gradients are held to the Toeplitz ones above.
  test.prop([convCaseArb({ tfjsCompatible: true }).filter((c) => c.dilations[0] === 1 && c.dilations[1] === 1), batchArb, fc.nat()], { numRuns })(
    `the ${backend} depthwise backprop kernels and tf.grad of tf.depthwiseConv2d equal the cpu backend's stock kernels`,
    async (c, batch, seed) => {
      const s = sample(c, batch, seed);
      const common = { strides: c.strides, pad: tfjsPad(c.padding), dilations: c.dilations };
      const expectedW = cpuKernel('DepthwiseConv2dNativeBackpropFilter', {
        x: { values: s.x, shape: [batch, c.h, c.w, c.cin] }, dy: { values: s.dy, shape: [batch, ...s.out] },
      }, { ...common, filterShape: [c.kh, c.kw, c.cin, c.cout] });
      const expectedX = cpuKernel('DepthwiseConv2dNativeBackpropInput', {
        dy: { values: s.dy, shape: [batch, ...s.out] }, filter: { values: s.w, shape: [c.kh, c.kw, c.cin, c.cout] },
      }, { ...common, inputShape: [batch, c.h, c.w, c.cin] });
      const t = tensorsOf(c, batch, s);
      const kernelW = await valuesOf(() => tf.engine().runKernel<tf.Tensor>('DepthwiseConv2dNativeBackpropFilter', { x: t.x, dy: t.dy }, { ...common, filterShape: [c.kh, c.kw, c.cin, c.cout] }));
      const kernelX = await valuesOf(() => tf.engine().runKernel<tf.Tensor>('DepthwiseConv2dNativeBackpropInput', { dy: t.dy, filter: t.w }, { ...common, inputShape: [batch, c.h, c.w, c.cin] }));
      const [gradX, gradW] = await tapeGradients(c, t);
      tf.dispose([t.x, t.w, t.dy]);
      const terms = batch * s.out[0] * s.out[1];
      for (const actual of [kernelW, gradW]) {
        const cmp = compareArrays(actual ?? new Float32Array(0), expectedW, float32Accumulation(terms, terms));
        expect(cmp.ok, `dW ${describeCase(c)}: ${describeComparison(cmp)}`).toBe(true);
      }
      for (const actual of [kernelX, gradX]) {
        const cmp = compareArrays(actual ?? new Float32Array(0), expectedX, float32Accumulation(c.kh * c.kw * c.cout, c.kh * c.kw * c.cout));
        expect(cmp.ok, `dX ${describeCase(c)}: ${describeComparison(cmp)}`).toBe(true);
      }
    },
  );

  test.prop([convCaseArb({ tfjsCompatible: true }), batchArb, fc.nat()], { numRuns })(
    'tf.grad of tf.depthwiseConv2d (the registered gradient) equals the Toeplitz gradients, dilations included',
    async (c, batch, seed) => {
      const s = sample(c, batch, seed);
      const t = tensorsOf(c, batch, s);
      const [gradX, gradW] = await tapeGradients(c, t);
      tf.dispose([t.x, t.w, t.dy]);
      const terms = batch * s.out[0] * s.out[1];
      const cw = compareArrays(gradW ?? new Float32Array(0), toeplitzFilterGradient(c, batch, s.x, s.dy, true), float32Accumulation(terms, terms));
      expect(cw.ok, `dW ${describeCase(c)}: ${describeComparison(cw)}`).toBe(true);
      const cx = compareArrays(gradX ?? new Float32Array(0), toeplitzInputGradient(c, batch, s.w, s.dy, true), float32Accumulation(c.kh * c.kw * c.cout, c.kh * c.kw * c.cout));
      expect(cx.ok, `dX ${describeCase(c)}: ${describeComparison(cx)}`).toBe(true);
    },
  );

  test.prop([convCaseArb().filter((c) => c.cin > 1), batchArb, fc.nat()], { numRuns })(
    'negative control: a filter gradient with its channels paired to the wrong input channel is caught',
    async (c, batch, seed) => {
      const s = sample(c, batch, seed);
      // Input channels rotated by one: the right sums of the wrong channels.
      const rotated = new Float32Array(s.x.length);
      for (let i = 0; i < s.x.length; i += c.cin) for (let k = 0; k < c.cin; k++) rotated[i + k] = s.x[i + ((k + 1) % c.cin)] as number;
      const expected = toeplitzFilterGradient(c, batch, s.x, s.dy, true);
      const terms = batch * s.out[0] * s.out[1];
      const tol = float32Accumulation(terms, terms);
      fc.pre(!compareArrays(toeplitzFilterGradient(c, batch, rotated, s.dy, true), expected, tol).ok);
      const wrong = await valuesOf(() => depthwiseConv2dFilterGradient(
        tf.tensor4d(rotated, [batch, c.h, c.w, c.cin]), tf.tensor4d(s.dy, [batch, ...s.out]), [c.kh, c.kw, c.cin, c.cout], options(c),
      ));
      expect(compareArrays(wrong, expected, tol).ok, describeCase(c)).toBe(false);
    },
  );
}

describe.each(['cpu', 'wasm'] as const)('depthwise conv2d gradients on the %s backend', (backend) => {
  depthwiseProperties(backend, 20);
});

describeWith('vulkan', 'depthwise conv2d gradients on the webgpu backend (Dawn)', () => {
  depthwiseProperties('webgpu', 8);
});
