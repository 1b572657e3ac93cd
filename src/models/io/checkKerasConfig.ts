import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import { MODEL_CLASSES } from './normalizeKerasTopology.js';

type Json = Record<string, unknown>;

const op = 'loadModel';

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

interface LayerEntry {
  readonly name: string;
  readonly className: string;
  readonly config: Json;
  readonly inboundNodes: readonly unknown[];
}

function layerEntry(entry: unknown): LayerEntry | undefined {
  if (!isObject(entry) || typeof entry.class_name !== 'string' || !isObject(entry.config)) return undefined;
  const config = entry.config;
  const name = typeof entry.name === 'string' ? entry.name : typeof config.name === 'string' ? config.name : entry.class_name;
  return { name, className: entry.class_name, config, inboundNodes: Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes : [] };
}

/** The layers a model config holds, directly (`config.layers`, or a legacy Sequential's bare list). */
function childLayers(entry: LayerEntry): unknown[] {
  if (Array.isArray(entry.config.layers)) return entry.config.layers;
  return [];
}

/** Every layer of the model, nested models and wrapped layers included, with its path of model names. */
function allLayers(entry: LayerEntry, path: readonly string[], out: { entry: LayerEntry; path: readonly string[] }[]): void {
  out.push({ entry, path });
  const inside = [...path, entry.name];
  if (MODEL_CLASSES.has(entry.className)) {
    for (const child of childLayers(entry)) {
      const c = layerEntry(child);
      if (c !== undefined) allLayers(c, inside, out);
    }
  }
  const wrapped = layerEntry(entry.config.layer);
  if (wrapped !== undefined) allLayers(wrapped, inside, out);
}

const CLASS_HINTS: Readonly<Record<string, string>> = {
  TFOpLambda: 'TFOpLambda and SlicingOpLambda are TensorFlow functions (tf.math.add, x[:, 1:]) called on Keras tensors; use the Keras layers that do the same (Add, Multiply, Cropping2D, Reshape, …)',
  SlicingOpLambda: 'TFOpLambda and SlicingOpLambda are TensorFlow functions (tf.math.add, x[:, 1:]) called on Keras tensors; use the Keras layers that do the same (Add, Multiply, Cropping2D, Reshape, …)',
  Lambda: 'a Lambda layer holds Python code, which JavaScript cannot run',
};

function refuseUnknownClasses(file: string, layers: readonly { entry: LayerEntry; path: readonly string[] }[]): void {
  const known = tf.serialization.SerializationMap.getMap().classNameMap as Readonly<Record<string, unknown>>;
  const unknown = layers.filter(({ entry }) => !(entry.className in known));
  if (unknown.length === 0) return;
  const listed = unknown.slice(0, 12).map(({ entry, path }) => `'${[...path.slice(1), entry.name].join('/')}' (${entry.className})`);
  const more = unknown.length > 12 ? ` and ${unknown.length - 12} more` : '';
  const classes = [...new Set(unknown.map(({ entry }) => entry.className))];
  const hints = [...new Set(classes.map((c) => CLASS_HINTS[c]).filter((h) => h !== undefined))];
  throw new LayerproofError(
    `Error in ${op}: ${file} uses layer classes TensorFlow.js does not know: ${listed.join(', ')}${more}. ` +
      `TensorFlow.js ${tf.version.tfjs} knows the built-in Keras layers only, so the model needs converting without custom layers: ` +
      'rebuild those parts from built-in layers and save it again, or convert it as a graph model ' +
      `(tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_graph_model).${hints.length > 0 ? ` (${hints.join('; ')}.)` : ''}`,
    { op, argument: 'layer classes', value: classes },
  );
}

/** `[layer, node, tensor]` references of one inbound node, as far as they are well formed. */
function nodeInputs(node: unknown): [string, number][] {
  if (!Array.isArray(node)) return [];
  return node.flatMap((input) => (Array.isArray(input) && typeof input[0] === 'string' && typeof input[1] === 'number' ? [[input[0], input[1]] as [string, number]] : []));
}

/**
 * Checks that every layer call of a functional model refers to calls that exist, by replaying
 * tfjs's own reconstruction (which retries unresolved calls forever instead of failing).
 */
