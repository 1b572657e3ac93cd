import { LayerproofError, describeValue } from '../core/LayerproofError.js';
import { convGeometry, type ConvGeometry, type Padding } from '../linear/convGeometry.js';
import { LAYER_KINDS, type LayerSpec, type ModelSpec, type Pair } from './LayerSpec.js';

export interface InferredLayer {
  /** 1-based position in `model.layers`. */
  readonly index: number;
  /** Human name used in messages: `layer 5 (conv2d, the third convolution)`. */
  readonly label: string;
  readonly spec: LayerSpec;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** Window geometry for convolutions and poolings. */
  readonly geometry?: ConvGeometry;
  /** Trainable parameters (and batch-norm statistics). */
  readonly params: number;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

function ordinal(n: number): string {
  return ORDINALS[n - 1] ?? `${n}th`;
}

function isConv(spec: LayerSpec): boolean {
  return spec.kind === 'conv2d' || spec.kind === 'depthwiseConv2d';
}

/**
 * Runs the window geometry through the whole model before anything is built, so a model
 * whose layer would produce an empty output is refused with a message naming the layer,
 * its input size and what would fit (the exercise's third 5×5 convolution, for one).
 */
export function inferShapes(model: ModelSpec): InferredLayer[] {
  const op = 'inferShapes';
  if (typeof model !== 'object' || model === null) {
    throw LayerproofError.invalid({ op, argument: 'model', value: model, expected: '{ inputShape: [h, w, c], layers: [...] }' });
  }
  const inputShape = model.inputShape as unknown;
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'model.inputShape', value: inputShape, expected: '[height, width, channels], three positive integers, e.g. [32, 32, 3]' });
  }
  if (!Array.isArray(model.layers) || model.layers.length === 0) {
    throw LayerproofError.invalid({ op, argument: 'model.layers', value: model.layers, expected: 'a non-empty array of layer specs' });
  }

  const result: InferredLayer[] = [];
  let shape: readonly number[] = inputShape as number[];
  let convCount = 0;
  let lastConv: InferredLayer | undefined;

  model.layers.forEach((spec: LayerSpec, i) => {
    const index = i + 1;
    const at = `model.layers[${i}]`;
    if (typeof spec !== 'object' || spec === null || !LAYER_KINDS.includes(spec.kind)) {
      throw LayerproofError.invalid({ op, argument: `${at}.kind`, value: (spec as { kind?: unknown } | null)?.kind ?? spec, expected: `one of ${LAYER_KINDS.map((k) => `'${k}'`).join(', ')}` });
    }
    if (isConv(spec)) convCount++;
    const label = `layer ${index} (${spec.kind}${isConv(spec) ? `, the ${ordinal(convCount)} convolution` : ''}${spec.name === undefined ? '' : ` '${spec.name}'`})`;
    const image = (): [number, number, number] => {
      if (shape.length !== 3) {
        throw new LayerproofError(
          `Error in ${op}: ${label} needs an image input [height, width, channels] but gets the flat vector [${shape.join(', ')}]. ` +
            'Valid: put convolutions and poolings before the flatten layer.',
          { op, argument: at, value: shape },
        );
      }
      return shape as [number, number, number];
    };
    const windowGeometry = (kernel: Pair, strides: Pair | undefined, dilations: Pair | undefined, padding: Padding | undefined, windowName: string): ConvGeometry => {
      try {
        return convGeometry({
          op: label, inputShape: image(), kernelSize: kernel, windowName,
          ...(strides !== undefined && { strides }),
          ...(dilations !== undefined && { dilations }),
          ...(padding !== undefined && { padding }),
        });
      } catch (error) {
        if (!(error instanceof LayerproofError) || lastConv === undefined || isConv(spec) || !/does not fit/.test(error.message)) throw error;
        const g = lastConv.geometry;
        const convSpec = lastConv.spec as { padding?: Padding };
        throw new LayerproofError(
          `${error.message} Its ${shape[0]}×${shape[1]} input is the output of the ${ordinal(convCount)} convolution, ` +
            `${lastConv.label.replace(/ \(.*/, '')}: a ${g?.kernelHeight}×${g?.kernelWidth} kernel with padding ` +
            `${describeValue(convSpec.padding ?? 'valid')} on its ${lastConv.inputShape[0]}×${lastConv.inputShape[1]} input gives ` +
            `${lastConv.outputShape[0]}×${lastConv.outputShape[1]}. Use padding 'same' there, a smaller kernel, or fewer pooling layers.`,
          { op, argument: at, value: shape, cause: error },
        );
      }
    };

    let out: readonly number[];
    let geometry: ConvGeometry | undefined;
    let params = 0;
    switch (spec.kind) {
      case 'conv2d': {
        positiveInt(op, `${at}.filters`, spec.filters);
        geometry = windowGeometry(spec.kernel, spec.strides, spec.dilations, spec.padding, 'kernel');
        out = [geometry.outHeight, geometry.outWidth, spec.filters];
        params = geometry.kernelHeight * geometry.kernelWidth * geometry.inChannels * spec.filters + (spec.useBias === false ? 0 : spec.filters);
        break;
      }
      case 'depthwiseConv2d': {
        const m = spec.depthMultiplier ?? 1;
        positiveInt(op, `${at}.depthMultiplier`, m);
        geometry = windowGeometry(spec.kernel, spec.strides, spec.dilations, spec.padding, 'kernel');
        out = [geometry.outHeight, geometry.outWidth, geometry.inChannels * m];
        params = geometry.kernelHeight * geometry.kernelWidth * geometry.inChannels * m + (spec.useBias === false ? 0 : geometry.inChannels * m);
        break;
      }
      case 'avgPool':
      case 'sumPool':
      case 'maxPool': {
        if (spec.padding !== undefined && spec.padding !== 'valid' && spec.padding !== 'same') {
          throw LayerproofError.invalid({ op: label, argument: `${at}.padding`, value: spec.padding, expected: "'valid' or 'same'" });
        }
        geometry = windowGeometry(spec.poolSize, spec.strides ?? spec.poolSize, undefined, spec.padding, 'window');
        out = [geometry.outHeight, geometry.outWidth, geometry.inChannels];
        break;
      }
      case 'relu':
      case 'dropout':
        if (spec.kind === 'dropout' && (typeof spec.rate !== 'number' || !(spec.rate >= 0 && spec.rate < 1))) {
          throw LayerproofError.invalid({ op: label, argument: `${at}.rate`, value: spec.rate, expected: 'a number in [0, 1)' });
        }
        out = shape;
        break;
      case 'batchNorm': {
        const channels = shape[shape.length - 1] ?? 0;
        out = shape;
        params = 4 * channels;
        break;
      }
      case 'flatten':
        out = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'dense': {
        positiveInt(op, `${at}.units`, spec.units);
        if (shape.length !== 1) {
          throw new LayerproofError(
            `Error in ${op}: ${label} needs a flat input but gets [${shape.join(', ')}]. Valid: add { kind: 'flatten' } before it.`,
            { op, argument: at, value: shape },
          );
        }
        out = [spec.units];
        params = (shape[0] ?? 0) * spec.units + (spec.useBias === false ? 0 : spec.units);
        break;
      }
    }
    const layer: InferredLayer = { index, label, spec, inputShape: shape, outputShape: out, ...(geometry !== undefined && { geometry }), params };
    result.push(layer);
    if (isConv(spec)) lastConv = layer;
    shape = out;
  });
  return result;
}

function positiveInt(op: string, argument: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw LayerproofError.invalid({ op, argument, value, expected: 'a positive integer' });
  }
}
