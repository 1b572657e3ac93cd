import { LayerproofError } from '../core/LayerproofError.js';
import { tf } from '../tfjs/tf.js';
import { layerOperator } from './layers/layerOperator.js';
import type { ModelSites, OperatorSite, TensorValues } from './ModelSites.js';

type Symbolic = tf.SymbolicTensor;

interface InboundNode {
  readonly inputTensors: readonly Symbolic[];
  readonly outputTensors: readonly Symbolic[];
}

function inboundNodes(layer: tf.layers.Layer): readonly InboundNode[] {
  return (layer as unknown as { inboundNodes?: readonly InboundNode[] }).inboundNodes ?? [];
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** A stable name per symbolic tensor: shared layers give several tensors the same `name`. */
function tensorKey(t: Symbolic): string {
  return `${t.name}#${t.id}`;
}

/**
 * A layers model (sequential or functional, with branches, merges, shared layers and nested
 * models) as operator sites: one per call of each layer, in the model's execution order, with the
 * symbolic tensors that reach it. `run` builds a probe model whose outputs are the requested
 * tensors, so every activation comes from TensorFlow.js running the model itself.
 */
export function layersModelSites(model: tf.LayersModel): ModelSites {
  if (!(model instanceof tf.LayersModel)) {
    throw LayerproofError.invalid({ op: 'layersModelSites', argument: 'model', value: model, expected: 'a tf.LayersModel (tf.sequential, tf.model, or tf.loadLayersModel)' });
  }
  const byKey = new Map<string, Symbolic>();
  for (const t of model.inputs) byKey.set(tensorKey(t), t);
  const sites: OperatorSite[] = [];
  // model.layers is in topological order; a layer's k-th inbound node is its k-th call. Calls made
  // outside this model (a layer reused in another model) have tensors this model cannot reach.
  const reachable = new Set(model.inputs.map(tensorKey));
  for (const layer of model.layers) {
    const nodes = inboundNodes(layer);
    nodes.forEach((node, k) => {
      if (layer.getClassName() === 'InputLayer') return;
      const inputs = node.inputTensors.map(tensorKey);
      if (!inputs.every((i) => reachable.has(i))) return;
      const output = node.outputTensors[0];
      if (output === undefined) return;
      for (const t of node.outputTensors) {
        byKey.set(tensorKey(t), t);
        reachable.add(tensorKey(t));
      }
      node.inputTensors.forEach((t) => byKey.set(tensorKey(t), t));
      const isModel = MODEL_CLASSES.has(layer.getClassName()) && layer instanceof tf.LayersModel;
      sites.push({
        // Renamed below to the bare layer name where this model calls the layer once.
        name: `${layer.name}#${k}`,
        kind: layer.getClassName(),
        inputs,
        output: tensorKey(output),
        analyse: async (inputShapes) => {
          if (isModel) return { status: 'not supported', reason: `not supported: ${layer.getClassName()} (a nested model: its own layers are checked one by one)` };
          return layerOperator(layer, inputShapes);
        },
        ...(isModel && { nested: layersModelSites(layer) }),
      });
    });
  }
  const calls = new Map<string, number>();
  for (const s of sites) calls.set(s.name.replace(/#\d+$/, ''), (calls.get(s.name.replace(/#\d+$/, '')) ?? 0) + 1);
  const named = sites.map((s) => {
    const bare = s.name.replace(/#\d+$/, '');
    return calls.get(bare) === 1 ? { ...s, name: bare } : s;
  });
  return {
    format: 'layers-model',
    inputs: model.inputs.map((t) => ({ name: tensorKey(t), shape: t.shape.slice(1) })),
    sites: named,
    run: async (inputs, names) => {
      const wanted = [...new Set(names)];
      const outputs = wanted.map((n) => {
        const t = byKey.get(n);
        if (t === undefined) throw LayerproofError.invalid({ op: 'layersModelSites.run', argument: 'names', value: n, expected: 'a tensor name of this model\'s sites' });
        return t;
      });
      const result = new Map<string, TensorValues>();
      if (outputs.length === 0) return result;
      const probe = tf.model({ inputs: model.inputs, outputs });
      const values = probe.predict([...inputs]);
      const list = Array.isArray(values) ? values : [values];
      try {
        const data = await Promise.all(list.map(async (t) => {
          // data() already returns a fresh array: copy only a tensor that is not float32.
          const d = await t.data();
          return d instanceof Float32Array ? d : Float32Array.from(d as ArrayLike<number>);
        }));
        wanted.forEach((n, i) => {
          const t = list[i];
          const d = data[i];
          if (t !== undefined && d !== undefined) result.set(n, { shape: t.shape, data: d });
        });
      } finally {
        tf.dispose(list);
      }
      return result;
    },
  };
}
