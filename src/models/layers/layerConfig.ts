import { LayerproofError } from '../../core/LayerproofError.js';
import type { LayerContext, LayerWeight } from './LayerOperatorBuilder.js';

/** How errors name a layer: `layerOperator(dense_1: Dense)`, as the dispatcher does. */
export function layerOp(context: LayerContext): string {
  return `layerOperator(${context.layer.name}: ${context.className})`;
}

/** A numeric config field (`epsilon`, `scale`), or `fallback` when the config leaves it out. */
export function configNumber(context: LayerContext, key: string, fallback?: number): number {
  const value = context.config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw LayerproofError.invalid({ op: layerOp(context), argument: `config.${key}`, value, expected: 'a finite number' });
  }
  return value;
}

/** A positive integer config field (`n`, `units`). */
export function configPositiveInteger(context: LayerContext, key: string): number {
  const value = context.config[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw LayerproofError.invalid({ op: layerOp(context), argument: `config.${key}`, value, expected: 'a positive integer' });
  }
  return value;
}

/** A list of integers from the config (`dims`, `targetShape`). */
export function configIntegers(context: LayerContext, key: string): number[] {
  const value = context.config[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isInteger(v))) {
    throw LayerproofError.invalid({ op: layerOp(context), argument: `config.${key}`, value, expected: 'an array of integers' });
  }
  return [...value as number[]];
}

/**
 * A tfjs axis (which counts the batch as axis 0; negative counts from the end) as an index into
 * the shape without the batch. `config.axis` of a Keras file may be a one-element list.
 */
export function configAxis(context: LayerContext, key: string, rank: number, fallback: number): number {
  const raw = context.config[key] ?? fallback;
  const axis = Array.isArray(raw) && raw.length === 1 ? raw[0] as unknown : raw;
  const withBatch = typeof axis === 'number' && Number.isInteger(axis) ? (axis < 0 ? axis + rank + 1 : axis) : NaN;
  if (!(withBatch >= 1 && withBatch <= rank)) {
    throw LayerproofError.invalid({
      op: layerOp(context), argument: `config.${key}`, value: raw,
      expected: `an axis of the input other than the batch: an integer in [1, ${rank}] or [−${rank}, −1] for an input of rank ${rank} without the batch`,
    });
  }
  return withBatch - 1;
}

/** The weight `name`, which this layer must have. */
export function requiredWeight(context: LayerContext, name: string): LayerWeight {
  const weight = context.weight(name);
  if (weight === undefined) {
    throw LayerproofError.invalid({
      op: layerOp(context), argument: `weights['${name}']`, value: context.weights.map((w) => w.name),
      expected: `present: a ${context.className} layer with this config keeps a weight called '${name}' (is the layer built?)`,
    });
  }
  return weight;
}

/** Throws unless the shape the operator computes is the shape TensorFlow.js reports for the layer. */
export function checkOutputShape(context: LayerContext, computed: readonly number[]): void {
  const reported = context.outputShape;
  if (computed.length !== reported.length || computed.some((d, i) => d !== reported[i])) {
    throw new LayerproofError(
      `Error in ${layerOp(context)}: its config gives output shape [${computed.join(', ')}] but TensorFlow.js reports ` +
        `[${reported.join(', ')}] for input ${context.inputShapes.map((s) => `[${s.join(', ')}]`).join(', ')}; the config and the layer disagree.`,
      { op: layerOp(context), argument: 'outputShape', value: reported },
    );
  }
}
