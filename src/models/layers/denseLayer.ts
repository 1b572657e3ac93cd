import { affine, type LayerAnalysis, type LayerContext } from './LayerOperatorBuilder.js';
import { denseOperator } from './denseOperator.js';
import { checkOutputShape, layerOp, requiredWeight } from './layerConfig.js';
import { layerActivation } from './layerActivation.js';

/** Dense on an input of any rank (it acts on the last axis), with its bias and fused activation. */
export function denseLayer(context: LayerContext): LayerAnalysis {
  const fused = layerActivation(context);
  if ('unknown' in fused) return { status: 'not supported', reason: `not supported: ${context.className} with activation '${fused.unknown}' (layerproof does not evaluate it)` };
  const kernel = requiredWeight(context, 'kernel');
  const bias = context.config.useBias === false ? undefined : requiredWeight(context, 'bias');
  const operator = denseOperator({
    op: layerOp(context),
    kind: context.className,
    inputShape: context.inputShapes[0] ?? [],
    kernel,
    activation: fused.activation,
    ...(bias !== undefined && { bias: bias.data }),
  });
  checkOutputShape(context, operator.outputShape);
  return affine(operator);
}
