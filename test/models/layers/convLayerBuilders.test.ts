import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import { useTfjsBackend } from '../../../src/cnn/backends/useTfjsBackend.js';
import { convGeometry } from '../../../src/linear/convGeometry.js';
import type { Activation } from '../../../src/models/activation.js';
import { layerOperator } from '../../../src/models/layers/layerOperator.js';
import { windowOperator } from '../../../src/models/layers/windowOperator.js';
import { checkOperator } from '../../../src/models/verify/checkOperator.js';
import { tf } from '../../../src/tfjs/tf.js';
import { uniformData } from '../../support/arbitraries.js';
import { checkLayer, describeCheck, flipKernel, operatorDistance, operatorOf, output, permuteRows, runLayer, variant } from './support/layerCheck.js';

/** Activations tfjs layers accept and layerproof evaluates. */
type LayerActivation = Extract<Activation, NonNullable<Parameters<typeof tf.layers.conv2d>[0]['activation']>>;
const activationArb = fc.constantFrom<LayerActivation>('linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'softmax');
const layoutArb = fc.constantFrom('channelsLast' as const, 'channelsLast' as const, 'channelsFirst' as const);

interface ConvCase {
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly filters: number;
  readonly kernel: [number, number];
  readonly strides: [number, number];
  readonly dilation: [number, number];
  readonly padding: 'valid' | 'same';
  readonly activation: LayerActivation;
  readonly useBias: boolean;
  readonly dataFormat: 'channelsLast' | 'channelsFirst';
  readonly multiplier: number;
}

const pair = (max: number): fc.Arbitrary<[number, number]> => fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max }));

/** Geometries tfjs runs: strides and dilations not both above 1, and a 'valid' window that fits. */
const convCaseArb: fc.Arbitrary<ConvCase> = fc.record({
  h: fc.integer({ min: 1, max: 8 }),
  w: fc.integer({ min: 1, max: 8 }),
  cin: fc.integer({ min: 1, max: 3 }),
  filters: fc.integer({ min: 1, max: 3 }),
  kernel: pair(4),
  strides: pair(3),
  dilation: pair(3),
  padding: fc.constantFrom('valid' as const, 'same' as const),
  activation: activationArb,
  useBias: fc.boolean(),
  dataFormat: layoutArb,
  multiplier: fc.integer({ min: 1, max: 3 }),
})
  .map((c) => (Math.max(...c.strides) > 1 ? { ...c, dilation: [1, 1] as [number, number] } : c))
  .filter((c) => c.padding === 'same' || (c.h >= (c.kernel[0] - 1) * c.dilation[0] + 1 && c.w >= (c.kernel[1] - 1) * c.dilation[1] + 1));

const describeConv = (c: ConvCase): string =>
  `x=[${c.h},${c.w},${c.cin}] k=${c.kernel.join('x')} f=${c.filters} m=${c.multiplier} s=${c.strides.join('x')} d=${c.dilation.join('x')} p=${c.padding} ${c.activation} bias=${c.useBias} ${c.dataFormat}`;

const imageOf = (c: ConvCase): number[] => (c.dataFormat === 'channelsFirst' ? [c.cin, c.h, c.w] : [c.h, c.w, c.cin]);

const common = (c: ConvCase) => ({ kernelSize: c.kernel, strides: c.strides, padding: c.padding, activation: c.activation, useBias: c.useBias, dataFormat: c.dataFormat });

