import { resolve } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { BackendChoice, DeviceChoice } from '../../cnn/backends/selectBackend.js';
import { isRunFolder, loadRunModel } from '../../cnn/train/loadRunModel.js';
import { useTrainingBackend, type TrainingBackend } from '../../cnn/train/useTrainingBackend.js';
import type { GraphDefJson } from '../../models/graph/GraphDefJson.js';
import { loadModel } from '../../models/io/loadModel.js';
import { readModelInputs, type PixelRange } from '../../models/io/readModelInputs.js';
import { readLayerWeights } from '../../models/layers/layerOperator.js';
import { tf } from '../../tfjs/tf.js';
import { circularSpectrum } from '../circularSpectrum.js';
import type { NormBoundOptions } from '../NormBound.js';
import { relativeGap } from '../NormBound.js';
import { reshapedKernelNorm } from '../reshapedKernelNorm.js';
import { certifiedRadii, type CertifiedRadii } from './certifiedRadii.js';
import { logitsFunction } from './logitsFunction.js';
import { modelLipschitz, type LipschitzModel, type ModelLipschitz, type SiteLipschitz } from './modelLipschitz.js';
import type { NormProvider } from './NormProvider.js';

export interface SpectrumOptions {
  /** Image files or folders of them, resized to the model's input. */
  readonly images?: readonly string[];
  /** CIFAR-10 binary files. */
  readonly cifar?: readonly string[];
  /** N seeded random inputs, uniform over the pixel range (the default for a model.json: 8). */
  readonly random?: number;
  readonly seed?: number;
  /** At most this many inputs (for a run: its first test images; default 100 there). */
  readonly limit?: number;
  /** [height, width, channels] where the model leaves its input size open. */
  readonly inputShape?: readonly number[];
  /** Pixel scaling of image files (default '0,1'). */
  readonly range?: PixelRange;
  /** For a run folder: where its test files are now, if they moved. */
  readonly data?: string;
  readonly backend?: BackendChoice;
  readonly device?: DeviceChoice;
  /** Radii at which to report the share certified (default 0.01, 0.1, 0.5). */
  readonly radii?: readonly number[];
  /** Compute every singular value of each convolution with circular padding (for the plot; default false). */
  readonly spectra?: boolean;
  readonly norm?: NormBoundOptions;
  /** Where the layers' norms come from (default `src/spectrum`'s certified bounds). */
  readonly norms?: NormProvider;
  /** Called as each step starts: for progress bars. */
  readonly onProgress?: (done: number, total: number, name: string) => void;
}

/** One row of the table: a site's certified norm interval, its rule, and the bound reached at its output. */
export interface SpectrumLayer {
  readonly name: string;
  /** Layer class or graph op, as verify-model names it. */
  readonly kind: string;
  readonly status: SiteLipschitz['status'];
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** The certified interval of the operator norm ‖T‖₂ (equal when exact). */
  readonly lower?: number;
  readonly upper?: number;
  /** (upper − lower)/upper. */
  readonly gap?: number;
  readonly exact?: boolean;
  readonly smallest?: number;
  readonly method?: string;
  readonly rests?: string;
  readonly ms?: number;
  /** σ_max of the kernel reshaped to cout × (cin·kh·kw), what spectral_norm computes (Conv2D). */
  readonly reshapedKernel?: number;
  readonly activation?: string;
  readonly factor?: number;
  readonly rule: string;
  /** Lipschitz bound from the model's input to this site's output. */
  readonly bound?: number;
}

/** Every singular value of one convolution with circular padding on its input grid, descending. */
export interface CircularLayerSpectrum {
  readonly name: string;
  readonly kind: string;
  readonly grid: readonly [number, number];
  readonly values: Float64Array;
}

export interface SpectrumReport {
  readonly source: 'run' | 'layers-model' | 'graph-model';
  readonly path: string;
  readonly backend: TrainingBackend;
  readonly configuration?: string;
  readonly inputShape: readonly number[];
  readonly inputs: { readonly samples: number; readonly sources: readonly string[]; readonly distribution: string; readonly units: string };
  readonly layers: readonly SpectrumLayer[];
  readonly lipschitz: Pick<ModelLipschitz, 'bound' | 'logits' | 'rules' | 'noBound'>;
  readonly radii?: CertifiedRadii;
  /** Why there are no certified radii, when there are none. */
  readonly radiiSkipped?: string;
  /** The circular spectra computed (values in `SpectrumRun.spectra`), or why one was not. */
  readonly spectra: readonly { readonly name: string; readonly grid?: readonly [number, number]; readonly count?: number; readonly largest?: number; readonly smallest?: number; readonly skipped?: string }[];
}

export interface SpectrumRun {
  readonly report: SpectrumReport;
  readonly spectra: readonly CircularLayerSpectrum[];
}

