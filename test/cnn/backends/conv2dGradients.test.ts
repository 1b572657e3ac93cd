import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import {
  compareArrays, conv2dFilterGradient, conv2dInputGradient, describeComparison, float32Accumulation, tf, useTfjsBackend,
  type FilterGradientStrategy,
} from '../../../src/index.js';
import { convCaseArb, describeCase, uniformData, type ConvCase } from '../../support/arbitraries.js';
import { imagesPerChunk } from '../../../src/cnn/backends/conv2dFilterGradient.js';
import { describeWith } from '../../support/withComponent.js';
import { cpuKernel, outputSize, tfjsPad, toeplitzFilterGradient, toeplitzInputGradient, valuesOf } from './reference.js';

interface Sample {
  readonly c: ConvCase;
  readonly batch: number;
  readonly out: [number, number, number];
  readonly x: Float32Array;
  readonly w: Float32Array;
  readonly dy: Float32Array;
}

function sample(c: ConvCase, batch: number, seed: number): Sample {
  const out = outputSize(c);
  return {
    c, batch, out,
    x: uniformData(batch * c.h * c.w * c.cin, seed),
    w: uniformData(c.kh * c.kw * c.cin * c.cout, seed + 1),
    dy: uniformData(batch * out[0] * out[1] * out[2], seed + 2),
  };
}

const options = (c: ConvCase) => ({ strides: c.strides, padding: c.padding, dilations: c.dilations });

function filterGradientOf(s: Sample, strategy: FilterGradientStrategy, dy: Float32Array = s.dy): Promise<Float32Array> {
  const { c, batch, out } = s;
  return valuesOf(() => conv2dFilterGradient(
    // 'matmul-batched' with one image per chunk, so every batch above 1 is split.
    tf.tensor4d(s.x, [batch, c.h, c.w, c.cin]), tf.tensor4d(dy, [batch, ...out]), [c.kh, c.kw, c.cin, c.cout], { ...options(c), strategy, chunkRows: 1 },
  ));
}

function inputGradientOf(s: Sample, dy: Float32Array = s.dy): Promise<Float32Array> {
  const { c, batch, out } = s;
  return valuesOf(() => conv2dInputGradient(
    tf.tensor4d(dy, [batch, ...out]), tf.tensor4d(s.w, [c.kh, c.kw, c.cin, c.cout]), [batch, c.h, c.w, c.cin], options(c),
  ));
}

/** Each filter-gradient entry adds batch·oh·ow products of numbers in [−1, 1]. */
const filterTolerance = (s: Sample) => float32Accumulation(s.batch * s.out[0] * s.out[1], s.batch * s.out[0] * s.out[1]);
/** Each input-gradient entry adds at most kh·kw·cout products of numbers in [−1, 1]. */
const inputTolerance = (s: Sample) => float32Accumulation(s.c.kh * s.c.kw * s.c.cout, s.c.kh * s.c.kw * s.c.cout);

/** dy shifted by one output column: a gradient read at the wrong positions. */
function shiftColumns(s: Sample): Float32Array {
  const [oh, ow, co] = s.out;
  const shifted = new Float32Array(s.dy.length);
  for (let i = 0; i < s.batch * oh; i++) {
    for (let j = 0; j < ow; j++) {
      for (let k = 0; k < co; k++) shifted[(i * ow + ((j + 1) % ow)) * co + k] = s.dy[(i * ow + j) * co + k] as number;
    }
  }
  return shifted;
}

const batchArb = fc.integer({ min: 1, max: 3 });
const tfjsGeometry = convCaseArb({ tfjsCompatible: true }).filter((c) => c.dilations[0] === 1 && c.dilations[1] === 1);

