import { LayerproofError } from '../core/LayerproofError.js';
import { tf } from '../tfjs/tf.js';
import type { GraphDefJson } from './graph/GraphDefJson.js';
import { graphModelSites } from './graph/graphModelSites.js';
import type { LayerAnalysis } from './layers/LayerOperatorBuilder.js';
import { layersModelSites } from './layersModelSites.js';
import type { ModelSites } from './ModelSites.js';

export interface ModelOperatorEntry {
  /** Layer name (`name#k` for the k-th call of a shared layer; `outer/inner` inside a nested model) or node name. */
  readonly name: string;
  readonly kind: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** `{ status: 'affine', operator }`, `not linear` or `not supported`, with the reason. */
  readonly analysis: LayerAnalysis;
}

export interface ModelOperatorsOptions {
  /** Input shape without the batch, where the model leaves it open. */
  readonly inputShape?: readonly number[];
  /** For a graph model: the model.json's `modelTopology` (tfjs keeps the loaded one private). */
  readonly topology?: GraphDefJson;
}

async function entriesOf(sites: ModelSites, input: tf.Tensor, prefix: string): Promise<ModelOperatorEntry[]> {
  const names = [...new Set(sites.sites.flatMap((s) => [...s.inputs, s.output]))];
  const values = await sites.run([input], names);
  const shapeOf = (name: string): number[] => {
    const v = values.get(name);
    if (v === undefined) throw new LayerproofError(`Error in modelOperators: the model did not produce tensor '${name}'.`, { op: 'modelOperators', value: name });
    return [...v.shape.slice(1)];
  };
  const entries: ModelOperatorEntry[] = [];
  for (const site of sites.sites) {
    const inputShapes = site.inputs.map(shapeOf);
    const outputShape = shapeOf(site.output);
    entries.push({ name: `${prefix}${site.name}`, kind: site.kind, inputShapes, outputShape, analysis: await site.analyse(inputShapes, outputShape) });
    const first = site.inputs[0];
    if (site.nested !== undefined && first !== undefined) {
      const v = values.get(first);
      if (v !== undefined) {
        const inner = tf.tensor(v.data, [...v.shape]);
        try {
          entries.push(...await entriesOf(site.nested, inner, `${prefix}${site.name}/`));
        } finally {
          inner.dispose();
        }
      }
    }
  }
  return entries;
}

/**
 * Every layer call (layers model) or node (graph model) of a TensorFlow.js model with its explicit
 * operator or the reason it has none, at the shapes the model really produces: the model runs once
 * on a zero input of one sample to learn them. For checking them on real inputs, use
 * `verifyModelSites`.
 */
export async function modelOperators(model: tf.LayersModel | tf.GraphModel, options: ModelOperatorsOptions = {}): Promise<ModelOperatorEntry[]> {
  const op = 'modelOperators';
  let sites: ModelSites;
  if (model instanceof tf.LayersModel) sites = layersModelSites(model);
  else if (model instanceof tf.GraphModel) {
    if (options.topology === undefined) throw LayerproofError.invalid({ op, argument: 'options.topology', value: undefined, expected: "the model.json's modelTopology for a graph model (loadModel returns it as `topology`)" });
    sites = graphModelSites(model, options.topology);
  } else {
    throw LayerproofError.invalid({ op, argument: 'model', value: model, expected: 'a tf.LayersModel or tf.GraphModel' });
  }
  if (sites.inputs.length !== 1) throw LayerproofError.invalid({ op, argument: 'model inputs', value: sites.inputs.map((i) => i.name), expected: 'a model with one input' });
  const declared = sites.inputs[0]?.shape ?? [];
  const shape = options.inputShape ?? declared;
  if (shape.some((v) => v === null || !Number.isInteger(v) || v < 1)) {
    throw LayerproofError.invalid({ op, argument: 'options.inputShape', value: options.inputShape ?? declared, expected: 'positive integers: the model leaves its input size open, so give one, e.g. [224, 224, 3]' });
  }
  const input = tf.zeros([1, ...(shape as number[])]);
  try {
    return await entriesOf(sites, input, '');
  } finally {
    input.dispose();
  }
}
