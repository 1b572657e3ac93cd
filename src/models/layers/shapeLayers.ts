import { LayerproofError } from '../../core/LayerproofError.js';
import { shapeSize } from '../AffineOperator.js';
import { affine, type LayerAnalysis, type LayerContext } from './LayerOperatorBuilder.js';
import { copyOperator } from './copyOperator.js';
import { broadcastSource } from './broadcastStrides.js';
import { checkOutputShape, configIntegers, configPositiveInteger, layerOp } from './layerConfig.js';

/**
 * The source of each output element of `transpose(x, perm)` (perm[i]: the input axis that
 * becomes output axis i, 0-based, no batch), as a column of the row-major input.
 */
export function transposeSource(inputShape: readonly number[], perm: readonly number[]): { outputShape: number[]; source: (row: number) => number } {
  const inStrides = new Array<number>(inputShape.length).fill(1);
  for (let d = inputShape.length - 2; d >= 0; d--) inStrides[d] = (inStrides[d + 1] as number) * (inputShape[d + 1] as number);
  const outputShape = perm.map((p) => inputShape[p] as number);
  const strides = perm.map((p) => inStrides[p] as number);
  return { outputShape, source: (row) => broadcastSource(row, outputShape, strides) };
}

const IDENTITY_NOTE = 'moves no element: NHWC row-major order is already the order of the output';

/**
 * Flatten: the identity on vec(x) (row-major is the flatten order), except for
 * `dataFormat: 'channelsFirst'`, which tfjs first transposes to channels-last.
 */
export function flattenLayer(context: LayerContext): LayerAnalysis {
  const inputShape = context.inputShapes[0] ?? [];
  const size = shapeSize(inputShape);
  checkOutputShape(context, [size]);
  if (context.config.dataFormat === 'channelsFirst' && inputShape.length > 1) {
    const perm = [...inputShape.keys()].slice(1).concat(0);
    const { source } = transposeSource(inputShape, perm);
    return affine(copyOperator({
      kind: context.className, inputShapes: [inputShape], outputShape: [size], source,
      note: 'channelsFirst: tfjs moves the channel axis last before flattening',
    }));
  }
  return affine(copyOperator({ kind: context.className, inputShapes: [inputShape], outputShape: [size], source: (row) => row, note: IDENTITY_NOTE }));
}

/**
 * Reshape: the identity on vec(x). tfjs keeps an unknown entry of `targetShape` (−1 in the
 * call) as null; it is the input size over the product of the others.
 */
export function reshapeLayer(context: LayerContext): LayerAnalysis {
  const inputShape = context.inputShapes[0] ?? [];
  const raw = context.config.targetShape;
  const target = Array.isArray(raw) ? raw.map((d: unknown) => (d === null || d === -1 ? -1 : d)) : [];
  if (target.length === 0 || !target.every((d) => typeof d === 'number' && Number.isInteger(d) && (d === -1 || d >= 1)) || target.filter((d) => d === -1).length > 1) {
    throw LayerproofError.invalid({ op: layerOp(context), argument: 'config.targetShape', value: raw, expected: 'positive integers with at most one unknown (−1 or null) entry' });
  }
  const dims = target as number[];
  const known = shapeSize(dims.filter((d) => d !== -1));
  const resolved = dims.map((d) => (d === -1 ? shapeSize(inputShape) / known : d));
  checkOutputShape(context, resolved);
  return affine(copyOperator({ kind: context.className, inputShapes: [inputShape], outputShape: resolved, source: (row) => row, note: IDENTITY_NOTE }));
}

/** Permute: a transpose of the non-batch axes; `dims` are 1-based (axis 0 is the batch). */
export function permuteLayer(context: LayerContext): LayerAnalysis {
  const inputShape = context.inputShapes[0] ?? [];
  const dims = configIntegers(context, 'dims');
  const rank = inputShape.length;
  const sorted = [...dims].sort((a, b) => a - b);
  if (dims.length !== rank || sorted.some((d, i) => d !== i + 1)) {
    throw LayerproofError.invalid({ op: layerOp(context), argument: 'config.dims', value: dims, expected: `a permutation of 1…${rank} (1-based: axis 0 is the batch) for an input of rank ${rank}` });
  }
  const { outputShape, source } = transposeSource(inputShape, dims.map((d) => d - 1));
  checkOutputShape(context, outputShape);
  return affine(copyOperator({ kind: context.className, inputShapes: [inputShape], outputShape, source }));
}

/** RepeatVector: [features] → [n, features], every row a copy of the input. */
export function repeatVectorLayer(context: LayerContext): LayerAnalysis {
  const inputShape = context.inputShapes[0] ?? [];
  if (inputShape.length !== 1) {
    throw LayerproofError.invalid({ op: layerOp(context), argument: 'inputShape', value: inputShape, expected: 'a vector [features] (RepeatVector takes inputs of rank 2 with the batch)' });
  }
  const features = inputShape[0] ?? 1;
  const outputShape = [configPositiveInteger(context, 'n'), features];
  checkOutputShape(context, outputShape);
  return affine(copyOperator({ kind: context.className, inputShapes: [inputShape], outputShape, source: (row) => row % features }));
}
