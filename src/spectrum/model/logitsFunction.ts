import { LayerproofError } from '../../core/LayerproofError.js';
import { layerOperator } from '../../models/layers/layerOperator.js';
import { tf } from '../../tfjs/tf.js';
import type { LipschitzModel, LogitsLocation } from './modelLipschitz.js';

/** Logits of a batch: `[n, ...inputShape]` → `[n, classes]`, built from TensorFlow.js ops so that tf.grad can differentiate it. */
export type LogitsFunction = (x: tf.Tensor) => tf.Tensor2D;

/** A model's logits function and the tensors it holds (a fused final layer's T and b). */
export interface ModelLogits {
  readonly apply: LogitsFunction;
  dispose(): void;
}

const holding = (apply: LogitsFunction, tensors: readonly tf.Tensor[] = []): ModelLogits => ({ apply, dispose: () => { tf.dispose([...tensors]); } });

/** The dense T of a fused final layer is built only up to this many entries (256 MiB of float32). */
const MAX_DENSE_ENTRIES = 2 ** 26;

const flat = (t: tf.Tensor): tf.Tensor2D => t.reshape([t.shape[0] ?? 1, -1]);

function callOf(model: tf.LayersModel, site: string): { layer: tf.layers.Layer; node: number } {
  const match = /^(.*)#(\d+)$/.exec(site);
  const layer = model.getLayer(match?.[1] ?? site);
  return { layer, node: match === null ? 0 : Number(match[2]) };
}

/** A function of the model's input to one symbolic tensor of it (differentiable: `apply`, not `predict`). */
function symbolicFunction(model: tf.LayersModel, output: tf.SymbolicTensor): (x: tf.Tensor) => tf.Tensor {
  const probe = tf.model({ inputs: model.inputs, outputs: output });
  return (x) => probe.apply(x) as tf.Tensor;
}

/**
 * The logits of a model as `modelLipschitz` located them, as a TensorFlow.js function of the
 * input: a layers model's output, or the input of its final softmax layer, or for a final
 * layer with a fused softmax its T·h + b, with h what reaches that layer and T, b its explicit
 * operator (verify-model's); a graph model's tensor of that name, through `execute`.
 */
export async function logitsFunction(model: LipschitzModel, logits: LogitsLocation, inputShape: readonly number[]): Promise<ModelLogits> {
  const op = 'logitsFunction';
  if (!(model instanceof tf.LayersModel)) {
    if (logits.stripped === 'fused softmax') {
      throw LayerproofError.invalid({ op, argument: 'logits', value: logits.site, expected: 'a graph tensor: a softmax fused into a graph op has no logits tensor to read' });
    }
    const graph = model.model;
    return holding((x) => tf.tidy(() => flat(graph.execute(x, logits.tensor) as tf.Tensor)));
  }
  if (logits.stripped === undefined) return holding((x) => tf.tidy(() => flat(model.apply(x) as tf.Tensor)));
  const { layer, node } = callOf(model, logits.site);
  const input = layer.getInputAt(node);
  if (Array.isArray(input)) {
    throw LayerproofError.invalid({ op, argument: 'logits.site', value: logits.site, expected: 'a final layer of one input' });
  }
  const before = symbolicFunction(model, input);
  if (logits.stripped === 'softmax layer') return holding((x) => tf.tidy(() => flat(before(x))));

  const probe = tf.zeros([1, ...inputShape]);
  const h = tf.tidy(() => before(probe));
  const hShape = h.shape.slice(1);
  tf.dispose([probe, h]);
  const analysis = await layerOperator(layer, hShape);
  if (analysis.status !== 'affine') {
    throw LayerproofError.invalid({ op, argument: 'logits.site', value: logits.site, expected: `an affine layer with a fused softmax (it is ${analysis.status}: ${analysis.reason})` });
  }
  const t = analysis.operator;
  if (t.rows * t.cols > MAX_DENSE_ENTRIES) {
    throw LayerproofError.invalid({ op, argument: `T of ${logits.site}`, value: [t.rows, t.cols], expected: `at most ${MAX_DENSE_ENTRIES} entries to apply densely (a final layer with a fused softmax this large has no logits layerproof reads)` });
  }
  const dense = new Float32Array(t.rows * t.cols);
  const m = t.rowBlock(0, t.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.rowPtr[i] as number; k < (m.rowPtr[i + 1] as number); k++) dense[i * t.cols + (m.colIndex[k] as number)] = m.values[k] as number;
  }
  const weights = tf.tensor2d(dense, [t.rows, t.cols]);
  const bias = tf.tensor1d(Float32Array.from(t.bias));
  return holding((x) => tf.tidy(() => tf.add(tf.matMul(flat(before(x)), weights, false, true), bias)), [weights, bias]);
}
