import { describeValue, LayerproofError } from '../../core/LayerproofError.js';
import type { ImageLayout } from '../../linear/conv2dMatrix.js';
import { ACTIVATIONS, parseActivation, type Activation } from '../activation.js';
import type { LayerContext } from './LayerOperatorBuilder.js';

/**
 * Reads the config and weights of one convolution-family layer, with errors that name the
 * layer (`Conv2D layer 'conv2d_1'`), the config field, the value and what would be valid.
 */
export class ConvConfig {
  readonly op: string;

  constructor(private readonly context: LayerContext) {
    this.op = `${context.className} layer '${context.layer.name}'`;
  }

  /**
   * `config[key]`, or the layer's own field of that name where tfjs leaves it out of the config
   * (SeparableConv2D omits depthMultiplier, Conv1D dataFormat).
   */
  private raw(key: string): unknown {
    const value = this.context.config[key];
    return value ?? (this.context.layer as unknown as Record<string, unknown>)[key];
  }

  /** A positive integer or a list of `n` of them (`kernelSize: 3` or `[3, 3]`), as n numbers. */
  tuple(key: string, n: number, fallback?: number | readonly number[]): number[] {
    const raw = this.raw(key) ?? fallback;
    const list: unknown[] = typeof raw === 'number' ? Array.from({ length: n }, () => raw) : Array.isArray(raw) ? raw as unknown[] : [];
    if (list.length === n && list.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) return list as number[];
    throw LayerproofError.invalid({ op: this.op, argument: `config.${key}`, value: raw, expected: `a positive integer or a list of ${n} positive integers` });
  }

  /** Non-negative `[[top, bottom], [left, right]]` from any of tfjs's forms (`1`, `[1, 2]`, `[[1, 1], [2, 2]]`). */
  pairs(key: string): [[number, number], [number, number]] {
    const raw = this.raw(key);
    const ok = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (ok(raw)) return [[raw, raw], [raw, raw]];
    if (Array.isArray(raw) && raw.length === 2) {
      const [a, b] = raw as unknown[];
      if (ok(a) && ok(b)) return [[a, a], [b, b]];
      const pair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(ok);
      if (pair(a) && pair(b)) return [[a[0], a[1]], [b[0], b[1]]];
    }
    throw LayerproofError.invalid({ op: this.op, argument: `config.${key}`, value: raw, expected: 'a non-negative integer, [rows, cols] or [[top, bottom], [left, right]]' });
  }

  /** One of `allowed` (the first is the default when the field is absent). */
  choice<T extends string>(key: string, allowed: readonly T[]): T {
    const raw = this.raw(key) ?? allowed[0];
    const found = allowed.find((a) => a === raw);
    if (found !== undefined) return found;
    throw LayerproofError.invalid({ op: this.op, argument: `config.${key}`, value: raw, expected: `one of ${allowed.map((a) => `'${a}'`).join(', ')}` });
  }

  positiveInteger(key: string, fallback?: number): number {
    const raw = this.raw(key) ?? fallback;
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1) return raw;
    throw LayerproofError.invalid({ op: this.op, argument: `config.${key}`, value: raw, expected: 'a positive integer' });
  }

  flag(key: string, fallback: boolean): boolean {
    const raw = this.raw(key) ?? fallback;
    if (typeof raw === 'boolean') return raw;
    throw LayerproofError.invalid({ op: this.op, argument: `config.${key}`, value: raw, expected: 'true or false' });
  }

  /** The fused activation, or undefined for a name layerproof does not evaluate (`logSoftmax`): see `activationReason`. */
  activation(): Activation | undefined {
    const raw = this.context.config.activation;
    try {
      return parseActivation(this.op, 'config.activation', raw);
    } catch (error) {
      if (typeof raw === 'string') return undefined;
      throw error;
    }
  }

  /** Why a layer whose `activation()` is undefined has no operator. */
  activationReason(): string {
    return `${this.op}: activation ${describeValue(this.context.config.activation)} (layerproof evaluates ${ACTIVATIONS.join(', ')})`;
  }

  /** `dataFormat`, defaulting to channelsLast. */
  dataFormat(): ImageLayout {
    const raw = this.raw('dataFormat') ?? 'channelsLast';
    if (raw === 'channelsLast' || raw === 'channelsFirst') return raw;
    throw LayerproofError.invalid({ op: this.op, argument: 'config.dataFormat', value: raw, expected: "'channelsLast' or 'channelsFirst'" });
  }

  /** The single input shape, which must have `rank` dimensions (`what` describes them). */
  input(rank: number, what: string): number[] {
    const shapes = this.context.inputShapes;
    const shape = shapes[0];
    if (shapes.length !== 1 || shape?.length !== rank) {
      throw LayerproofError.invalid({ op: this.op, argument: 'inputShape', value: shapes.length === 1 ? shape : shapes, expected: `one input of shape ${what} (without the batch)` });
    }
    return [...shape];
  }

  /** [height, width, channels] of the single image input, given in `layout`. */
  image(layout: ImageLayout): [number, number, number] {
    const [a, b, d] = this.input(3, layout === 'channelsFirst' ? '[channels, height, width]' : '[height, width, channels]') as [number, number, number];
    return layout === 'channelsFirst' ? [b, d, a] : [a, b, d];
  }

  /** The weight called `name`, whose shape must be `shape`. */
  weight(name: string, shape: readonly number[]): Float32Array {
    const w = this.context.weight(name);
    if (w === undefined) {
      const have = this.context.weights.map((v) => v.name);
      throw LayerproofError.invalid({ op: this.op, argument: `weights.${name}`, value: undefined, expected: `a weight of shape [${shape.join(', ')}] (the layer has ${have.length === 0 ? 'no weights' : have.join(', ')})` });
    }
    if (w.shape.length !== shape.length || w.shape.some((v, i) => v !== shape[i]) || w.data.length !== shape.reduce((a, b) => a * b, 1)) {
      throw LayerproofError.invalid({ op: this.op, argument: `weights.${name}.shape`, value: w.shape, expected: `[${shape.join(', ')}] for this layer's config and input shape [${this.context.inputShapes[0]?.join(', ') ?? ''}]` });
    }
    return w.data;
  }

  /** The bias of `channels` entries when `useBias` is on, else undefined. */
  bias(channels: number): Float32Array | undefined {
    return this.flag('useBias', true) ? this.weight('bias', [channels]) : undefined;
  }

  /** Refuses an operator whose output shape disagrees with the one TensorFlow.js computes for the layer. */
  expectOutput(shape: readonly number[]): void {
    const tfjs = this.context.outputShape;
    if (tfjs.length !== shape.length || tfjs.some((v, i) => v !== shape[i])) {
      throw new LayerproofError(
        `Error in ${this.op}: the operator's output shape [${shape.join(', ')}] differs from the shape TensorFlow.js computes, ` +
          `[${tfjs.join(', ')}], for input [${this.context.inputShapes[0]?.join(', ') ?? ''}].`,
        { op: this.op, argument: 'outputShape', value: tfjs },
      );
    }
  }
}

/** The shape of an image of height h, width w and c channels in `layout`. */
export function imageShape(layout: ImageLayout, h: number, w: number, c: number): number[] {
  return layout === 'channelsFirst' ? [c, h, w] : [h, w, c];
}