function refuseUnresolvableCalls(file: string, model: LayerEntry, prefix: string): void {
  const layers = childLayers(model).map(layerEntry).filter((l): l is LayerEntry => l !== undefined);
  const names = new Set(layers.map((l) => l.name));
  const where = prefix === '' ? '' : ` inside '${prefix}'`;
  for (const layer of layers) {
    for (const node of layer.inboundNodes) {
      for (const [inbound] of nodeInputs(node)) {
        if (!names.has(inbound)) {
          throw new LayerproofError(
            `Error in ${op}: ${file}: layer '${layer.name}' (${layer.className})${where} takes its input from '${inbound}', which is not a layer of the model ` +
              `(it has ${[...names].slice(0, 10).join(', ')}${names.size > 10 ? ', …' : ''}); the model.json is corrupt or was edited by hand.`,
            { op, argument: `layer '${layer.name}' inbound_nodes`, value: inbound },
          );
        }
      }
    }
  }
  for (const key of ['input_layers', 'output_layers'] as const) {
    const refs = Array.isArray(model.config[key]) ? model.config[key] as unknown[] : [];
    for (const [name] of nodeInputs(refs)) {
      if (!names.has(name)) {
        throw LayerproofError.invalid({ op, argument: `${file}: ${key}${where}`, value: name, expected: `the name of one of the model's layers (${[...names].slice(0, 10).join(', ')})` });
      }
    }
  }
  // Input layers and nested models exist with one node (their own) before they are called.
  const calls = new Map(layers.map((l) => [l.name, l.className === 'InputLayer' || MODEL_CLASSES.has(l.className) ? 1 : 0]));
  const pending = new Map(layers.map((l) => [l.name, [...l.inboundNodes]]));
  for (;;) {
    let progress = false;
    for (const layer of layers) {
      const waiting = pending.get(layer.name) ?? [];
      const still = waiting.filter((node) => {
        const ready = nodeInputs(node).every(([name, index]) => (calls.get(name) ?? 0) > index);
        if (ready) calls.set(layer.name, (calls.get(layer.name) ?? 0) + 1);
        return !ready;
      });
      if (still.length < waiting.length) progress = true;
      pending.set(layer.name, still);
    }
    const stuck = layers.filter((l) => (pending.get(l.name)?.length ?? 0) > 0);
    if (stuck.length === 0) break;
    if (!progress) {
      const first = stuck[0] as LayerEntry;
      const missing = nodeInputs((pending.get(first.name) ?? [])[0]).find(([name, index]) => (calls.get(name) ?? 0) <= index) ?? ['?', 0];
      throw new LayerproofError(
        `Error in ${op}: ${file}: the calls of layers ${stuck.slice(0, 6).map((l) => `'${l.name}'`).join(', ')}${where} can never be made: ` +
          `'${first.name}' takes output ${missing[1]} of '${missing[0]}', which is called only ${calls.get(missing[0]) ?? 0} time(s) ` +
          '(a cycle, or a node index past the calls that exist); the model.json is corrupt or was edited by hand.',
        { op, argument: `layer '${first.name}' inbound_nodes`, value: missing },
      );
    }
  }
}

/**
 * Checks a (normalised) Keras model config before tfjs builds it, so that its failures come out
 * as messages naming the file and the layers: the root must be a model, every layer class must be
 * one tfjs knows (all unknown ones are listed at once), and every layer call must refer to calls
 * that exist (tfjs would otherwise loop forever).
 */
export function checkKerasConfig(file: string, modelConfig: unknown): void {
  const root = layerEntry(modelConfig);
  if (root === undefined) {
    throw LayerproofError.invalid({ op, argument: `${file}: modelTopology`, value: modelConfig, expected: 'a Keras model config {class_name, config}' });
  }
  if (!MODEL_CLASSES.has(root.className)) {
    throw LayerproofError.invalid({ op, argument: `${file}: modelTopology.class_name`, value: root.className, expected: `a model class (${[...MODEL_CLASSES].join(', ')}), not a single layer` });
  }
  const layers: { entry: LayerEntry; path: readonly string[] }[] = [];
  allLayers(root, [], layers);
  refuseUnknownClasses(file, layers);
  for (const { entry, path } of layers) {
    if (entry.className !== 'Sequential' && MODEL_CLASSES.has(entry.className)) refuseUnresolvableCalls(file, entry, path.length === 0 ? '' : [...path.slice(1), entry.name].join('/'));
  }
}
