import { LayerproofError, describeValue } from '../../core/LayerproofError.js';
import type { tf } from '../../tfjs/tf.js';
import { shapeSize } from '../AffineOperator.js';
import { loadTfjs, tfjsLoaded, type Tfjs } from './loadTfjs.js';

/** A function on tensors: a batch of inputs `[batch, ...inputShape]` in, one tensor (or several) with the same batch out. */
export type TensorMap = (x: tf.Tensor) => tf.Tensor | tf.Tensor[];

/** A plain function on one input, flattened row-major; it may compute in float64 and may be async. */
export type ArrayMap = (x: Float64Array) => ArrayLike<number> | number | Promise<ArrayLike<number> | number>;

/** What `assertAffine` and `assertLinear` accept. */
export type MapInput = tf.layers.Layer | tf.LayersModel | tf.GraphModel | TensorMap | ArrayMap;

/** How a function is called: on a `tf.Tensor` batch or on a `Float64Array`. */
export type MapInputKind = 'tensor' | 'array';

/** f's outputs on a list of inputs, flattened, and the shape of one output when f says it. */
export interface MapOutputs {
  readonly outputs: Float64Array[];
  readonly outputShape: readonly number[] | undefined;
}

/** A map ready to be evaluated, whatever it was given as. */
export interface MapUnderTest {
  /** `layer conv2d_1 (Conv2D)`, `model sequential_1`, `f (a function on tf.Tensor)`, … */
  readonly description: string;
  /** What f computes in: float32 for TensorFlow.js, float64 for a plain function. */
  readonly precision: 'float32' | 'float64';
  /** f on each input (flat, row-major, of the input shape). Throws `MapFailure` when f fails. */
  evaluate(inputs: readonly Float64Array[]): Promise<MapOutputs>;
}

/** f threw, or returned something that is not a finite vector: a finding about f, carried through fast-check to shrink its input. */
export class MapFailure extends Error {}

const EXPECTED_F = 'a TensorFlow.js layer (tf.layers.*), a tf.LayersModel or tf.GraphModel, a function on tf.Tensor (batch first) ' +
  'or a function (x: Float64Array) => ArrayLike<number>';

/**
 * Recognises f. Layers and models are called in inference mode on a batch of the inputs. A function
 * is called once with a zero tensor of shape `[1, ...inputShape]`: if it returns a `tf.Tensor` (or an
 * array of them) it is a map on tensors, otherwise a map on `Float64Array`; `input` skips that probe,
 * and so does a process that has not loaded TensorFlow.js (its functions cannot make tensors).
 */
export async function mapUnderTest(op: string, f: unknown, inputShape: readonly number[], input: MapInputKind | undefined): Promise<MapUnderTest> {
  if (typeof f === 'function') {
    if (input === 'array' || (input === undefined && !tfjsLoaded())) return arrayMap(f as ArrayMap);
    const tfjs = await loadTfjs();
    if (input === 'tensor' || returnsTensors(tfjs, f as (x: unknown) => unknown, inputShape)) {
      return tensorMap(tfjs, 'f (a function on tf.Tensor)', (x) => (f as (x: tf.Tensor) => unknown)(x), inputShape);
    }
    return arrayMap(f as ArrayMap);
  }
  if (typeof f !== 'object' || f === null) throw LayerproofError.invalid({ op, argument: 'f', value: f, expected: EXPECTED_F });
  const tfjs = await loadTfjs();
  // A LayersModel is also a Layer: models first.
  if (f instanceof tfjs.LayersModel) return tensorMap(tfjs, `model ${f.name}`, (x) => f.predict(x), inputShape);
  if (f instanceof tfjs.GraphModel) return tensorMap(tfjs, 'a graph model', (x) => f.predict(x), inputShape);
  if (f instanceof tfjs.layers.Layer) {
    return tensorMap(tfjs, `layer ${f.name} (${f.getClassName()})`, (x) => f.apply(x, { training: false }), inputShape);
  }
  throw LayerproofError.invalid({ op, argument: 'f', value: f, expected: EXPECTED_F });
}

