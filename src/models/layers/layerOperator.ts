import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import { CONVOLUTION_LAYERS } from './convolutionLayers.js';
import { CORE_LAYERS } from './coreLayers.js';
import type { LayerAnalysis, LayerContext, LayerOperatorRegistry, LayerWeight } from './LayerOperatorBuilder.js';

const REGISTRIES: readonly LayerOperatorRegistry[] = [CONVOLUTION_LAYERS, CORE_LAYERS];

/** Every layer class layerproof knows, linear or not. */
export function knownLayerClasses(): string[] {
  return REGISTRIES.flatMap((r) => Object.keys(r)).sort();
}

function knownShape(op: string, argument: string, shape: unknown): number[] {
  if (Array.isArray(shape) && shape.length > 0 && shape.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) return [...shape as number[]];
  throw LayerproofError.invalid({ op, argument, value: shape, expected: 'a shape of positive integers without the batch dimension, e.g. [32, 32, 3]; give the input shape where the model leaves it open' });
}

/** The layer's declared input shapes without the batch dimension (one per input). */
function declaredInputShapes(layer: tf.layers.Layer): unknown[] {
  // The first call's symbolic inputs (a layer never called has none).
  const node = (layer as unknown as { inboundNodes?: { inputShapes?: unknown }[] }).inboundNodes?.[0];
  const shapes = node?.inputShapes;
  if (!Array.isArray(shapes)) return [undefined];
  const list = Array.isArray(shapes[0]) || shapes[0] === null ? shapes as unknown[] : [shapes];
  return list.map((s) => (Array.isArray(s) ? s.slice(1) : s));
}

/** Reads a layer's weights asynchronously (tfjs's webgpu backend cannot read synchronously in Node), by short name. */
export async function readLayerWeights(layer: tf.layers.Layer): Promise<LayerWeight[]> {
  const variables = layer.weights;
  const values = layer.getWeights();
  const data = await Promise.all(values.map(async (t) => Float32Array.from(await t.data())));
  return variables.map((v, i) => {
    const full = v.originalName || v.name;
    const short = full.replace(/:\d+$/, '').split('/').pop() ?? full;
    return { name: short, shape: [...(values[i]?.shape ?? [])], data: data[i] ?? new Float32Array(0) };
  });
}

/**
 * The explicit operator of one TensorFlow.js layer at inference, built from its own config and
 * weights: `{ status: 'affine', operator }` for a layer that is linear or affine (with a fused
 * element-wise activation where it has one), `not linear` with a one-line reason, or
 * `not supported` for a class layerproof does not know.
 *
 * `inputShape` (without the batch; one per input for layers of several inputs) defaults to the
 * layer's own declared input shape, which must then be fully known.
 */
export async function layerOperator(layer: tf.layers.Layer, inputShape?: readonly number[] | readonly (readonly number[])[]): Promise<LayerAnalysis> {
  if (!(layer instanceof tf.layers.Layer)) {
    throw LayerproofError.invalid({ op: 'layerOperator', argument: 'layer', value: layer, expected: 'a TensorFlow.js layer (tf.layers.*, or model.layers[i])' });
  }
  const className = layer.getClassName();
  const op = `layerOperator(${layer.name}: ${className})`;
  const raw: unknown[] = inputShape === undefined
    ? declaredInputShapes(layer)
    : Array.isArray(inputShape[0]) ? [...inputShape as readonly (readonly number[])[]] : [inputShape];
  const inputShapes = raw.map((s, i) => knownShape(op, raw.length === 1 ? 'inputShape' : `inputShape[${i}]`, s));
  const builder = REGISTRIES.map((r) => r[className]).find((b) => b !== undefined);
  if (builder === undefined) return { status: 'not supported', reason: `not supported: ${className}` };
  let outputShape: number[];
  try {
    // A batch of 1, not null: tfjs's Reshape leaves a −1 unresolved when the batch is unknown.
    const withBatch = inputShapes.map((s) => [1, ...s]);
    const out = layer.computeOutputShape(withBatch.length === 1 ? withBatch[0] as (number | null)[] : withBatch) as unknown;
    outputShape = knownShape(op, 'output shape', Array.isArray(out) ? (out as unknown[]).slice(1) : out);
  } catch (error) {
    if (error instanceof LayerproofError) throw error;
    throw new LayerproofError(
      `Error in ${op}: TensorFlow.js cannot apply this layer to input shape ${inputShapes.map((s) => `[${s.join(', ')}]`).join(', ')}: ${(error as Error).message}`,
      { op, argument: 'inputShape', value: inputShapes, cause: error },
    );
  }
  const weights = await readLayerWeights(layer);
  const context: LayerContext = {
    layer, className, config: layer.getConfig(), inputShapes, outputShape, weights,
    weight: (name) => weights.find((w) => w.name === name),
  };
  return builder(context);
}
