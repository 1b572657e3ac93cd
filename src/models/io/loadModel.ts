import { LayerproofError } from '../../core/LayerproofError.js';
import { tf } from '../../tfjs/tf.js';
import { checkKerasConfig } from './checkKerasConfig.js';
import { explainWeightError, isWeightLoadingError } from './explainWeightError.js';
import { modelFormat } from './modelFormat.js';
import { normalizeKerasTopology } from './normalizeKerasTopology.js';
import { readModelJson } from './readModelJson.js';
import { readWeights } from './readWeights.js';

const op = 'loadModel';

export interface LoadModelOptions {
  /**
   * The input shape without the batch dimension, e.g. `[32, 32, 3]`, for a single-input model:
   * it must have the rank of the model's input and agree with every size the model fixes; it
   * fills the sizes the model leaves open. Default: the model's declared input shape.
   */
  readonly inputShape?: readonly number[];
}

interface LoadedModelCommon {
  /** Absolute path of the model.json that was read. */
  readonly modelJsonPath: string;
  /**
   * The parsed modelTopology: a GraphDef as in the file, or a Keras config as tfjs read it
   * (normalised to the Keras 2 form: dtype strings, `batch_input_shape`, list inbound nodes).
   */
  readonly topology: Readonly<Record<string, unknown>>;
  /** Each input's declared shape without the batch (null where the model leaves a size open; null for a graph input of unknown rank). */
  readonly inputShapes: readonly (readonly (number | null)[] | null)[];
  /** The single input's shape to use: `options.inputShape` when given, else the declared shape when fully known, else null. */
  readonly inputShape: readonly number[] | null;
  /** `generatedBy` of the model.json (e.g. `keras v2.15.0`, `TensorFlow.js tfjs-layers v4.22.0`). */
  readonly generatedBy?: string;
  /** `convertedBy` of the model.json (e.g. `TensorFlow.js Converter v4.17.0`); absent for models saved by tfjs itself. */
  readonly convertedBy?: string;
  /** Frees the model's weights. */
  dispose(): void;
}

/** A model read from disk: a layers model or a graph model, with what its model.json says about it. */
export type LoadedModel =
  | (LoadedModelCommon & { readonly format: 'layers-model'; readonly model: tf.LayersModel })
  | (LoadedModelCommon & { readonly format: 'graph-model'; readonly model: tf.GraphModel });

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function checkInputShapeOption(shape: unknown): readonly number[] | undefined {
  if (shape === undefined) return undefined;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'options.inputShape', value: shape, expected: 'a non-empty array of positive integers without the batch dimension, e.g. [32, 32, 3]' });
  }
  return shape as number[];
}

const showShape = (s: readonly (number | null)[]): string => `[${s.map((d) => d ?? 'any').join(', ')}]`;

/** The shape to use for the model's single input, refusing a given one the model cannot take. */
function resolveInputShape(file: string, declared: readonly (readonly (number | null)[] | null)[], names: readonly string[], given: readonly number[] | undefined): readonly number[] | null {
  if (given === undefined) {
    const only = declared.length === 1 ? declared[0] : undefined;
    return only !== undefined && only !== null && only.every((d) => d !== null) ? only : null;
  }
  if (declared.length !== 1) {
    throw LayerproofError.invalid({ op, argument: 'options.inputShape', value: given, expected: `left out: the model in ${file} has ${declared.length} inputs (${names.join(', ')}), and inputShape describes a single input` });
  }
  const want = declared[0];
  if (want === null || want === undefined) return given;
  const fits = want.length === given.length && want.every((d, i) => d === null || d === given[i]);
  if (!fits) {
    const channels = want.length === given.length && want[want.length - 1] !== given[given.length - 1] ? ` (the model takes ${want[want.length - 1]} channels)` : '';
    throw LayerproofError.invalid({
      op, argument: 'options.inputShape', value: given,
      expected: `of rank ${want.length} and agree with the input '${names[0] ?? 'input'}' the model in ${file} declares, ${showShape(want)} without the batch${channels}`,
    });
  }
  return given;
}

