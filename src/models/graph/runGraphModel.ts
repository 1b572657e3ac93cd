import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import type { TensorValues } from '../ModelSites.js';
import { parseTensorName, type GraphStructure } from './graphStructure.js';

const OP = 'graphModelSites.run';

/** Declared input shapes agree with a fed tensor's shape (−1 or null: any size). */
function fits(declared: readonly number[] | undefined, shape: readonly number[]): boolean {
  return declared === undefined || (declared.length === shape.length && declared.every((d, i) => d < 0 || d === shape[i]));
}

async function execute(model: tf.GraphModel, feed: tf.NamedTensorMap, outputs: string[]): Promise<tf.Tensor[]> {
  let result: tf.Tensor | tf.Tensor[];
  try {
    // execute() runs ops in a precompiled order; executeAsync() is needed for control flow and
    // dynamic shapes only (and warns on the console otherwise).
    result = model.execute(feed, outputs);
  } catch (error) {
    if (!(error instanceof Error && error.message.includes('executeAsync'))) throw error;
    result = await model.executeAsync(feed, outputs);
  }
  // One output comes back as a tensor, several as a list.
  return Array.isArray(result) ? result : [result];
}

/**
 * Runs a graph model once and returns the values of the named tensors: model inputs are read from
 * the tensors fed, Const nodes from the model's weights, everything else from the model's own
 * execution. Only the tensors the run created are disposed.
 */
export async function runGraphModel(
  model: tf.GraphModel,
  structure: GraphStructure,
  inputs: readonly tf.Tensor[],
  names: readonly string[],
): Promise<Map<string, TensorValues>> {
  const declared = model.inputs;
  if (!Array.isArray(inputs) || inputs.length !== declared.length || !inputs.every((t) => t instanceof tf.Tensor)) {
    throw LayerproofError.invalid({ op: OP, argument: 'inputs', value: inputs, expected: `${declared.length} tensor(s), one per model input (${declared.map((d) => d.name).join(', ')})` });
  }
  const feed: tf.NamedTensorMap = {};
  declared.forEach((d, i) => {
    const t = inputs[i] as tf.Tensor;
    if (!fits(d.shape, t.shape)) {
      throw LayerproofError.invalid({ op: OP, argument: `inputs[${i}] (${d.name}) shape`, value: t.shape, expected: `[${(d.shape ?? []).map((v) => (v < 0 ? 'any' : v)).join(', ')}], as the model declares` });
    }
    feed[d.name] = t;
  });
  const byTensor = new Map<string, tf.Tensor>();
  declared.forEach((d, i) => byTensor.set(parseTensorName(d.name).tensor, inputs[i] as tf.Tensor));
  const fetch: string[] = [];
  for (const name of new Set(names)) {
    if (typeof name !== 'string' || !structure.nodes.has(parseTensorName(name).node)) {
      throw LayerproofError.invalid({ op: OP, argument: 'names', value: name, expected: "tensor names of this graph ('node' or 'node:k')" });
    }
    const { tensor } = parseTensorName(name);
    const source = structure.constSource(tensor);
    const weight = source === undefined ? undefined : model.weights[source]?.[0];
    if (weight !== undefined) byTensor.set(tensor, weight);
    else if (!byTensor.has(tensor) && !fetch.includes(tensor)) fetch.push(tensor);
  }
  const created: tf.Tensor[] = [];
  if (fetch.length > 0) {
    let fetched: tf.Tensor[];
    try {
      fetched = await execute(model, feed, fetch);
    } catch (error) {
      throw new LayerproofError(
        `Error in ${OP}: TensorFlow.js could not run the graph model to [${fetch.join(', ')}]: ${(error as Error).message}`,
        { op: OP, argument: 'names', value: fetch, cause: error },
      );
    }
    fetched.forEach((t, i) => {
      byTensor.set(fetch[i] as string, t);
      created.push(t);
    });
  }
  try {
    const result = new Map<string, TensorValues>();
    for (const name of names) {
      const t = byTensor.get(parseTensorName(name).tensor);
      if (t === undefined) continue;
      if (t.dtype === 'string' || t.dtype === 'complex64') {
        throw LayerproofError.invalid({ op: OP, argument: `names: '${name}'`, value: t.dtype, expected: 'a tensor of numbers (float32, int32 or bool)' });
      }
      // data() rather than dataSync(): the webgpu backend reads asynchronously only.
      const data = await t.data();
      result.set(name, { shape: [...t.shape], data: Float32Array.from(data as ArrayLike<number>) });
    }
    return result;
  } finally {
    for (const t of created) if (!feedsOrWeights(t, inputs, model)) t.dispose();
  }
}

/** A fetched tensor may be an input or a weight itself (an Identity of either): those are not ours to dispose. */
function feedsOrWeights(t: tf.Tensor, inputs: readonly tf.Tensor[], model: tf.GraphModel): boolean {
  return inputs.includes(t) || Object.values(model.weights).some((ws) => ws.includes(t));
}
