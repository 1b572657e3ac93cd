import { LayerproofError } from '../../core/LayerproofError.js';
import { positivePair } from '../../core/validate.js';
import type { LayerSpec, Pair } from '../LayerSpec.js';
import { SumPooling2D } from './SumPooling2D.js';
import { tf } from '../../tfjs/tf.js';

export interface ToTfjsOptions {
  /** `[height, width, channels]` for the first layer of a model. */
  readonly inputShape?: readonly number[];
}

/**
 * The TensorFlow.js layer of a spec. TensorFlow.js layers take padding `'valid'` or
 * `'same'` only, and refuse strides and dilations both above 1: such specs are refused
 * here with a message (their matrices are still built and checked at the op level).
 */
export function toTfjs(spec: LayerSpec, options: ToTfjsOptions = {}): tf.layers.Layer {
  const op = `toTfjs(${spec.kind})`;
  const base = {
    ...(spec.name !== undefined && { name: spec.name }),
    ...(options.inputShape !== undefined && { inputShape: [...options.inputShape] }),
  };
  const pair = (name: string, v: Pair | undefined, fallback: number): [number, number] => positivePair(op, name, v, fallback);
  const layerPadding = (p: unknown): 'valid' | 'same' => {
    if (p === undefined || p === 'valid' || p === 'same') return p ?? 'valid';
    throw LayerproofError.invalid({
      op, argument: 'spec.padding', value: p,
      expected: "'valid' or 'same' for a TensorFlow.js layer (explicit padding is supported by conv2dMatrix and tf.conv2d, not by tf.layers)",
    });
  };
  switch (spec.kind) {
    case 'conv2d':
    case 'depthwiseConv2d': {
      const strides = pair('spec.strides', spec.strides, 1);
      const dilations = pair('spec.dilations', spec.dilations, 1);
      if (Math.max(...strides) > 1 && Math.max(...dilations) > 1) {
        throw new LayerproofError(
          `Error in ${op}: TensorFlow.js does not support strides ${strides.join('×')} together with dilations ${dilations.join('×')}. ` +
            'Valid: strides of 1 or dilations of 1 (conv2dMatrix and conv2dDirect support both).',
          { op, argument: 'spec.strides', value: spec.strides },
        );
      }
      if (spec.kind === 'depthwiseConv2d' && Math.max(...dilations) > 1) {
        // tfjs-layers 4.22's DepthwiseConv2D calls the op with dilations null: it would run undilated.
        throw new LayerproofError(
          `Error in ${op}: TensorFlow.js's depthwiseConv2d layer ignores dilations (it would silently use 1×1, not ${dilations.join('×')}). ` +
            'Valid: dilations of 1 for a depthwise layer (depthwiseConv2dMatrix and tf.depthwiseConv2d support dilations).',
          { op, argument: 'spec.dilations', value: spec.dilations },
        );
      }
      const common = {
        ...base,
        kernelSize: pair('spec.kernel', spec.kernel, 1),
        strides,
        dilationRate: dilations,
        padding: layerPadding(spec.padding),
        activation: spec.activation ?? 'linear',
        useBias: spec.useBias ?? true,
      };
      return spec.kind === 'conv2d'
        ? tf.layers.conv2d({ ...common, filters: spec.filters })
        : tf.layers.depthwiseConv2d({ ...common, depthMultiplier: spec.depthMultiplier ?? 1 });
    }
    case 'avgPool':
    case 'maxPool': {
      const args = { ...base, poolSize: pair('spec.poolSize', spec.poolSize, 1), strides: pair('spec.strides', spec.strides ?? spec.poolSize, 1), padding: layerPadding(spec.padding) };
      return spec.kind === 'avgPool' ? tf.layers.averagePooling2d(args) : tf.layers.maxPooling2d(args);
    }
    case 'sumPool': {
      const layer = new SumPooling2D({
        poolSize: pair('spec.poolSize', spec.poolSize, 1),
        strides: pair('spec.strides', spec.strides ?? spec.poolSize, 1),
        padding: layerPadding(spec.padding),
        ...(spec.name !== undefined && { name: spec.name }),
      });
      if (options.inputShape !== undefined) {
        // Custom layers take the model input shape through batchInputShape.
        (layer as unknown as { batchInputShape: (number | null)[] }).batchInputShape = [null, ...options.inputShape];
      }
      return layer;
    }
    case 'relu':
      return tf.layers.reLU(base);
    case 'flatten':
      return tf.layers.flatten(base);
    case 'dense':
      return tf.layers.dense({ ...base, units: spec.units, activation: spec.activation ?? 'linear', useBias: spec.useBias ?? true });
    case 'batchNorm':
      return tf.layers.batchNormalization({ ...base, axis: -1, epsilon: spec.epsilon ?? 1e-3, momentum: spec.momentum ?? 0.99 });
    case 'dropout':
      return tf.layers.dropout({ ...base, rate: spec.rate });
  }
}
