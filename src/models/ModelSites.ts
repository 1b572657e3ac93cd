import type { tf } from '../tfjs/tf.js';
import type { LayerAnalysis } from './layers/LayerOperatorBuilder.js';

/** A tensor's values for every sample, sample-major, with its shape including the batch. */
export interface TensorValues {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * One place in a model where an operator acts: a call of a layer (layers models) or one node
 * (graph models). Its inputs and output are named tensors of the model, so the activations that
 * really reach it can be fetched by running the model once.
 */
export interface OperatorSite {
  /** Layer name (with `#k` for the k-th call of a shared layer) or node name. */
  readonly name: string;
  /** Layer class (`Conv2D`) or op (`_FusedConv2D`). */
  readonly kind: string;
  /** The model tensors that are this site's non-constant inputs, in the operator's column order. */
  readonly inputs: readonly string[];
  /** The model tensor this site computes. */
  readonly output: string;
  /**
   * What this site is at inference, for inputs and output of these shapes (without the batch),
   * as observed when the model ran: an affine operator, `not linear`, or `not supported`.
   */
  analyse(inputShapes: readonly (readonly number[])[], outputShape: readonly number[]): Promise<LayerAnalysis>;
  /** A model used as a layer (a Keras base model inside a Sequential, say): its own sites, verified on the values that reach it. */
  readonly nested?: ModelSites;
}

/** A model seen as a list of operator sites in execution order, plus a way to run it. */
export interface ModelSites {
  readonly format: 'layers-model' | 'graph-model';
  /** The model's inputs: names and declared shapes without the batch (null where the model leaves a size open). */
  readonly inputs: readonly { readonly name: string; readonly shape: readonly (number | null)[] }[];
  readonly sites: readonly OperatorSite[];
  /** Runs the model on `inputs` (one batch tensor per model input) and returns the values of the named tensors. */
  run(inputs: readonly tf.Tensor[], names: readonly string[]): Promise<Map<string, TensorValues>>;
}