describe.each(['cpu', 'wasm'] as const)('convolution layers against TensorFlow.js on the %s backend', (backend) => {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  test.prop([convCaseArb, fc.nat()], { numRuns: 25 })('Conv2D: act(T·x + b) equals the layer on random configs', async (c, seed) => {
    const layer = tf.layers.conv2d({ ...common(c), filters: c.filters, dilationRate: c.dilation });
    const { check } = await checkLayer(layer, imageOf(c), seed);
    expect(check.ok, `${describeConv(c)}: ${describeCheck(check)}`).toBe(true);
    layer.dispose();
  });

  test.prop([convCaseArb.filter((c) => c.dataFormat === 'channelsLast'), fc.nat()], { numRuns: 20 })('Conv1D (valid, same): act(T·x + b) equals the layer', async (c, seed) => {
    const layer = tf.layers.conv1d({ filters: c.filters, kernelSize: c.kernel[1], strides: c.strides[1], dilationRate: c.dilation[1], padding: c.padding, activation: c.activation, useBias: c.useBias });
    const { check } = await checkLayer(layer, [c.w, c.cin], seed);
    expect(check.ok, `${describeConv(c)}: ${describeCheck(check)}`).toBe(true);
    layer.dispose();
  });

  test.prop([convCaseArb, fc.nat()], { numRuns: 25 })('DepthwiseConv2D: act(T·x + b) equals the layer, depth multiplier included', async (c, seed) => {
    const layer = tf.layers.depthwiseConv2d({ ...common(c), depthMultiplier: c.multiplier, dilationRate: c.dilation });
    const { operator, check } = await checkLayer(layer, imageOf(c), seed);
    expect(check.ok, `${describeConv(c)}: ${describeCheck(check)}`).toBe(true);
    // tfjs 4.22 ignores the depthwise dilation; the note says so exactly when it matters.
    expect(operator.note !== undefined).toBe(Math.max(...c.dilation) > 1);
    layer.dispose();
  });

  // tfjs 4.22 adds a channels-first SeparableConv2D's bias along the wrong axis: those are 'not supported' (tested below).
  test.prop([convCaseArb.map((c) => (c.dataFormat === 'channelsFirst' ? { ...c, useBias: false, activation: c.activation === 'softmax' ? 'linear' as const : c.activation } : c)), fc.nat()], { numRuns: 25 })(
    'SeparableConv2D: act(P·D·x + b), built as one product, equals the layer',
    async (c, seed) => {
      const layer = tf.layers.separableConv2d({ ...common(c), filters: c.filters, depthMultiplier: c.multiplier, dilationRate: c.dilation });
      const { check } = await checkLayer(layer, imageOf(c), seed);
      expect(check.ok, `${describeConv(c)}: ${describeCheck(check)}`).toBe(true);
      layer.dispose();
    },
  );

  test.prop([convCaseArb, fc.nat()], { numRuns: 25 })('Conv2DTranspose: act(Cᵀ·x + b) equals the layer, output size by tfjs’s rule', async (c, seed) => {
    const layer = tf.layers.conv2dTranspose({ ...common(c), filters: c.filters });
    const { operator, check } = await checkLayer(layer, imageOf(c), seed);
    expect(check.ok, `${describeConv(c)}: ${describeCheck(check)}`).toBe(true);
    expect(operator.note).toMatch(/adjoint/);
    layer.dispose();
  });
});

describe('Conv1D with causal padding (TensorFlow.js 4.22 cannot run it)', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test('the tfjs layer refuses causal padding, as the operator note says', async () => {
    const layer = tf.layers.conv1d({ filters: 2, kernelSize: 3, padding: 'causal' });
    expect(() => layer.apply(tf.zeros([1, 5, 2]))).toThrow(/CAUSAL/);
    const op = await operatorOf(layer, [5, 2]);
    expect(op.outputShape).toEqual([5, 2]);
    expect(op.note).toMatch(/causal padding: 2 zeros before/);
  });

  const causalArb = fc.record({
    steps: fc.integer({ min: 1, max: 10 }), cin: fc.integer({ min: 1, max: 3 }), filters: fc.integer({ min: 1, max: 3 }),
    k: fc.integer({ min: 1, max: 4 }), stride: fc.integer({ min: 1, max: 3 }), dilation: fc.integer({ min: 1, max: 3 }),
  }).map((c) => (c.stride > 1 ? { ...c, dilation: 1 } : c))
    // layerOperator asks tfjs for the output shape, which sizes causal as 'valid': shorter sequences are refused there.
    .filter((c) => c.steps >= c.dilation * (c.k - 1) + 1);

  /** Keras's causal Conv1D: a 'valid' conv1d of the input with dilation·(k − 1) zeros prepended, plus bias. */
  function causalReference(layer: tf.layers.Layer, x: Float32Array, c: { steps: number; cin: number; k: number; stride: number; dilation: number }, samples: number, padRight = false): Float32Array {
    const [kernel, bias] = layer.getWeights() as [tf.Tensor3D, tf.Tensor1D];
    const pad: [number, number] = padRight ? [0, c.dilation * (c.k - 1)] : [c.dilation * (c.k - 1), 0];
    return tf.tidy(() => {
      const padded = tf.pad(tf.tensor3d(x, [samples, c.steps, c.cin]), [[0, 0], pad, [0, 0]]);
      return tf.conv1d(padded, kernel, c.stride, 'valid', 'NWC', c.dilation).add(bias).dataSync() as Float32Array;
    });
  }

  test.prop([causalArb, fc.nat()], { numRuns: 40 })('T·x + b equals tfjs conv1d of the left-padded input', async (c, seed) => {
    const layer = tf.layers.conv1d({ filters: c.filters, kernelSize: c.k, strides: c.stride, dilationRate: c.dilation, padding: 'causal' });
    // Build both and give them the same weights (the causal layer itself cannot be applied).
    layer.build([null, c.steps, c.cin]);
    const weights = layer.getWeights().map((w, i) => tf.tensor(uniformData(w.size, seed + 1 + i), w.shape));
    layer.setWeights(weights);
    const x = uniformData(2 * c.steps * c.cin, seed);
    const op = await operatorOf(layer, [c.steps, c.cin]);
    const expected = causalReference(layer, x, c, 2);
    const check = checkOperator(op, [x], expected, 2);
    expect(check.ok, describeCheck(check)).toBe(true);
    expect(op.outputShape).toEqual([Math.ceil(c.steps / c.stride), c.filters]);
    // Negative control: the zeros on the right instead of the left.
    if (c.k > 1) {
      const wrong = causalReference(layer, x, c, 2, true);
      expect(checkOperator(op, [x], wrong, 2).ok, 'padding on the wrong side must be caught').toBe(false);
    }
    weights.forEach((t) => { t.dispose(); });
    layer.weights.forEach((v) => { v.dispose(); });
  });
});

