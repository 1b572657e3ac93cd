import type { Padding } from '../linear/convGeometry.js';

/**
 * Layers as data. One description serves both faces of a layer: `toTfjs(spec)` makes the
 * TensorFlow.js layer, `toOperator(spec, weights, inputShape)` its explicit matrix.
 * Optional fields default as in TensorFlow.js.
 */
export type Pair = number | readonly [number, number];

export interface Conv2dSpec {
  readonly kind: 'conv2d';
  readonly filters: number;
  /** Kernel size `k` or `[kh, kw]`. */
  readonly kernel: Pair;
  /** Default 1. */
  readonly strides?: Pair;
  /** Default `'valid'`. */
  readonly padding?: Padding;
  /** Default 1. */
  readonly dilations?: Pair;
  /** Default `'linear'` (none). `'relu'` makes the layer ReLU(T·x + b). */
  readonly activation?: 'linear' | 'relu';
  /** Default true. */
  readonly useBias?: boolean;
  readonly name?: string;
}

export interface DepthwiseConv2dSpec {
  readonly kind: 'depthwiseConv2d';
  readonly kernel: Pair;
  /** Output channels per input channel. Default 1. */
  readonly depthMultiplier?: number;
  readonly strides?: Pair;
  readonly padding?: Padding;
  readonly dilations?: Pair;
  readonly activation?: 'linear' | 'relu';
  readonly useBias?: boolean;
  readonly name?: string;
}

export interface PoolSpec {
  readonly kind: 'avgPool' | 'sumPool' | 'maxPool';
  readonly poolSize: Pair;
  /** Default: the pool size. */
  readonly strides?: Pair;
  /** Default `'valid'`. */
  readonly padding?: 'valid' | 'same';
  readonly name?: string;
}

export interface ReluSpec {
  readonly kind: 'relu';
  readonly name?: string;
}

export interface FlattenSpec {
  readonly kind: 'flatten';
  readonly name?: string;
}

export interface DenseSpec {
  readonly kind: 'dense';
  readonly units: number;
  /** Default `'linear'`. `'softmax'` is for a classifier's last layer. */
  readonly activation?: 'linear' | 'relu' | 'softmax';
  readonly useBias?: boolean;
  readonly name?: string;
}

/** Batch normalisation over channels; at inference it is a per-channel affine map. */
export interface BatchNormSpec {
  readonly kind: 'batchNorm';
  /** Default 1e-3, as in TensorFlow.js. */
  readonly epsilon?: number;
  /** Default 0.99, as in TensorFlow.js. */
  readonly momentum?: number;
  readonly name?: string;
}

/** Dropout; the identity at inference. */
export interface DropoutSpec {
  readonly kind: 'dropout';
  readonly rate: number;
  readonly name?: string;
}

export type LayerSpec =
  | Conv2dSpec
  | DepthwiseConv2dSpec
  | PoolSpec
  | ReluSpec
  | FlattenSpec
  | DenseSpec
  | BatchNormSpec
  | DropoutSpec;

export type LayerKind = LayerSpec['kind'];

export const LAYER_KINDS: readonly LayerKind[] = [
  'conv2d', 'depthwiseConv2d', 'avgPool', 'sumPool', 'maxPool', 'relu', 'flatten', 'dense', 'batchNorm', 'dropout',
];

/** A model: an input shape `[height, width, channels]` and a list of layers. */
export interface ModelSpec {
  readonly inputShape: readonly [number, number, number];
  readonly layers: readonly LayerSpec[];
}

/** Layers whose action is an affine map T·x + b (possibly followed by an activation). */
export function isAffine(spec: LayerSpec): boolean {
  return spec.kind !== 'relu' && spec.kind !== 'maxPool';
}