interface Loaded {
  readonly model: LipschitzModel;
  readonly batch: tf.Tensor;
  readonly source: SpectrumReport['source'];
  readonly configuration?: string;
  readonly inputShape?: readonly number[];
  readonly inputs: SpectrumReport['inputs'];
  dispose(): void;
}

async function load(op: string, path: string, options: SpectrumOptions): Promise<Loaded> {
  const given = [options.images, options.cifar].filter((v) => v !== undefined && v.length > 0).length + (options.random === undefined ? 0 : 1);
  if (given > 1) throw LayerproofError.invalid({ op, argument: 'inputs', value: { images: options.images, cifar: options.cifar, random: options.random }, expected: 'one source of inputs: images, CIFAR files, or random' });
  if (isRunFolder(path)) {
    if (given > 0) {
      throw LayerproofError.invalid({
        op, argument: 'inputs', value: { images: options.images, cifar: options.cifar, random: options.random },
        expected: `none for a run folder (${path}): a run is measured on its own test images, normalised as in training; choose how many with --limit N (default 100)`,
      });
    }
    const run = loadRunModel(path, options.data === undefined ? {} : { data: options.data });
    const batch = run.testImages(options.limit ?? 100);
    return {
      model: run.model, batch, source: 'run', configuration: run.configuration,
      inputs: { samples: batch.shape[0] ?? 0, sources: run.testFiles, distribution: 'the first test images of the run, normalised as in training', units: 'normalised pixels, as the run trained on them' },
      dispose: () => { batch.dispose(); run.model.dispose(); },
    };
  }
  const loaded = await loadModel(path, options.inputShape === undefined ? {} : { inputShape: [...options.inputShape] });
  try {
    const shape = loaded.inputShape;
    if (loaded.inputShapes.length !== 1) {
      throw LayerproofError.invalid({ op, argument: 'model inputs', value: loaded.inputShapes.length, expected: 'a model with one input' });
    }
    if (shape === null) {
      throw LayerproofError.invalid({ op, argument: '--input-shape', value: loaded.inputShapes[0], expected: 'given: the model leaves its input size open, so say which size to measure, e.g. --input-shape 224,224,3' });
    }
    const read = await readModelInputs({
      shape,
      ...(options.images !== undefined && { images: [...options.images] }),
      ...(options.cifar !== undefined && { cifar: [...options.cifar] }),
      ...(options.random !== undefined && { random: options.random }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.range !== undefined && { range: options.range }),
      ...(options.limit !== undefined && { limit: options.limit }),
      ...(given === 0 && { random: 8 }),
    });
    const model: LipschitzModel = loaded.format === 'layers-model' ? loaded.model : { model: loaded.model, topology: loaded.topology as unknown as GraphDefJson };
    const units = options.images !== undefined || options.cifar !== undefined ? `pixels scaled to [${options.range ?? '0,1'}]` : `the random inputs' units (uniform over [${options.range ?? '0,1'}])`;
    return {
      model, batch: read.batch, source: loaded.format, inputShape: shape,
      inputs: { samples: read.batch.shape[0] ?? 0, sources: read.sources, distribution: read.distribution, units },
      dispose: () => { read.batch.dispose(); loaded.dispose(); },
    };
  } catch (error) {
    loaded.dispose();
    throw error;
  }
}

const CONVOLUTIONS = new Set(['Conv2D', 'DepthwiseConv2D']);

function numberPair(value: unknown): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return [value[0] as number, value[1] as number];
  return [1, 1];
}

