import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import type { ModelSites, OperatorSite } from '../ModelSites.js';
import type { GraphDefJson } from './GraphDefJson.js';
import { nodeLabel } from './graphAttributes.js';
import { graphOpAnalysis } from './graphOpAnalysis.js';
import type { GraphArgument, GraphConstant } from './GraphOpContext.js';
import { graphStructure, parseTensorName } from './graphStructure.js';
import { runGraphModel } from './runGraphModel.js';

const OP = 'graphModelSites';

function checkShape(op: string, argument: string, shape: unknown): readonly number[] {
  if (Array.isArray(shape) && shape.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) return shape as number[];
  throw LayerproofError.invalid({ op, argument, value: shape, expected: 'a shape of positive integers without the batch dimension, as the model produced it' });
}

/**
 * A TensorFlow.js graph model (converted from a SavedModel or frozen graph) as operator sites: one
 * per node that computes on the model's input, in topological order, each treated on its own. A
 * site's `inputs` are its operands (the node's data inputs that depend on the model's input);
 * Const inputs, also seen through Identity, are its weights and biases, read from `model.weights`.
 * Nodes that only compute on constants or on shapes (`Shape`, `Pack` of sizes) are not sites.
 *
 * `topology` is the model.json's `modelTopology`: the GraphDef the model was loaded from.
 */
export function graphModelSites(model: tf.GraphModel, topology: GraphDefJson): ModelSites {
  if (!(model instanceof tf.GraphModel)) {
    throw LayerproofError.invalid({ op: OP, argument: 'model', value: model, expected: 'a tf.GraphModel (tf.loadGraphModel)' });
  }
  const structure = graphStructure(OP, topology);
  for (const input of model.inputs) {
    if (!structure.nodes.has(parseTensorName(input.name).node)) {
      throw LayerproofError.invalid({ op: OP, argument: 'topology', value: input.name, expected: `the GraphDef of this model, which has an input node '${input.name}'` });
    }
  }

  const constants = new Map<string, Promise<GraphConstant | 'missing' | 'computed'>>();
  const readConstant = (source: string): Promise<GraphConstant | 'missing' | 'computed'> => {
    let value = constants.get(source);
    if (value === undefined) {
      const t = model.weights[source]?.[0];
      value = t === undefined ? Promise.resolve('missing' as const)
        : t.dtype === 'string' || t.dtype === 'complex64' ? Promise.resolve('computed' as const)
          : t.data().then((d) => ({ shape: [...t.shape], data: Float64Array.from(d as ArrayLike<number>) }));
      constants.set(source, value);
    }
    return value;
  };

  const sites: OperatorSite[] = [];
  for (const node of structure.order) {
    if (node.op.startsWith('Placeholder') || structure.kind(node.name) !== 'value') continue;
    const data = structure.dataInputs(node);
    const inputs = data.filter((t) => structure.kind(t) === 'value');
    const op = nodeLabel(node);
    sites.push({
      name: node.name,
      kind: node.op,
      inputs,
      output: node.name,
      analyse: async (inputShapes, outputShape) => {
        if (!Array.isArray(inputShapes) || inputShapes.length !== inputs.length) {
          throw LayerproofError.invalid({ op, argument: 'inputShapes', value: inputShapes, expected: `${inputs.length} shape(s), one per operand (${inputs.join(', ')})` });
        }
        const shapes = inputShapes.map((s, i) => checkShape(op, `inputShapes[${i}]`, s));
        const out = checkShape(op, 'outputShape', outputShape);
        let next = 0;
        const args: GraphArgument[] = [];
        for (const tensor of data) {
          const kind = structure.kind(tensor);
          if (kind === 'value') {
            args.push({ kind, tensor, input: next, shape: shapes[next] as readonly number[] });
            next++;
          } else if (kind === 'computed') {
            args.push({ kind, tensor });
          } else {
            const source = structure.constSource(tensor) ?? tensor;
            const c = await readConstant(source);
            args.push(c === 'missing' ? { kind: 'missing', tensor, source } : c === 'computed' ? { kind: 'computed', tensor } : { kind: 'constant', tensor, source, ...c });
          }
        }
        return graphOpAnalysis({ node, op, inputShapes: shapes, outputShape: out, args });
      },
    });
  }

  return {
    format: 'graph-model',
    inputs: model.inputs.map((d) => ({ name: d.name, shape: (d.shape ?? []).slice(1).map((v) => (v < 0 ? null : v)) })),
    sites,
    run: (inputs, names) => runGraphModel(model, structure, inputs, names),
  };
}
