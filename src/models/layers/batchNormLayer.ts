import { LayerproofError } from '../../core/LayerproofError.js';
import { affine, type LayerAnalysis, type LayerContext } from './LayerOperatorBuilder.js';
import { batchNormOperator } from './batchNormOperator.js';
import { configAxis, configNumber, layerOp, requiredWeight } from './layerConfig.js';

/**
 * BatchNormalization at inference along any axis: a diagonal affine map from the moving mean
 * and variance, with γ only when `scale` and β only when `center` (tfjs keeps no weight otherwise).
 */
export function batchNormLayer(context: LayerContext): LayerAnalysis {
  const op = layerOp(context);
  const inputShape = context.inputShapes[0] ?? [];
  const axis = configAxis(context, 'axis', inputShape.length, -1);
  const scale = context.config.scale !== false;
  const center = context.config.center !== false;
  for (const [flag, name] of [[scale, 'gamma'], [center, 'beta']] as const) {
    if (!flag && context.weight(name) !== undefined) {
      throw LayerproofError.invalid({ op, argument: `weights['${name}']`, value: name, expected: `absent: config.${name === 'gamma' ? 'scale' : 'center'} is false` });
    }
  }
  return affine(batchNormOperator({
    op,
    kind: context.className,
    inputShape,
    axis,
    movingMean: requiredWeight(context, 'moving_mean').data,
    movingVariance: requiredWeight(context, 'moving_variance').data,
    epsilon: configNumber(context, 'epsilon', 1e-3),
    ...(scale && { gamma: requiredWeight(context, 'gamma').data }),
    ...(center && { beta: requiredWeight(context, 'beta').data }),
  }));
}
