import { convGeometry, type ConvGeometry, type Padding } from '../linear/convGeometry.js';
import { ConvConfig } from '../models/layers/convConfig.js';
import type { LayerContext } from '../models/layers/LayerOperatorBuilder.js';
import { layerOperator, readLayerWeights } from '../models/layers/layerOperator.js';
import type { tf } from '../tfjs/tf.js';
import { convNormBounds } from './convNormBounds.js';
import type { NormBound, NormBoundOptions } from './NormBound.js';
import { operatorNormBounds } from './operatorNormBounds.js';

/** A convolution layer read as kernel + geometry, the form `convNormBounds` takes. */
interface ConvForm {
  readonly kernel: { shape: number[]; data: Float64Array | Float32Array };
  readonly geometry: ConvGeometry;
  readonly depthwise: boolean;
  readonly note?: string;
}

/**
 * A certified interval for the operator norm of one TensorFlow.js layer's linear part at the given
 * input shape (without the batch), or undefined when the layer is not affine (`layerOperator` says
 * why). Convolutions (Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose) go through
 * their kernel and geometry (`convNormBounds`: circular restriction, Lanczos, Cholesky
 * certificate); every other affine layer (Dense, BatchNormalization, pooling, padding, reshapes,
 * merges) through its explicit operator (`operatorNormBounds`).
 */
export async function layerNormBounds(layer: tf.layers.Layer, inputShape: readonly number[], options: NormBoundOptions = {}): Promise<NormBound | undefined> {
  const analysis = await layerOperator(layer, inputShape);
  if (analysis.status !== 'affine') return undefined;
  const operator = analysis.operator;
  const className = layer.getClassName();
  if (CONV_CLASSES.has(className)) {
    const weights = await readLayerWeights(layer);
    const context: LayerContext = {
      layer, className, config: layer.getConfig(), inputShapes: operator.inputShapes, outputShape: operator.outputShape, weights,
      weight: (name) => weights.find((w) => w.name === name),
    };
    const form = convForm(context);
    if (form !== undefined) {
      const bound = convNormBounds(form.kernel, form.geometry, { ...options, depthwise: form.depthwise });
      return form.note === undefined ? bound : { ...bound, rests: `${bound.rests} ${form.note}` };
    }
  }
  return operatorNormBounds(operator, options);
}

const CONV_CLASSES = new Set(['Conv1D', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose']);

/** Kernel and geometry of a convolution layer, read as `src/models/layers` builds its operator. */
function convForm(context: LayerContext): ConvForm | undefined {
  const c = new ConvConfig(context);
  const className = context.className;
  if (className === 'Conv1D') {
    const [steps, cin] = c.input(2, '[steps, channels]') as [number, number];
    const [k] = c.tuple('kernelSize', 1) as [number];
    const [stride] = c.tuple('strides', 1, 1) as [number];
    const [dilation] = c.tuple('dilationRate', 1, 1) as [number];
    const mode = c.choice('padding', ['valid', 'same', 'causal']);
    const filters = c.positiveInteger('filters');
    const kernel = c.weight('kernel', [k, cin, filters]);
    const padding: Padding = mode === 'causal' ? [[0, 0], [dilation * (k - 1), 0]] : mode;
    const geometry = convGeometry({ op: c.op, inputShape: [1, steps, cin], kernelSize: [1, k], strides: [1, stride], dilations: [1, dilation], padding });
    return { kernel: { shape: [1, k, cin, filters], data: kernel }, geometry, depthwise: false };
  }
  const layout = c.dataFormat();
  const [h, w, cin] = c.image(layout);
  const [kh, kw] = c.tuple('kernelSize', 2) as [number, number];
  const strides = c.tuple('strides', 2, 1) as [number, number];
  const padding = c.choice('padding', ['valid', 'same', 'causal']);
  if (padding === 'causal') return undefined;
  if (className === 'Conv2D') {
    const filters = c.positiveInteger('filters');
    const geometry = convGeometry({ op: c.op, inputShape: [h, w, cin], kernelSize: [kh, kw], strides, dilations: c.tuple('dilationRate', 2, 1) as [number, number], padding });
    return { kernel: { shape: [kh, kw, cin, filters], data: c.weight('kernel', [kh, kw, cin, filters]) }, geometry, depthwise: false };
  }
  if (className === 'DepthwiseConv2D') {
    const m = c.positiveInteger('depthMultiplier', 1);
    // tfjs-layers 4.22 passes no dilation to tf.depthwiseConv2d: the norm is of what it computes.
    const geometry = convGeometry({ op: c.op, inputShape: [h, w, cin], kernelSize: [kh, kw], strides, padding });
    return { kernel: { shape: [kh, kw, cin, m], data: c.weight('depthwise_kernel', [kh, kw, cin, m]) }, geometry, depthwise: true };
  }
  if (className === 'SeparableConv2D') {
    const m = c.positiveInteger('depthMultiplier', 1);
    const filters = c.positiveInteger('filters');
    const depthwise = c.weight('depthwise_kernel', [kh, kw, cin, m]);
    const pointwise = c.weight('pointwise_kernel', [1, 1, cin * m, filters]);
    const kernel = new Float64Array(kh * kw * cin * filters);
    for (let tap = 0; tap < kh * kw; tap++) {
      for (let ci = 0; ci < cin; ci++) {
        for (let f = 0; f < filters; f++) {
          let sum = 0;
          for (let j = 0; j < m; j++) sum += (depthwise[(tap * cin + ci) * m + j] as number) * (pointwise[(ci * m + j) * filters + f] as number);
          kernel[(tap * cin + ci) * filters + f] = sum;
        }
      }
    }
    const geometry = convGeometry({ op: c.op, inputShape: [h, w, cin], kernelSize: [kh, kw], strides, dilations: c.tuple('dilationRate', 2, 1) as [number, number], padding });
    return { kernel: { shape: [kh, kw, cin, filters], data: kernel }, geometry, depthwise: false, note: 'T = P·D, the pointwise times the depthwise convolution, bounded as one convolution with their product kernel.' };
  }
  if (className === 'Conv2DTranspose') {
    // T = Cᵀ for the convolution C from the layer's output to its input: ‖T‖ = ‖C‖.
    const filters = c.positiveInteger('filters');
    const out = context.outputShape;
    const [oh, ow] = layout === 'channelsFirst' ? [out[1] ?? 0, out[2] ?? 0] : [out[0] ?? 0, out[1] ?? 0];
    const geometry = convGeometry({ op: c.op, inputShape: [oh, ow, filters], kernelSize: [kh, kw], strides, padding });
    return { kernel: { shape: [kh, kw, filters, cin], data: c.weight('kernel', [kh, kw, filters, cin]) }, geometry, depthwise: false, note: 'A transposed convolution is Cᵀ for the convolution C it is the gradient of; ‖Cᵀ‖ = ‖C‖.' };
  }
  return undefined;
}