/** The kernel of a top-level Conv2D or DepthwiseConv2D layer, with what circularSpectrum needs. */
async function convolution(model: LipschitzModel, entry: SiteLipschitz): Promise<{ kernel: { shape: readonly number[]; data: Float32Array }; depthwise: boolean; strides: [number, number]; dilations: [number, number] } | undefined> {
  if (!(model instanceof tf.LayersModel) || !CONVOLUTIONS.has(entry.kind) || entry.name.includes('/')) return undefined;
  const layer = model.getLayer(entry.name.replace(/#\d+$/, ''));
  const config = layer.getConfig();
  if (config.dataFormat === 'channelsFirst') return undefined;
  const depthwise = entry.kind === 'DepthwiseConv2D';
  const kernel = (await readLayerWeights(layer)).find((w) => w.name === (depthwise ? 'depthwise_kernel' : 'kernel'));
  if (kernel?.shape.length !== 4) return undefined;
  return { kernel, depthwise, strides: numberPair(config.strides), dilations: numberPair(config.dilationRate) };
}

/** The input grid, rounded up to what a circular convolution of this kernel and stride needs. */
function circularGrid(inputShape: readonly number[], kernel: readonly number[], strides: readonly [number, number], dilations: readonly [number, number]): [number, number] {
  const fit = (n: number, k: number, s: number, d: number): number => {
    const m = Math.max(n, (k - 1) * d + 1);
    return Math.ceil(m / s) * s;
  };
  return [fit(inputShape[0] ?? 1, kernel[0] ?? 1, strides[0], dilations[0]), fit(inputShape[1] ?? 1, kernel[1] ?? 1, strides[1], dilations[1])];
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * `layerproof spectrum PATH`: for a run folder or any model verify-model reads, each layer's
 * certified operator-norm interval (and, beside a convolution's, the reshaped-kernel value
 * spectral_norm uses), the model's Lipschitz bound from its input to its logits with every rule
 * stated, each input's certified ℓ₂ radius with the network's local gradient norm beside it, and
 * on request every singular value of each convolution taken with circular padding.
 */
export async function spectrumReport(path: string, options: SpectrumOptions = {}): Promise<SpectrumRun> {
  const op = 'spectrumReport';
  if (typeof path !== 'string' || path === '') throw LayerproofError.invalid({ op, argument: 'path', value: path, expected: 'a run folder, a model.json file, or a folder holding one' });
  const backend = await useTrainingBackend({
    ...(options.backend !== undefined && { backend: options.backend }),
    ...(options.device !== undefined && { device: options.device }),
  });
  const loaded = await load(op, path, options);
  try {
    const inputShape = loaded.inputShape ?? loaded.batch.shape.slice(1);
    const lipschitz = await modelLipschitz(loaded.model, {
      inputShape,
      ...(options.norm !== undefined && { norm: options.norm }),
      ...(options.norms !== undefined && { norms: options.norms }),
      ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
    });

    const layers: SpectrumLayer[] = [];
    const spectra: CircularLayerSpectrum[] = [];
    const spectraInfo: SpectrumReport['spectra'][number][] = [];
    for (const entry of lipschitz.layers) {
      const n = entry.norm;
      let reshapedKernel: number | undefined;
      const conv = entry.status === 'affine' ? await convolution(loaded.model, entry) : undefined;
      if (conv !== undefined && !conv.depthwise) reshapedKernel = reshapedKernelNorm(conv.kernel);
      if (conv !== undefined && options.spectra === true) {
        options.onProgress?.(lipschitz.layers.indexOf(entry), lipschitz.layers.length, `spectrum of ${entry.name}`);
        const grid = circularGrid(entry.inputShapes[0] ?? [], conv.kernel.shape, conv.strides, conv.dilations);
        try {
          const values = circularSpectrum(conv.kernel, grid, { depthwise: conv.depthwise, dilations: conv.dilations, strides: conv.strides });
          spectra.push({ name: entry.name, kind: entry.kind, grid, values });
          spectraInfo.push({ name: entry.name, grid, count: values.length, largest: values[0] ?? 0, smallest: values[values.length - 1] ?? 0 });
        } catch (error) {
          spectraInfo.push({ name: entry.name, skipped: message(error) });
        }
      }
      layers.push({
        name: entry.name, kind: entry.kind, status: entry.status, inputShapes: entry.inputShapes, outputShape: entry.outputShape,
        ...(n !== undefined && {
          lower: n.lower, upper: n.upper, gap: relativeGap(n), exact: n.exact, method: n.method, rests: n.rests, ms: n.ms,
          ...(n.smallest !== undefined && { smallest: n.smallest }),
        }),
        ...(reshapedKernel !== undefined && { reshapedKernel }),
        ...(entry.activation !== undefined && { activation: entry.activation }),
        ...(entry.factor !== undefined && { factor: entry.factor }),
        rule: entry.rule,
        ...(entry.bound !== undefined && { bound: entry.bound }),
      });
    }

    let radii: CertifiedRadii | undefined;
    let radiiSkipped: string | undefined;
    if (lipschitz.bound === undefined) {
      radiiSkipped = `no certified radii: the model has no Lipschitz bound (${lipschitz.noBound.map((b) => b.layer).join(', ')})`;
    } else {
      options.onProgress?.(lipschitz.layers.length, lipschitz.layers.length, 'certified radii');
      const logits = await logitsFunction(loaded.model, lipschitz.logits, inputShape);
      try {
        radii = await certifiedRadii(logits.apply, loaded.batch, lipschitz.bound, options.radii === undefined ? {} : { radii: options.radii });
      } catch (error) {
        if (!(error instanceof LayerproofError)) throw error;
        radiiSkipped = `no certified radii: ${error.message}`;
      } finally {
        logits.dispose();
      }
    }
    const report: SpectrumReport = {
      source: loaded.source, path: resolve(path), backend,
      ...(loaded.configuration !== undefined && { configuration: loaded.configuration }),
      inputShape, inputs: loaded.inputs, layers,
      lipschitz: { ...(lipschitz.bound !== undefined && { bound: lipschitz.bound }), logits: lipschitz.logits, rules: lipschitz.rules, noBound: lipschitz.noBound },
      ...(radii !== undefined && { radii }),
      ...(radiiSkipped !== undefined && { radiiSkipped }),
      spectra: spectraInfo,
    };
    return { report, spectra };
  } finally {
    loaded.dispose();
  }
}
