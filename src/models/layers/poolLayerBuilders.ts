import { convGeometry, type ConvGeometry } from '../../linear/convGeometry.js';
import { ConvConfig, imageShape } from './convConfig.js';
import { affine, notLinear, type LayerAnalysis, type LayerContext, type LayerOperatorRegistry } from './LayerOperatorBuilder.js';
import { windowOperator } from './windowOperator.js';

const SAME_RULE = "padding 'same' follows TensorFlow: each output averages only the window cells inside the input (padded cells are not counted), so border windows weigh 1/count > 1/(kh·kw).";

/** 'causal' is accepted by tfjs pooling layers and computed as 'valid'. */
function poolPadding(c: ConvConfig): { padding: 'valid' | 'same'; note?: string } {
  const padding = c.choice('padding', ['valid', 'same', 'causal']);
  if (padding === 'causal') return { padding: 'valid', note: "padding 'causal' is computed as 'valid' by TensorFlow.js 4.22's pooling layers, and so here." };
  return { padding };
}

/** Average or sum pooling of an image: output channel c reads input channel c, entries 1/count or 1. */
function pool2d(context: LayerContext, average: boolean): LayerAnalysis {
  const c = new ConvConfig(context);
  // SumPooling2D (layerproof's own layer) has no dataFormat.
  const layout = average ? c.dataFormat() : 'channelsLast';
  const [h, w, channels] = c.image(layout);
  const poolSize = c.tuple('poolSize', 2, 2) as [number, number];
  const { padding, note } = poolPadding(c);
  const g = convGeometry({ op: c.op, inputShape: [h, w, channels], kernelSize: poolSize, windowName: 'window', strides: c.tuple('strides', 2, poolSize) as [number, number], padding });
  const outputShape = imageShape(layout, g.outHeight, g.outWidth, channels);
  c.expectOutput(outputShape);
  const notes = [average && padding === 'same' ? SAME_RULE : undefined, note].filter((n) => n !== undefined);
  return affine(windowOperator({
    kind: context.className, geometry: g, cout: channels, mode: 'diagonal', layout, inputShape: context.inputShapes[0] ?? [], outputShape,
    value: average ? (_row, _ci, _co, _tap, count) => 1 / count : () => 1,
    activation: 'linear',
    ...(notes.length > 0 && { note: notes.join(' ') }),
  }));
}

/** AveragePooling1D: tfjs pools [steps, channels] as an image of width 1 ([steps, 1, channels]), here [1, steps, channels]: the same vector. */
function averagePooling1d(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const [steps, channels] = c.input(2, '[steps, channels]') as [number, number];
  const [k] = c.tuple('poolSize', 1, 2) as [number];
  const [s] = c.tuple('strides', 1, k) as [number];
  const { padding, note } = poolPadding(c);
  const g = convGeometry({ op: c.op, inputShape: [1, steps, channels], kernelSize: [1, k], windowName: 'window', strides: [1, s], padding });
  const outputShape = [g.outWidth, channels];
  c.expectOutput(outputShape);
  const notes = [padding === 'same' ? SAME_RULE : undefined, note].filter((n) => n !== undefined);
  return affine(windowOperator({
    kind: context.className, geometry: g, cout: channels, mode: 'diagonal', layout: 'channelsLast', inputShape: [steps, channels], outputShape,
    value: (_row, _ci, _co, _tap, count) => 1 / count, activation: 'linear',
    ...(notes.length > 0 && { note: notes.join(' ') }),
  }));
}

/** The mean over all positions of each channel: one window covering the whole input. */
function globalMean(context: LayerContext, c: ConvConfig, g: ConvGeometry, layout: 'channelsLast' | 'channelsFirst'): LayerAnalysis {
  const outputShape = [g.inChannels];
  c.expectOutput(outputShape);
  return affine(windowOperator({
    kind: context.className, geometry: g, cout: g.inChannels, mode: 'diagonal', layout, inputShape: context.inputShapes[0] ?? [], outputShape,
    value: (_row, _ci, _co, _tap, count) => 1 / count, activation: 'linear',
  }));
}

function globalAveragePooling1d(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const [steps, channels] = c.input(2, '[steps, channels]') as [number, number];
  return globalMean(context, c, convGeometry({ op: c.op, inputShape: [1, steps, channels], kernelSize: [1, steps] }), 'channelsLast');
}

function globalAveragePooling2d(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const layout = c.dataFormat();
  const [h, w, channels] = c.image(layout);
  return globalMean(context, c, convGeometry({ op: c.op, inputShape: [h, w, channels], kernelSize: [h, w] }), layout);
}

const MAX_REASON = 'max pooling is not linear: max(x + y) ≠ max(x) + max(y) in general (a window [1, 0] plus a window [0, 1] gives max 1, not 2)';

/** Pooling layers by class name. */
export const POOL_LAYER_BUILDERS: LayerOperatorRegistry = {
  AveragePooling1D: averagePooling1d,
  AveragePooling2D: (context) => pool2d(context, true),
  SumPooling2D: (context) => pool2d(context, false),
  GlobalAveragePooling1D: globalAveragePooling1d,
  GlobalAveragePooling2D: globalAveragePooling2d,
  MaxPooling1D: () => notLinear(MAX_REASON),
  MaxPooling2D: () => notLinear(MAX_REASON),
  GlobalMaxPooling1D: () => notLinear(MAX_REASON),
  GlobalMaxPooling2D: () => notLinear(MAX_REASON),
};