function returnsTensors(tfjs: Tfjs, f: (x: unknown) => unknown, inputShape: readonly number[]): boolean {
  const probe = tfjs.zeros([1, ...inputShape]);
  let tensors = false;
  try {
    // Everything f makes from the probe is disposed with it; only the kind of its result is kept.
    tfjs.tidy(() => {
      const raw = f(probe);
      if (raw instanceof Promise) void raw.catch(() => undefined);
      tensors = tensorList(tfjs, raw) !== undefined;
    });
  } catch {
    // A function that cannot take a tensor: one on Float64Array, called as such from now on.
  } finally {
    probe.dispose();
  }
  return tensors;
}

/** f's result as a list of tensors, or undefined when it is not a tensor, an array or a map of them. */
function tensorList(tfjs: Tfjs, raw: unknown): tf.Tensor[] | undefined {
  if (raw instanceof tfjs.Tensor) return [raw];
  if (Array.isArray(raw) && raw.length > 0 && raw.every((t) => t instanceof tfjs.Tensor)) return raw as tf.Tensor[];
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    // A graph model's named outputs, in the order of their names.
    const entries = Object.entries(raw as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length > 0 && entries.every(([, t]) => t instanceof tfjs.Tensor)) return entries.map(([, t]) => t as tf.Tensor);
  }
  return undefined;
}

function tensorMap(tfjs: Tfjs, description: string, run: (x: tf.Tensor) => unknown, inputShape: readonly number[]): MapUnderTest {
  const size = shapeSize(inputShape);
  const shapeText = `[${inputShape.join(', ')}]`;
  return {
    description,
    precision: 'float32',
    evaluate: async (inputs) => {
      const batch = inputs.length;
      const flat = new Float32Array(batch * size);
      inputs.forEach((x, s) => flat.set(x, s * size));
      const x = tfjs.tensor(flat, [batch, ...inputShape], 'float32');
      let outs: tf.Tensor[] = [];
      try {
        outs = tfjs.tidy(() => {
          let raw: unknown;
          try {
            raw = run(x);
          } catch (error) {
            throw new MapFailure(`it threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
          }
          if (raw instanceof Promise) {
            void raw.catch(() => undefined);
            throw new MapFailure('it returned a Promise; a function on tf.Tensor must return its tensor (or tensors) synchronously');
          }
          const list = tensorList(tfjs, raw);
          if (list === undefined) throw new MapFailure(`it returned ${describeValue(raw)}, not a tf.Tensor or an array of them`);
          return list;
        });
        for (const t of outs) {
          if (t.shape[0] !== batch) {
            throw new MapFailure(
              `it returned a tensor of shape [${t.shape.join(', ')}] for a batch of ${batch} inputs of shape ${shapeText}; ` +
                'a map on tensors must keep the batch as its first axis',
            );
          }
        }
        const data = await Promise.all(outs.map(async (t) => t.data()));
        const outputs = Array.from({ length: batch }, (_v, s) => {
          const parts = data.map((d) => {
            const per = d.length / batch;
            return Array.prototype.slice.call(d, s * per, (s + 1) * per) as number[];
          });
          return Float64Array.from(parts.flat());
        });
        const first = outs[0];
        return { outputs, outputShape: outs.length === 1 && first !== undefined ? first.shape.slice(1) : undefined };
      } finally {
        x.dispose();
        for (const t of outs) t.dispose();
      }
    },
  };
}

function arrayMap(f: ArrayMap): MapUnderTest {
  return {
    description: 'f (a function on Float64Array)',
    precision: 'float64',
    evaluate: async (inputs) => {
      const outputs: Float64Array[] = [];
      for (const x of inputs) {
        let raw: unknown;
        try {
          raw = await f(Float64Array.from(x));
        } catch (error) {
          throw new MapFailure(
            `it threw: ${error instanceof Error ? error.message : String(error)} (f was called with a Float64Array, ` +
              "as it did not return a tf.Tensor for a tensor; pass { input: 'tensor' } if it takes tensors)",
            { cause: error },
          );
        }
        if (typeof raw === 'number') outputs.push(Float64Array.of(raw));
        else if (Array.isArray(raw) || (ArrayBuffer.isView(raw) && !(raw instanceof DataView))) outputs.push(Float64Array.from(raw as ArrayLike<number>, Number));
        else throw new MapFailure(`it returned ${describeValue(raw)}, not a number or an array of numbers`);
      }
      return { outputs, outputShape: undefined };
    },
  };
}
