import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import { describeWeight } from './readWeights.js';

const op = 'loadModel';

/** tfjs's messages when weights do not fit the layers they are loaded into. */
export function isWeightLoadingError(message: string): boolean {
  return /Shape mismatch|Layer weight shape|has no target variable|weights are not set|Duplicate weight name/.test(message);
}

interface ModelVariable {
  readonly name: string;
  readonly shape: readonly number[];
  readonly layer: string;
}

/** Every variable of a model with the layer (and class) it belongs to, nested models included. */
function modelVariables(model: tf.layers.Layer, out: ModelVariable[] = []): ModelVariable[] {
  const children = (model as unknown as { layers?: tf.layers.Layer[] }).layers;
  if (Array.isArray(children)) {
    for (const layer of children) modelVariables(layer, out);
    return out;
  }
  for (const v of model.weights) {
    out.push({ name: v.originalName, shape: v.shape.map((d) => d ?? -1), layer: `'${model.name}' (${model.getClassName()})` });
  }
  return out;
}

/** tfjs's rule for a manifest name: exact, or with TF ≥ 2.2's cell name (`layer/cell/weight`) removed. */
function matchName(name: string, byName: ReadonlyMap<string, ModelVariable>): ModelVariable | undefined {
  const exact = byName.get(name);
  if (exact !== undefined) return exact;
  const tokens = name.split('/');
  return byName.get([...tokens.slice(0, -2), tokens[tokens.length - 1]].join('/'));
}

const shape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * Rephrases tfjs's failure to load weights into a layers model ("Shape mismatch: [3,3,1,4] vs.
 * [3,3,2,4]", which names neither the weight nor the layer): the model is built again without
 * weights, and the manifest's names and shapes are compared with its variables to say which
 * weight of which layer disagrees, and how.
 */
export async function explainWeightError(
  file: string,
  modelTopology: object,
  specs: readonly tf.io.WeightsManifestEntry[],
  error: Error,
): Promise<LayerproofError> {
  const fallback = new LayerproofError(
    `Error in ${op}: the weights in ${file} do not fit the model's layers: ${error.message.split('\n')[0] ?? ''}.`,
    { op, argument: 'weightsManifest', value: error.message, cause: error },
  );
  // Keras 3 names weights by position (`dense/vars/0`), and tfjs maps those by its own rule.
  const first = specs[0]?.name.split('/').pop() ?? '';
  if (/^\d+$/.test(first)) return fallback;
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel({ load: () => Promise.resolve({ modelTopology }) });
  } catch {
    return fallback;
  }
  try {
    const variables = modelVariables(model);
    const byName = new Map(variables.map((v) => [v.name, v]));
    const used = new Set<string>();
    for (const spec of specs.filter((s) => s.group !== 'optimizer')) {
      const variable = matchName(spec.name, byName);
      if (variable === undefined) {
        return new LayerproofError(
          `Error in ${op}: ${file} has a weight ${describeWeight(spec)} that belongs to no layer of the model ` +
            `(its weights are ${variables.slice(0, 10).map((v) => v.name).join(', ')}${variables.length > 10 ? ', …' : ''}); the weights are from another model or were renamed.`,
          { op, argument: `weight '${spec.name}'`, value: spec.name, cause: error },
        );
      }
      used.add(variable.name);
      if (shape(variable.shape) !== shape(spec.shape)) {
        return new LayerproofError(
          `Error in ${op}: ${file}: layer ${variable.layer}: weight '${spec.name}' has shape ${shape(spec.shape)} in the weights manifest, ` +
            `but the layer as configured needs ${shape(variable.shape)}; the weights are from another model, or the layer's config (units, filters, kernel size, input channels) was changed.`,
          { op, argument: `weight '${spec.name}' shape`, value: spec.shape, cause: error },
        );
      }
    }
    const unset = variables.filter((v) => !used.has(v.name));
    if (unset.length > 0) {
      return new LayerproofError(
        `Error in ${op}: ${file} has no values for ${unset.length} weight(s) of the model: ${unset.slice(0, 8).map((v) => `${v.name} ${shape(v.shape)} of layer ${v.layer}`).join(', ')}` +
          `${unset.length > 8 ? ', …' : ''}; the weightsManifest is incomplete or its shards belong to another model.`,
        { op, argument: 'weightsManifest', value: unset.map((v) => v.name), cause: error },
      );
    }
    return fallback;
  } finally {
    model.dispose();
  }
}
