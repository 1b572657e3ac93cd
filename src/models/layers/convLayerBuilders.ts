import { convGeometry, type Padding } from '../../linear/convGeometry.js';
import { ConvConfig, imageShape } from './convConfig.js';
import { affine, type LayerAnalysis, type LayerContext, type LayerOperatorRegistry } from './LayerOperatorBuilder.js';
import { transposedWindowOperator, windowOperator } from './windowOperator.js';

const notSupported = (reason: string): LayerAnalysis => ({ status: 'not supported', reason });

/** Conv2D: the doubly-block-Toeplitz matrix of the HWIO kernel, bias per filter, fused activation. */
function conv2d(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const activation = c.activation();
  if (activation === undefined) return notSupported(c.activationReason());
  const padding = c.choice('padding', ['valid', 'same', 'causal']);
  if (padding === 'causal') return notSupported(`${c.op}: padding 'causal' (TensorFlow.js 4.22 implements it for no 2-D convolution)`);
  const layout = c.dataFormat();
  const [h, w, cin] = c.image(layout);
  const [kh, kw] = c.tuple('kernelSize', 2) as [number, number];
  const filters = c.positiveInteger('filters');
  const kernel = c.weight('kernel', [kh, kw, cin, filters]);
  const g = convGeometry({ op: c.op, inputShape: [h, w, cin], kernelSize: [kh, kw], strides: c.tuple('strides', 2, 1) as [number, number], dilations: c.tuple('dilationRate', 2, 1) as [number, number], padding });
  const outputShape = imageShape(layout, g.outHeight, g.outWidth, filters);
  c.expectOutput(outputShape);
  return affine(windowOperator({
    kind: context.className, geometry: g, cout: filters, mode: 'full', layout, inputShape: context.inputShapes[0] ?? [], outputShape,
    value: { kernel },
    bias: c.bias(filters), activation,
  }));
}

/**
 * Conv1D: a Conv2D of height 1 ([steps, channels] is vectorised as [1, steps, channels]).
 * 'causal' pads dilation·(k − 1) zeros on the left only (Keras's rule).
 */
function conv1d(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const activation = c.activation();
  if (activation === undefined) return notSupported(c.activationReason());
  if (c.dataFormat() === 'channelsFirst') {
    return notSupported(`${c.op}: dataFormat 'channelsFirst' (TensorFlow.js 4.22 returns the output of a channels-first Conv1D channels-last, against its own output shape)`);
  }
  const [steps, cin] = c.input(2, '[steps, channels]') as [number, number];
  const [k] = c.tuple('kernelSize', 1) as [number];
  const [stride] = c.tuple('strides', 1, 1) as [number];
  const [dilation] = c.tuple('dilationRate', 1, 1) as [number];
  const mode = c.choice('padding', ['valid', 'same', 'causal']);
  const filters = c.positiveInteger('filters');
  const kernel = c.weight('kernel', [k, cin, filters]);
  const padding: Padding = mode === 'causal' ? [[0, 0], [dilation * (k - 1), 0]] : mode;
  const g = convGeometry({ op: c.op, inputShape: [1, steps, cin], kernelSize: [1, k], strides: [1, stride], dilations: [1, dilation], padding });
  const outputShape = [g.outWidth, filters];
  // TensorFlow.js 4.22 sizes a causal Conv1D as 'valid' and refuses to run it: the operator follows Keras.
  if (mode !== 'causal') c.expectOutput(outputShape);
  return affine(windowOperator({
    kind: context.className, geometry: g, cout: filters, mode: 'full', layout: 'channelsLast', inputShape: [steps, cin], outputShape,
    value: { kernel },
    bias: c.bias(filters), activation,
    ...(mode === 'causal' && {
      note: `causal padding: ${dilation * (k - 1)} zeros before the sequence and none after (Keras's rule, output length ⌈steps / stride⌉). ` +
        "TensorFlow.js 4.22 cannot run it (conv1dWithBias throws NotImplementedError) and its computeOutputShape gives the 'valid' length.",
    }),
  }));
}

/** DepthwiseConv2D: output channel ci·M + m reads input channel ci only, with depth multiplier M. */
function depthwiseConv2d(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const activation = c.activation();
  if (activation === undefined) return notSupported(c.activationReason());
  const padding = c.choice('padding', ['valid', 'same', 'causal']);
  if (padding === 'causal') return notSupported(`${c.op}: padding 'causal' (TensorFlow.js 4.22 implements it for no 2-D convolution)`);
  const layout = c.dataFormat();
  const [h, w, cin] = c.image(layout);
  const [kh, kw] = c.tuple('kernelSize', 2) as [number, number];
  const m = c.positiveInteger('depthMultiplier', 1);
  const dilation = c.tuple('dilationRate', 2, 1);
  const kernel = c.weight('depthwise_kernel', [kh, kw, cin, m]);
  // tfjs-layers 4.22 passes no dilation to tf.depthwiseConv2d (a TODO in its source): T follows what it computes.
  const g = convGeometry({ op: c.op, inputShape: [h, w, cin], kernelSize: [kh, kw], strides: c.tuple('strides', 2, 1) as [number, number], padding });
  const outputShape = imageShape(layout, g.outHeight, g.outWidth, cin * m);
  c.expectOutput(outputShape);
  const dilated = dilation.some((d) => d > 1);
  return affine(windowOperator({
    kind: context.className, geometry: g, cout: cin * m, mode: 'diagonal', layout, inputShape: context.inputShapes[0] ?? [], outputShape,
    value: { kernel },
    bias: c.bias(cin * m), activation,
    ...(dilated && { note: `dilationRate [${dilation.join(', ')}] is ignored, as TensorFlow.js 4.22's DepthwiseConv2D ignores it (Keras would dilate the kernel).` }),
  }));
}