function gradientProperties(backend: 'cpu' | 'wasm' | 'webgpu', numRuns: number): void {
  beforeAll(async () => {
    await useTfjsBackend(backend);
  });

  for (const strategy of ['conv', 'matmul', 'matmul-batched'] as const) {
    test.prop([convCaseArb(), batchArb, fc.nat()], { numRuns })(
      `filter gradient (${strategy}) equals ∂(dyᵀT(W)x)/∂W from the Toeplitz matrix, any strides/padding/dilations`,
      async (c, batch, seed) => {
        const s = sample(c, batch, seed);
        const cmp = compareArrays(await filterGradientOf(s, strategy), toeplitzFilterGradient(c, batch, s.x, s.dy), filterTolerance(s));
        expect(cmp.ok, `${describeCase(c)} b=${batch}: ${describeComparison(cmp)}`).toBe(true);
      },
    );
  }

  test.prop([tfjsGeometry, batchArb, fc.nat()], { numRuns })(
    `the ${backend} Conv2DBackpropFilter kernel and conv2dFilterGradient equal the cpu backend's stock kernel`,
    async (c, batch, seed) => {
      const s = sample(c, batch, seed);
      const expected = cpuKernel('Conv2DBackpropFilter', { x: { values: s.x, shape: [batch, c.h, c.w, c.cin] }, dy: { values: s.dy, shape: [batch, ...s.out] } }, {
        strides: c.strides, pad: tfjsPad(c.padding), dataFormat: 'NHWC', filterShape: [c.kh, c.kw, c.cin, c.cout],
      });
      const viaKernel = await valuesOf(() => tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x: tf.tensor4d(s.x, [batch, c.h, c.w, c.cin]), dy: tf.tensor4d(s.dy, [batch, ...s.out]) }, {
        strides: c.strides, pad: tfjsPad(c.padding), dataFormat: 'NHWC', filterShape: [c.kh, c.kw, c.cin, c.cout],
      }));
      for (const actual of [viaKernel, await filterGradientOf(s, 'conv')]) {
        const cmp = compareArrays(actual, expected, filterTolerance(s));
        expect(cmp.ok, `${describeCase(c)} b=${batch}: ${describeComparison(cmp)}`).toBe(true);
      }
    },
  );

  test.prop([convCaseArb(), batchArb, fc.nat()], { numRuns })('input gradient equals Tᵀ·dy, any strides/padding/dilations', async (c, batch, seed) => {
    const s = sample(c, batch, seed);
    const cmp = compareArrays(await inputGradientOf(s), toeplitzInputGradient(c, batch, s.w, s.dy), inputTolerance(s));
    expect(cmp.ok, `${describeCase(c)} b=${batch}: ${describeComparison(cmp)}`).toBe(true);
  });

  test.prop([tfjsGeometry, batchArb, fc.nat()], { numRuns })(
    `the ${backend} Conv2DBackpropInput kernel equals the cpu backend's stock kernel`,
    async (c, batch, seed) => {
      const s = sample(c, batch, seed);
      const attrs = { strides: c.strides, pad: tfjsPad(c.padding), dataFormat: 'NHWC', inputShape: [batch, c.h, c.w, c.cin] };
      const expected = cpuKernel('Conv2DBackpropInput', { dy: { values: s.dy, shape: [batch, ...s.out] }, filter: { values: s.w, shape: [c.kh, c.kw, c.cin, c.cout] } }, attrs);
      const actual = await valuesOf(() => tf.engine().runKernel<tf.Tensor>('Conv2DBackpropInput', {
        dy: tf.tensor4d(s.dy, [batch, ...s.out]), filter: tf.tensor4d(s.w, [c.kh, c.kw, c.cin, c.cout]),
      }, attrs));
      const cmp = compareArrays(actual, expected, inputTolerance(s));
      expect(cmp.ok, `${describeCase(c)} b=${batch}: ${describeComparison(cmp)}`).toBe(true);
    },
  );

  test.prop([convCaseArb({ tfjsCompatible: true }), batchArb, fc.nat()], { numRuns })(
    'tf.grad of tf.conv2d (the registered Conv2D gradient) equals the Toeplitz gradients, dilations included',
    async (c, batch, seed) => {
      const s = sample(c, batch, seed);
      const f = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, c.strides, tfjsPad(c.padding), 'NHWC', c.dilations);
      const g = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor4D, w as tf.Tensor4D), tf.tensor4d(s.dy, [batch, ...s.out]))));
      const xs = [tf.tensor4d(s.x, [batch, c.h, c.w, c.cin]), tf.tensor4d(s.w, [c.kh, c.kw, c.cin, c.cout])];
      const [dx, dw] = await Promise.all(g(xs).map((t) => valuesOf(() => t)));
      for (const t of xs) t.dispose();
      if (dx === undefined || dw === undefined) throw new Error('tf.grads returned fewer gradients than inputs');
      const cw = compareArrays(dw, toeplitzFilterGradient(c, batch, s.x, s.dy), filterTolerance(s));
      expect(cw.ok, `dW ${describeCase(c)}: ${describeComparison(cw)}`).toBe(true);
      const cx = compareArrays(dx, toeplitzInputGradient(c, batch, s.w, s.dy), inputTolerance(s));
      expect(cx.ok, `dX ${describeCase(c)}: ${describeComparison(cx)}`).toBe(true);
    },
  );

  test("the gradients of tfjs-backend-wasm's 'same' counterexample (x=[1,2,1,1] k=1x2 s=2x1 p=same) equal the Toeplitz ones", async () => {
    const c: ConvCase = { h: 2, w: 1, cin: 1, cout: 1, kh: 1, kw: 2, strides: [2, 1], dilations: [1, 1], padding: 'same' };
    const s: Sample = { c, batch: 1, out: outputSize(c), x: Float32Array.from([1, 2]), w: Float32Array.from([10, 100]), dy: Float32Array.from([1]) };
    expect(Array.from(await filterGradientOf(s, 'conv'))).toEqual(Array.from(toeplitzFilterGradient(c, 1, s.x, s.dy)));
    expect(Array.from(await filterGradientOf(s, 'matmul'))).toEqual(Array.from(toeplitzFilterGradient(c, 1, s.x, s.dy)));
    expect(Array.from(await inputGradientOf(s))).toEqual(Array.from(toeplitzInputGradient(c, 1, s.w, s.dy)));
  });

  test.prop([convCaseArb().filter((c) => outputSize(c)[1] > 1), batchArb, fc.nat()], { numRuns })(
    'negative control: gradients read with dy shifted by one output column are caught',
    async (c, batch, seed) => {
      const s = sample(c, batch, seed);
      const wrong = shiftColumns(s);
      const expectedW = toeplitzFilterGradient(c, batch, s.x, s.dy);
      const expectedX = toeplitzInputGradient(c, batch, s.w, s.dy);
      // Only cases where the shift changes the exact gradient clearly (not just within rounding).
      fc.pre(!compareArrays(toeplitzFilterGradient(c, batch, s.x, wrong), expectedW, filterTolerance(s)).ok);
      fc.pre(!compareArrays(toeplitzInputGradient(c, batch, s.w, wrong), expectedX, inputTolerance(s)).ok);
      expect(compareArrays(await filterGradientOf(s, 'conv', wrong), expectedW, filterTolerance(s)).ok, describeCase(c)).toBe(false);
      expect(compareArrays(await filterGradientOf(s, 'matmul', wrong), expectedW, filterTolerance(s)).ok, describeCase(c)).toBe(false);
      expect(compareArrays(await filterGradientOf(s, 'matmul-batched', wrong), expectedW, filterTolerance(s)).ok, describeCase(c)).toBe(false);
      expect(compareArrays(await inputGradientOf(s, wrong), expectedX, inputTolerance(s)).ok, describeCase(c)).toBe(false);
    },
  );
}

describe.each(['cpu', 'wasm'] as const)('conv2d gradients on the %s backend', (backend) => {
  gradientProperties(backend, 25);
});

describeWith('vulkan', 'conv2d gradients on the webgpu backend (Dawn)', () => {
  gradientProperties('webgpu', 10);
});

describe("imagesPerChunk ('matmul-batched')", () => {
  test('the largest divisor of the batch whose rows fit the chunk, at least one image', () => {
    expect(imagesPerChunk(2048, 784)).toBe(4); // LeNet's first convolution at batch 2048: 3,136 rows per chunk
    expect(imagesPerChunk(2048, 100)).toBe(32); // its second: 3,200 rows
    expect(imagesPerChunk(7, 1000)).toBe(1); // 4 images would fit, but 7 is prime
    expect(imagesPerChunk(3, 5000)).toBe(1); // one image is already over the target: still one
    expect(imagesPerChunk(6, 10, 1)).toBe(1);
  });
});
