import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';

type Json = Record<string, unknown>;

const op = 'loadModel';

/** Keras classes that hold other layers in `config.layers`. */
export const MODEL_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Functional', 'Model']);
/** Keras 2 and 3 names of the dtype policy objects that replace a plain dtype string. */
const POLICY_CLASSES: ReadonlySet<string> = new Set(['Policy', 'DTypePolicy', 'FloatDTypePolicy', 'PolicyV1']);
/** Keys of a serialized Keras object that tfjs does not read (Keras 3 adds `module`, `registered_name`, `build_config`). */
const KERAS3_EXTRA_KEYS = ['module', 'registered_name', 'build_config', 'compile_config'] as const;
const CONVOLUTIONS: ReadonlySet<string> = new Set(['Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv2D', 'DepthwiseConv2D']);

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{class_name: 'Policy', config: {name: 'float32'}}` → 'float32'; mixed precision keeps float32 variables, which is what tfjs computes in. */
function dtypeName(value: unknown): unknown {
  if (!isObject(value) || typeof value.class_name !== 'string' || !POLICY_CLASSES.has(value.class_name)) return value;
  const name = isObject(value.config) ? value.config.name : undefined;
  if (typeof name !== 'string') return 'float32';
  return name.startsWith('mixed_') ? 'float32' : name;
}

/**
 * Initializers, regularizers and constraints do not change what a loaded model computes (its
 * weights are overwritten and nothing trains), so one whose class tfjs lacks (Keras 2's `L2`,
 * a custom constraint) is dropped rather than failing the whole model.
 */
function isTrainingOnlyKey(key: string): boolean {
  return /_(initializer|regularizer|constraint)$/.test(key);
}

/** Normalises serialized values anywhere in a config: dtype policies, Keras 3 keys, unknown training-only objects. */
function normalizeValue(value: unknown, key: string, known: Readonly<Record<string, unknown>>): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeValue(v, key, known));
  if (!isObject(value)) return value;
  if (key === 'dtype') return dtypeName(value);
  if (typeof value.class_name === 'string' && isTrainingOnlyKey(key) && !(value.class_name in known)) return null;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof value.class_name === 'string' && (KERAS3_EXTRA_KEYS as readonly string[]).includes(k)) continue;
    out[k] = normalizeValue(v, k, known);
  }
  return out;
}

/** A Keras 3 `__keras_tensor__` (`{class_name, config: {keras_history: [layer, node, tensor]}}`) as its history triple. */
function kerasHistory(value: unknown): [string, number, number] | undefined {
  if (!isObject(value) || value.class_name !== '__keras_tensor__' || !isObject(value.config)) return undefined;
  const history = value.config.keras_history;
  if (!Array.isArray(history) || typeof history[0] !== 'string' || typeof history[1] !== 'number' || typeof history[2] !== 'number') return undefined;
  return [history[0], history[1], history[2]];
}

function containsKerasTensor(value: unknown): boolean {
  if (kerasHistory(value) !== undefined) return true;
  if (Array.isArray(value)) return value.some(containsKerasTensor);
  return isObject(value) && Object.values(value).some(containsKerasTensor);
}

/**
 * One inbound node in the Keras 2 form tfjs reads, `[[layer, node, tensor, kwargs], ...]`. Keras 3
 * writes `{args: [...], kwargs: {...}}` with the input tensors (possibly in nested lists, as for
 * Add or Concatenate) among the args.
 */
function keras2Node(file: string, layer: string, node: unknown): unknown {
  if (Array.isArray(node)) return node;
  if (!isObject(node) || !('args' in node)) {
    throw LayerproofError.invalid({ op, argument: `${file}: layer '${layer}' inbound_nodes`, value: node, expected: 'a list of [layer, node, tensor, kwargs] entries (Keras 2) or {args, kwargs} (Keras 3)' });
  }
  const kwargs: Json = {};
  if (isObject(node.kwargs)) {
    for (const [k, v] of Object.entries(node.kwargs)) if (!containsKerasTensor(v)) kwargs[k] = v;
  }
  const inputs: unknown[] = [];
  const collect = (value: unknown): void => {
    const history = kerasHistory(value);
    if (history !== undefined) inputs.push([...history, kwargs]);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (isObject(value) && value.class_name === undefined) Object.values(value).forEach(collect);
  };
  collect(node.args);
  return inputs;
}

/** `input_layers` / `output_layers` as a list of `[layer, node, tensor]`: Keras 3 writes a single one flat and named inputs as a dict. */
function tensorList(value: unknown): unknown {
  if (Array.isArray(value) && typeof value[0] === 'string') return [value];
  if (isObject(value)) return Object.values(value);
  return value;
}

function normalizeLayer(file: string, entry: unknown, known: Readonly<Record<string, unknown>>, functional: boolean): unknown {
  if (!isObject(entry) || typeof entry.class_name !== 'string') return entry;
  const className = entry.class_name;
  // Early Keras 2 wrote a Sequential's config as the bare list of its layers.
  const rawConfig = className === 'Sequential' && Array.isArray(entry.config) ? { layers: entry.config } : entry.config;
  if (!isObject(rawConfig)) return entry;
  const config = normalizeValue(rawConfig, 'config', known) as Json;
  const name = typeof config.name === 'string' ? config.name : typeof entry.name === 'string' ? entry.name : className;
  if (config.batch_shape !== undefined && config.batch_input_shape === undefined) {
    // Keras 3 InputLayer (and layers given an input shape) say batch_shape.
    config.batch_input_shape = config.batch_shape;
    delete config.batch_shape;
  }
  if (className === 'BatchNormalization' && Array.isArray(config.axis) && config.axis.length === 1) config.axis = config.axis[0];
  if (CONVOLUTIONS.has(className) && typeof config.groups === 'number' && config.groups !== 1) {
    throw new LayerproofError(
      `Error in ${op}: ${file}: layer '${name}' (${className}) is a grouped convolution (groups = ${config.groups}); ` +
        'TensorFlow.js has no grouped convolution and would compute a different function. Re-express it as separate convolutions and a Concatenate, or convert the model as a graph model.',
      { op, argument: `layer '${name}' groups`, value: config.groups },
    );
  }
  if (MODEL_CLASSES.has(className)) {
    const layers = Array.isArray(config.layers) ? config.layers : [];
    const isFunctional = className !== 'Sequential';
    config.layers = layers.map((l) => normalizeLayer(file, l, known, isFunctional));
    if (isFunctional) {
      config.input_layers = tensorList(config.input_layers);
      config.output_layers = tensorList(config.output_layers);
    }
  }
  if (isObject(config.layer)) config.layer = normalizeLayer(file, config.layer, known, false);
  const out: Json = { class_name: className, config };
  if (functional) {
    out.name = name;
    const nodes = Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes : [];
    out.inbound_nodes = nodes.map((n) => keras2Node(file, name, n));
  }
  return out;
}

/**
 * A Keras model topology (as tfjs saves it, or as tensorflowjs_converter writes Keras 2 and 3
 * models) rewritten into the form tfjs-layers' deserializer reads: dtype policies become dtype
 * strings, Keras 3's `batch_shape`, `{args, kwargs}` inbound nodes, flat or named
 * input/output lists and extra keys (`module`, `registered_name`, `build_config`) become their
 * Keras 2 forms, and training-only objects tfjs does not know are dropped. The input is not
 * modified. Refuses grouped convolutions, which tfjs would silently compute wrong.
 */
export function normalizeKerasTopology(file: string, topology: Readonly<Json>): Json {
  const known = tf.serialization.SerializationMap.getMap().classNameMap as Readonly<Record<string, unknown>>;
  if (isObject(topology.model_config)) return { ...topology, model_config: normalizeLayer(file, topology.model_config, known, false) };
  const out: Json = { ...topology, ...(normalizeLayer(file, topology, known, false) as Json) };
  return Object.fromEntries(Object.entries(out).filter(([key]) => !(KERAS3_EXTRA_KEYS as readonly string[]).includes(key)));
}
