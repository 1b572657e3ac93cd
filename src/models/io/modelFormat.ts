import { describeValue, LayerproofError } from '../../core/LayerproofError.js';

export type ModelFormat = 'layers-model' | 'graph-model';

const op = 'loadModel';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What the topology itself says: a GraphDef has `node`, a Keras config has `class_name` or `model_config`. */
function topologyKind(topology: Record<string, unknown>): ModelFormat | undefined {
  if (Array.isArray(topology.node)) return 'graph-model';
  if (isObject(topology.model_config) || typeof topology.class_name === 'string') return 'layers-model';
  return undefined;
}

/**
 * The format of a parsed model.json. tfjs writes `format`; older converters and hand-made files
 * leave it out, so it is inferred from the topology (`node` → graph model, `model_config` or
 * `class_name` → layers model). A stated format that contradicts the topology is refused, since
 * tfjs would then fail deep inside its deserializer.
 */
export function modelFormat(file: string, json: Readonly<Record<string, unknown>>): ModelFormat {
  const topology = json.modelTopology;
  if (!isObject(topology)) {
    throw new LayerproofError(
      `Error in ${op}: ${file} is neither a layers model nor a graph model: it has ${topology === undefined ? 'no modelTopology' : `modelTopology ${describeValue(topology)}`} ` +
        `(top-level keys: ${Object.keys(json).join(', ') || 'none'}). A model.json written by TensorFlow.js (model.save) or tensorflowjs_converter ` +
        'holds modelTopology (a Keras model config with class_name or model_config, or a GraphDef with node) and weightsManifest.',
      { op, argument: 'modelTopology', value: topology },
    );
  }
  const inferred = topologyKind(topology);
  const stated = json.format;
  if (stated !== undefined && stated !== null && stated !== 'layers-model' && stated !== 'graph-model') {
    throw LayerproofError.invalid({ op, argument: `${file}: format`, value: stated, expected: `'layers-model' or 'graph-model' (or absent)` });
  }
  if (inferred === undefined) {
    throw new LayerproofError(
      `Error in ${op}: ${file} is neither a layers model nor a graph model: its modelTopology has keys ${Object.keys(topology).join(', ') || '(none)'}, ` +
        'but a layers model has class_name or model_config (a Keras config) and a graph model has node (a GraphDef).',
      { op, argument: 'modelTopology', value: Object.keys(topology) },
    );
  }
  if (typeof stated === 'string' && stated !== inferred) {
    throw new LayerproofError(
      `Error in ${op}: ${file} says format '${stated}' but its modelTopology is a ${inferred === 'graph-model' ? 'GraphDef (it has node)' : 'Keras config (it has class_name or model_config)'}, ` +
        `which is a ${inferred}; fix the format field or convert the model again.`,
      { op, argument: 'format', value: stated },
    );
  }
  return inferred;
}