describe('negative controls: wrong convolution operators are rejected', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test.prop([convCaseArb, fc.nat()], { numRuns: 25 })('Conv2D: the kernel flipped (convolution instead of cross-correlation)', async (c, seed) => {
    const layer = tf.layers.conv2d({ ...common(c), filters: c.filters, dilationRate: c.dilation });
    const run = await runLayer(layer, imageOf(c), seed);
    const right = await operatorOf(layer, imageOf(c));
    const flipped = variant(layer, imageOf(c), {}, (name, data, shape) => (name === 'kernel' ? flipKernel(data, shape) : data));
    const wrong = await operatorOf(flipped, imageOf(c));
    fc.pre(operatorDistance(right, wrong) > 1e-2);
    expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describeConv(c)).toBe(false);
    layer.dispose();
    flipped.dispose();
  });

  test.prop([convCaseArb.filter((c) => c.padding === 'same'), fc.nat()], { numRuns: 25 })(
    "Conv2D: the 'same' padding split on the wrong side (the odd cell at the top/left)",
    async (c, seed) => {
      const layer = tf.layers.conv2d({ ...common(c), filters: c.filters, dilationRate: c.dilation, dataFormat: 'channelsLast' });
      const shape = [c.h, c.w, c.cin];
      const run = await runLayer(layer, shape, seed);
      const right = await operatorOf(layer, shape);
      const geometry = { inputShape: [c.h, c.w, c.cin] as [number, number, number], kernelSize: c.kernel, strides: c.strides, dilations: c.dilation };
      const g = convGeometry({ ...geometry, padding: 'same' });
      fc.pre((g.padTop + g.padBottom) % 2 === 1 || (g.padLeft + g.padRight) % 2 === 1);
      const swapped = convGeometry({ ...geometry, padding: [[g.padBottom, g.padTop], [g.padRight, g.padLeft]] });
      fc.pre(swapped.outHeight === g.outHeight && swapped.outWidth === g.outWidth);
      const [kernel, bias] = layer.getWeights().map((t) => t.dataSync());
      const wrong = windowOperator({
        kind: 'Conv2D', geometry: swapped, cout: c.filters, mode: 'full', layout: 'channelsLast', inputShape: shape, outputShape: right.outputShape,
        value: (_row, ci, co, tap) => kernel?.[(tap * c.cin + ci) * c.filters + co] ?? 0, bias, activation: c.activation,
      });
      expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describeConv(c)).toBe(false);
      layer.dispose();
    },
  );

  test.prop([convCaseArb.filter((c) => c.cin > 1 && c.multiplier > 1), fc.nat()], { numRuns: 20 })(
    'DepthwiseConv2D: output channels in multiplier-major order (m·C + c instead of c·M + m)',
    async (c, seed) => {
      const layer = tf.layers.depthwiseConv2d({ ...common(c), depthMultiplier: c.multiplier, dataFormat: 'channelsLast' });
      const shape = [c.h, c.w, c.cin];
      const run = await runLayer(layer, shape, seed);
      const right = await operatorOf(layer, shape);
      const channels = c.cin * c.multiplier;
      // Output channel m·C + ci holds what tfjs puts in channel ci·M + m.
      const wrong = permuteRows(right, (r) => {
        const co = r % channels;
        return r - co + (co % c.cin) * c.multiplier + Math.floor(co / c.cin);
      });
      expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describeConv(c)).toBe(false);
      layer.dispose();
    },
  );

  test.prop([convCaseArb, fc.nat()], { numRuns: 20 })('SeparableConv2D: the depthwise kernel flipped', async (c, seed) => {
    const layer = tf.layers.separableConv2d({ ...common(c), activation: 'linear', dataFormat: 'channelsLast', filters: c.filters, depthMultiplier: c.multiplier, dilationRate: c.dilation });
    const shape = [c.h, c.w, c.cin];
    const run = await runLayer(layer, shape, seed);
    const right = await operatorOf(layer, shape);
    // tfjs's SeparableConv2D leaves depthMultiplier out of its config: pass it again.
    const flipped = variant(layer, shape, { depthMultiplier: c.multiplier }, (name, data, kernelShape) => (name === 'depthwise_kernel' ? flipKernel(data, kernelShape) : data));
    const wrong = await operatorOf(flipped, shape);
    fc.pre(operatorDistance(right, wrong) > 1e-2);
    expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describeConv(c)).toBe(false);
    layer.dispose();
    flipped.dispose();
  });

  test.prop([convCaseArb, fc.nat()], { numRuns: 20 })('Conv2DTranspose: the kernel not flipped back (a forward convolution of the upsampled input)', async (c, seed) => {
    const layer = tf.layers.conv2dTranspose({ ...common(c), filters: c.filters });
    const run = await runLayer(layer, imageOf(c), seed);
    const right = await operatorOf(layer, imageOf(c));
    const flipped = variant(layer, imageOf(c), {}, (name, data, shape) => (name === 'kernel' ? flipKernel(data, shape) : data));
    const wrong = await operatorOf(flipped, imageOf(c));
    fc.pre(operatorDistance(right, wrong) > 1e-2);
    expect(checkOperator(wrong, [run.x], run.y, run.samples).ok, describeConv(c)).toBe(false);
    layer.dispose();
    flipped.dispose();
  });
});

