import type { tf } from '../../tfjs/tf.js';
import type { AffineOperator } from '../AffineOperator.js';

/** One weight of a layer, read from the backend, by its short name (`kernel`, `bias`, `gamma`, `moving_mean`, `depthwise_kernel`, …). */
export interface LayerWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Everything a builder needs about one call of a layer: its config, weights and the shapes it really sees. */
export interface LayerContext {
  readonly layer: tf.layers.Layer;
  /** `layer.getClassName()`, e.g. `Conv2D`. */
  readonly className: string;
  /** `layer.getConfig()`: tfjs's camelCase config (Keras snake_case is converted by tfjs when loading). */
  readonly config: Readonly<Record<string, unknown>>;
  /** One shape per input of this call, without the batch dimension, every entry known. */
  readonly inputShapes: readonly (readonly number[])[];
  /** The output shape of this call, without the batch dimension. */
  readonly outputShape: readonly number[];
  /** `layer.weights` in order, read asynchronously beforehand. */
  readonly weights: readonly LayerWeight[];
  /** The weight called `name` (`kernel`, `bias`, …), or undefined. */
  weight(name: string): LayerWeight | undefined;
}

/** What a layer is at inference: an affine operator, or why it has none. */
export type LayerAnalysis =
  | { readonly status: 'affine'; readonly operator: AffineOperator }
  | { readonly status: 'not linear'; readonly reason: string }
  | { readonly status: 'not supported'; readonly reason: string };

/**
 * Builds the analysis of one layer class. Throws a LayerproofError naming the layer when its
 * config or weights are inconsistent (a kernel whose shape disagrees with the input, say).
 */
export type LayerOperatorBuilder = (context: LayerContext) => LayerAnalysis;

/** Builders by `getClassName()`. */
export type LayerOperatorRegistry = Readonly<Record<string, LayerOperatorBuilder>>;

/** Shorthands for builders. */
export const affine = (operator: AffineOperator): LayerAnalysis => ({ status: 'affine', operator });
export const notLinear = (reason: string): LayerAnalysis => ({ status: 'not linear', reason });