/**
 * Reads a TensorFlow.js model from disk: `path` is a model.json or a folder holding one, as
 * `model.save('file://…')` or tensorflowjs_converter writes them (layers models of Keras 2 and 3
 * topologies, graph models, sharded and quantized weights). The files are read here with node:fs
 * and handed to `tf.loadLayersModel` / `tf.loadGraphModel` through an IOHandler, after checks
 * that turn every way the files can be wrong into a message naming the file, the layer or
 * weight and the value. The training config is not loaded: nothing here trains.
 */
export async function loadModel(path: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const givenShape = checkInputShapeOption((options as { inputShape?: unknown }).inputShape);
  const { path: file, json } = await readModelJson(path);
  const format = modelFormat(file, json);
  const weights = await readWeights(file, json.weightsManifest);
  const about = {
    ...(typeof json.generatedBy === 'string' && { generatedBy: json.generatedBy }),
    ...(typeof json.convertedBy === 'string' && { convertedBy: json.convertedBy }),
  };
  const artifacts: tf.io.ModelArtifacts = {
    format,
    ...about,
    ...(weights !== null && { weightSpecs: weights.specs, weightData: weights.data }),
    ...(isObject(json.userDefinedMetadata) && { userDefinedMetadata: json.userDefinedMetadata as Record<string, object> }),
  };
  const rawTopology = json.modelTopology as Record<string, unknown>;

  if (format === 'layers-model') {
    const topology = normalizeKerasTopology(file, rawTopology);
    checkKerasConfig(file, isObject(topology.model_config) ? topology.model_config : topology);
    let model: tf.LayersModel;
    try {
      model = await tf.loadLayersModel({ load: () => Promise.resolve({ ...artifacts, modelTopology: topology }) });
    } catch (error) {
      if (error instanceof Error && isWeightLoadingError(error.message)) throw await explainWeightError(file, topology, weights?.specs ?? [], error);
      throw new LayerproofError(`Error in ${op}: TensorFlow.js cannot build the layers model in ${file}: ${firstLine(error)}.`, { op, argument: 'modelTopology', value: file, cause: error });
    }
    const inputShapes = model.inputs.map((t) => t.shape.slice(1));
    try {
      const inputShape = resolveInputShape(file, inputShapes, model.inputs.map((t) => t.sourceLayer.name), givenShape);
      return { format, model, modelJsonPath: file, topology, inputShapes, inputShape, ...about, dispose: () => { model.dispose(); } };
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  let model: tf.GraphModel;
  try {
    model = await tf.loadGraphModel({
      load: () => Promise.resolve({
        ...artifacts,
        // tfjs reads versions.producer unguarded; hand-written GraphDefs often leave versions out.
        modelTopology: isObject(rawTopology.versions) ? rawTopology : { ...rawTopology, versions: {} },
        ...(isObject(json.signature) && { signature: json.signature }),
        ...(isObject(json.modelInitializer) && { modelInitializer: json.modelInitializer }),
        ...(isObject(json.initializerSignature) && { initializerSignature: json.initializerSignature }),
      }),
    });
  } catch (error) {
    throw new LayerproofError(`Error in ${op}: TensorFlow.js cannot build the graph model in ${file}: ${firstLine(error)}.`, { op, argument: 'modelTopology', value: file, cause: error });
  }
  const inputShapes = model.inputs.map((t) => (Array.isArray(t.shape) ? t.shape.slice(1).map((d) => (d >= 0 ? d : null)) : null));
  try {
    const inputShape = resolveInputShape(file, inputShapes, model.inputs.map((t) => t.name), givenShape);
    return { format, model, modelJsonPath: file, topology: rawTopology, inputShapes, inputShape, ...about, dispose: () => { model.dispose(); } };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
