import { convGeometry } from '../../linear/convGeometry.js';
import type { GraphNodeJson } from '../../models/graph/GraphDefJson.js';
import { attrInts, attrNumber, attrString, nodeLabel } from '../../models/graph/graphAttributes.js';
import { activationRule } from './layerLipschitzRule.js';
import { comparisonRule, noBound, scaleRule, type LipschitzRule } from './LipschitzRule.js';
import { maxPoolLipschitz } from './maxPoolLipschitz.js';

function maxPool(node: GraphNodeJson, inputShapes: readonly (readonly number[])[]): LipschitzRule {
  const op = nodeLabel(node);
  const shape = inputShapes[0] ?? [];
  const format = attrString(node, 'data_format') ?? 'NHWC';
  if (shape.length !== 3 || format !== 'NHWC') return noBound(`${op}: max pooling of a ${format} input of rank ${shape.length + 1} has no rule in layerproof (NHWC images only)`);
  const [, kh = 1, kw = 1] = attrInts(node, 'ksize') ?? [1, 1, 1, 1];
  const [, sh = 1, sw = 1] = attrInts(node, 'strides') ?? [1, 1, 1, 1];
  const padding = attrString(node, 'padding') ?? 'VALID';
  if (padding !== 'SAME' && padding !== 'VALID') return noBound(`${op}: max pooling with padding '${padding}' has no rule in layerproof`);
  const g = convGeometry({ op, inputShape: shape as [number, number, number], kernelSize: [kh, kw], windowName: 'window', strides: [sh, sw], padding: padding === 'SAME' ? 'same' : 'valid' });
  const r = maxPoolLipschitz(g);
  return scaleRule(r.factor, r.rule);
}

/**
 * The Lipschitz rule of a graph op that has no affine operator, from its op and attributes, or
 * `none` with the reason (the counterpart of `layerLipschitzRule` for graph models).
 */
export function graphOpLipschitzRule(node: GraphNodeJson, inputShapes: readonly (readonly number[])[], outputShape: readonly number[]): LipschitzRule {
  switch (node.op) {
    case 'Relu': return activationRule('relu');
    case 'Relu6': return activationRule('relu6');
    case 'Elu': return activationRule('elu');
    case 'Selu': return activationRule('selu');
    case 'Sigmoid': return activationRule('sigmoid');
    case 'Tanh': return activationRule('tanh');
    case 'Softplus': return activationRule('softplus');
    case 'Softsign': return activationRule('softsign');
    case 'Softmax': return activationRule('softmax');
    case 'LeakyRelu': {
      const alpha = Math.abs(attrNumber(node, 'alpha') ?? 0.2);
      return scaleRule(Math.max(1, alpha), `LeakyRelu has slopes ${alpha} and 1, so L = ${Math.max(1, alpha)}`);
    }
    case 'Abs': return scaleRule(1, '|x| is 1-Lipschitz cell by cell');
    case 'MaxPool': return maxPool(node, inputShapes);
    case 'Max':
    case 'Min':
      return scaleRule(1, `a ${node.op === 'Max' ? 'maximum' : 'minimum'} over axes reads each cell once, so L = 1`);
    case 'Maximum':
    case 'Minimum':
      return comparisonRule(node.op, inputShapes, outputShape);
    default:
      return noBound(`layerproof has no Lipschitz rule for the op ${node.op}`);
  }
}