/**
 * SeparableConv2D: the pointwise 1×1 convolution P after the depthwise one D, built as the one
 * product P·D, a full convolution with kernel K[kh, kw, ci, f] = Σ_m D[kh, kw, ci, m]·P[ci·M + m, f].
 */
function separableConv2d(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const activation = c.activation();
  if (activation === undefined) return notSupported(c.activationReason());
  const padding = c.choice('padding', ['valid', 'same']);
  const layout = c.dataFormat();
  if (layout === 'channelsFirst' && activation === 'softmax') {
    return notSupported(`${c.op}: softmax with dataFormat 'channelsFirst' (tfjs applies it along the channels before transposing back, which is not the last axis of the output)`);
  }
  if (layout === 'channelsFirst' && c.flag('useBias', true)) {
    return notSupported(`${c.op}: a bias with dataFormat 'channelsFirst' (TensorFlow.js 4.22 adds it channels-first to its channels-last result, along the height axis)`);
  }
  const [h, w, cin] = c.image(layout);
  const [kh, kw] = c.tuple('kernelSize', 2) as [number, number];
  const m = c.positiveInteger('depthMultiplier', 1);
  const filters = c.positiveInteger('filters');
  const depthwise = c.weight('depthwise_kernel', [kh, kw, cin, m]);
  const pointwise = c.weight('pointwise_kernel', [1, 1, cin * m, filters]);
  const g = convGeometry({ op: c.op, inputShape: [h, w, cin], kernelSize: [kh, kw], strides: c.tuple('strides', 2, 1) as [number, number], dilations: c.tuple('dilationRate', 2, 1) as [number, number], padding });
  const outputShape = imageShape(layout, g.outHeight, g.outWidth, filters);
  c.expectOutput(outputShape);
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
  return affine(windowOperator({
    kind: context.className, geometry: g, cout: filters, mode: 'full', layout, inputShape: context.inputShapes[0] ?? [], outputShape,
    value: { kernel },
    bias: c.bias(filters), activation,
    note: `T = P·D, the pointwise (1×1, ${cin * m}→${filters}) matrix times the depthwise (multiplier ${m}) one, built as one convolution whose kernel is their product in float64.`,
  }));
}

/**
 * Conv2DTranspose: T = Cᵀ, where C is the convolution with the same kernel, strides and padding
 * from the layer's output shape to its input shape (tf.conv2dTranspose is the gradient of
 * tf.conv2d with respect to its input). Output size: 'same' in·s, 'valid' in·s + max(k − s, 0).
 */
function conv2dTranspose(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const activation = c.activation();
  if (activation === undefined) return notSupported(c.activationReason());
  const padding = c.choice('padding', ['valid', 'same']);
  const layout = c.dataFormat();
  const [h, w, cin] = c.image(layout);
  const [kh, kw] = c.tuple('kernelSize', 2) as [number, number];
  const [sh, sw] = c.tuple('strides', 2, 1) as [number, number];
  const filters = c.positiveInteger('filters');
  const kernel = c.weight('kernel', [kh, kw, filters, cin]);
  const deconv = (size: number, s: number, k: number): number => (padding === 'same' ? size * s : size * s + Math.max(k - s, 0));
  const [oh, ow] = [deconv(h, sh, kh), deconv(w, sw, kw)];
  const outputShape = imageShape(layout, oh, ow, filters);
  c.expectOutput(outputShape);
  // C maps [oh, ow, filters] to [h, w, cin]; its kernel is the layer's, read as HWIO with I = filters, O = cin.
  const g = convGeometry({ op: c.op, inputShape: [oh, ow, filters], kernelSize: [kh, kw], strides: [sh, sw], padding });
  return affine(transposedWindowOperator({
    kind: context.className, geometry: g, cout: cin, mode: 'full', layout, inputShape: context.inputShapes[0] ?? [], outputShape,
    value: (f, ci, tap) => kernel[(tap * filters + f) * cin + ci] as number,
    bias: c.bias(filters), activation,
    note: `T = Cᵀ, the adjoint of the ${kh}×${kw} convolution C with strides [${sh}, ${sw}] and padding '${padding}' that maps [${oh}, ${ow}, ${filters}] to [${h}, ${w}, ${cin}] (tf.conv2dTranspose is the gradient of tf.conv2d with respect to its input).`,
  }));
}

/** Convolution layers by class name. */
export const CONV_LAYER_BUILDERS: LayerOperatorRegistry = {
  Conv1D: conv1d,
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  Conv2DTranspose: conv2dTranspose,
};
