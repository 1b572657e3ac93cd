import { LayerproofError } from '../../core/LayerproofError.js';
import { shapeSize } from '../AffineOperator.js';
import { affine, type LayerAnalysis, type LayerContext } from './LayerOperatorBuilder.js';
import { broadcastSource, broadcastStrides } from './broadcastStrides.js';
import { layerOp } from './layerConfig.js';
import { rowwiseOperator } from './rowwiseOperator.js';

/** A scalar, or a nested array (Keras allows per-channel values) with its shape, row-major. */
function constant(context: LayerContext, key: string, fallback: number): { shape: number[]; data: number[] } {
  const raw = context.config[key] ?? fallback;
  const shape: number[] = [];
  for (let level: unknown = raw; Array.isArray(level); level = level[0]) shape.push(level.length);
  const data: unknown[] = Array.isArray(raw) ? (raw as unknown[]).flat(Infinity) : [raw];
  if (shapeSize(shape) !== data.length || !data.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw LayerproofError.invalid({ op: layerOp(context), argument: `config.${key}`, value: raw, expected: 'a finite number or a rectangular array of them' });
  }
  return { shape, data: data as number[] };
}

/** Rescaling: y = scale·x + offset, a diagonal affine map (scale and offset broadcast to the input). */
export function rescalingLayer(context: LayerContext): LayerAnalysis {
  const op = layerOp(context);
  const inputShape = context.inputShapes[0] ?? [];
  const scale = constant(context, 'scale', 1);
  const offset = constant(context, 'offset', 0);
  const scaleStrides = broadcastStrides(op, 'config.scale', scale.shape, inputShape);
  const offsetStrides = broadcastStrides(op, 'config.offset', offset.shape, inputShape);
  const size = shapeSize(inputShape);
  const bias = Float64Array.from({ length: size }, (_v, i) => offset.data[broadcastSource(i, inputShape, offsetStrides)] as number);
  return affine(rowwiseOperator({
    kind: context.className,
    inputShapes: [inputShape],
    outputShape: inputShape,
    entriesPerRow: 1,
    bias,
    fillRow: (row, colIndex, values, at) => {
      colIndex[at] = row;
      values[at] = scale.data[broadcastSource(row, inputShape, scaleStrides)] as number;
    },
  }));
}