describe('convolution layers layerproof does not take as affine', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu');
  });

  test('Conv2D with an activation layerproof does not evaluate is not supported, naming it', async () => {
    const layer = tf.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'logSoftmax' as 'linear' });
    await runLayer(layer, [2, 2, 1], 1);
    const analysis = await layerOperator(layer, [2, 2, 1]);
    expect(analysis).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/logSoftmax/) as unknown });
  });

  test('SeparableConv2D channels-first with a bias is not supported: tfjs adds the bias along the height axis', async () => {
    const layer = tf.layers.separableConv2d({ filters: 2, kernelSize: 1, dataFormat: 'channelsFirst' });
    // tfjs's own output has the wrong shape: [2, 2, 1] for a [1, 1, 1] input and 2 filters.
    expect((layer.apply(tf.zeros([1, 1, 1, 1])) as tf.Tensor).shape).toEqual([1, 2, 2, 1]);
    const analysis = await layerOperator(layer, [1, 3, 3]);
    expect(analysis).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/bias.*channelsFirst/) as unknown });
  });

  test('Conv1D channels-first is not supported, with the reason', async () => {
    const layer = tf.layers.conv1d({ filters: 2, kernelSize: 2, dataFormat: 'channelsFirst' });
    const analysis = await layerOperator(layer, [3, 6]);
    expect(analysis).toMatchObject({ status: 'not supported', reason: expect.stringMatching(/channelsFirst/) as unknown });
  });

  test('a kernel whose shape disagrees with the input is refused naming the layer, the weight and the shapes', async () => {
    const layer = tf.layers.conv2d({ filters: 2, kernelSize: 3, name: 'my_conv' });
    await runLayer(layer, [5, 5, 3], 1);
    await expect(layerOperator(layer, [5, 5, 4])).rejects.toThrow(/Conv2D layer 'my_conv'.*weights\.kernel\.shape.*\[3, 3, 4, 2\]/);
  });

  test('output() of a built layer gives the same data as its first run', async () => {
    const layer = tf.layers.conv2d({ filters: 2, kernelSize: 2 });
    const first = await runLayer(layer, [3, 3, 1], 5);
    const again = await output(layer, first.x, [3, 3, 1], first.samples);
    expect(Array.from(again.y)).toEqual(Array.from(first.y));
  });
});
