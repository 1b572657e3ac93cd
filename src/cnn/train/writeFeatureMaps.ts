import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { ModelSpec } from '../LayerSpec.js';
import { inferShapes } from '../inferShapes.js';
import { tf } from '../../tfjs/tf.js';
import { CIFAR_PIXELS, type CifarImages } from './cifarFormat.js';
import { describeFirstLayerFilters, type FilterDescription } from './describeFirstLayerFilters.js';
import { fillBatch } from './fillBatch.js';
import type { Normalisation } from './normalisation.js';
import { renderFeatureGrid, renderRgbImage } from './renderFeatureGrid.js';

export interface LayerActivation {
  readonly index: number;
  readonly label: string;
  readonly kind: string;
  readonly outputShape: readonly number[];
  /** Fraction of the activation's entries that are exactly 0, over the chosen images. */
  readonly zeroFraction: number;
}

export interface FeatureMaps {
  readonly images: readonly {
    readonly index: number;
    readonly label: string;
    readonly predicted: string;
    /** Paths relative to the run folder: the input, then one grid per convolution and pooling layer. */
    readonly files: readonly { readonly layer: string; readonly file: string; readonly shape: readonly number[] }[];
  }[];
  readonly layers: readonly LayerActivation[];
  readonly filters: readonly FilterDescription[];
  /** The first convolution's filters as colour pictures, relative to the run folder. */
  readonly filtersFile?: string;
}

/**
 * For each chosen test image: the input, and every channel of every convolution and pooling
 * layer as a PNG grid (viridis), computed by running the trained layers one after another at
 * inference. Also measures how much of each layer's output is zero and draws the first
 * layer's filters.
 */
export async function writeFeatureMaps(
  out: string, model: tf.LayersModel, spec: ModelSpec, test: CifarImages, indices: readonly number[], norm: Normalisation, classNames: readonly string[],
): Promise<FeatureMaps> {
  const inferred = inferShapes(spec);
  if (model.layers.length !== inferred.length) throw new Error(`writeFeatureMaps: the model has ${model.layers.length} layers, its spec ${inferred.length}`);
  for (const i of indices) {
    if (i >= test.count) {
      throw LayerproofError.invalid({ op: 'writeFeatureMaps', argument: 'images', value: indices, expected: `indices of test images, below ${test.count}` });
    }
  }
  const dir = join(out, 'feature-maps');
  mkdirSync(dir, { recursive: true });
  const zeros = new Array<number>(inferred.length).fill(0);
  const totals = new Array<number>(inferred.length).fill(0);
  const images: FeatureMaps['images'][number][] = [];
  const buffer = new Float32Array(CIFAR_PIXELS);
  for (const index of indices) {
    const sub = join(dir, `image-${index}`);
    mkdirSync(sub, { recursive: true });
    const files: { layer: string; file: string; shape: readonly number[] }[] = [];
    const pixels = test.pixels.subarray(index * CIFAR_PIXELS, (index + 1) * CIFAR_PIXELS);
    writeFileSync(join(sub, '00-input.png'), renderRgbImage(pixels, [32, 32], 4));
    files.push({ layer: 'input', file: `feature-maps/image-${index}/00-input.png`, shape: [32, 32, 3] });
    fillBatch(test, [index], norm, buffer);
    let x: tf.Tensor = tf.tensor4d(buffer, [1, 32, 32, 3]);
    let predicted = -1;
    for (const [i, layer] of inferred.entries()) {
      const y = model.layers[i]?.apply(x, { training: false });
      if (!(y instanceof tf.Tensor)) throw new Error(`writeFeatureMaps: layer ${i + 1} gave no tensor`);
      x.dispose();
      x = y;
      // Asynchronous: tfjs's webgpu backend cannot read a tensor synchronously in Node.
      const values = await y.data();
      let z = 0;
      for (const v of values) if (v === 0) z++;
      zeros[i] = (zeros[i] as number) + z;
      totals[i] = (totals[i] as number) + values.length;
      const kind = layer.spec.kind;
      if (y.shape.length === 4 && (kind === 'conv2d' || kind === 'depthwiseConv2d' || kind === 'avgPool' || kind === 'maxPool' || kind === 'sumPool')) {
        const [, h = 1, w = 1, c = 1] = y.shape;
        const name = `${String(i + 1).padStart(2, '0')}-${(layer.spec.name ?? kind).replace(/[^A-Za-z0-9_-]/g, '_')}.png`;
        writeFileSync(join(sub, name), renderFeatureGrid(values, [h, w, c]));
        files.push({ layer: layer.label, file: `feature-maps/image-${index}/${name}`, shape: [h, w, c] });
      }
      if (i === inferred.length - 1) {
        let best = -Infinity;
        values.forEach((v, k) => {
          if (v > best) {
            best = v;
            predicted = k;
          }
        });
      }
    }
    x.dispose();
    images.push({ index, label: classNames[test.labels[index] as number] ?? '?', predicted: classNames[predicted] ?? '?', files });
  }
  const layers = inferred.map((l, i) => ({
    index: l.index, label: l.label, kind: l.spec.kind, outputShape: l.outputShape,
    zeroFraction: (totals[i] as number) > 0 ? (zeros[i] as number) / (totals[i] as number) : 0,
  }));
  const firstConv = inferred.findIndex((l) => l.spec.kind === 'conv2d');
  let filters: FilterDescription[] = [];
  let filtersFile: string | undefined;
  const kernelTensor = firstConv < 0 ? undefined : model.layers[firstConv]?.getWeights()[0];
  if (kernelTensor !== undefined && kernelTensor.shape.length === 4 && kernelTensor.shape[2] === 3) {
    const data = await kernelTensor.data();
    filters = describeFirstLayerFilters(data, kernelTensor.shape);
    writeFileSync(join(dir, 'first-layer-filters.png'), renderFilters(data, kernelTensor.shape));
    filtersFile = 'feature-maps/first-layer-filters.png';
  }
  return { images, layers, filters, ...(filtersFile !== undefined && { filtersFile }) };
}

/** The first layer's filters as small colour pictures side by side, each scaled to its own range. */
function renderFilters(kernel: ArrayLike<number>, shape: readonly number[]): Uint8Array {
  const [kh = 1, kw = 1, cin = 3, filters = 1] = shape;
  const gap = 1;
  const width = filters * (kw + gap) + gap;
  const height = kh + 2 * gap;
  const rgb = new Float64Array(width * height * 3).fill(255);
  for (let f = 0; f < filters; f++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < kh * kw * cin; k++) {
      const v = kernel[k * filters + f] as number;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const range = hi - lo || 1;
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) {
        for (let c = 0; c < 3; c++) {
          const v = kernel[((y * kw + x) * cin + c) * filters + f] as number;
          rgb[((gap + y) * width + gap + f * (kw + gap) + x) * 3 + c] = ((v - lo) / range) * 255;
        }
      }
    }
  }
  return renderRgbImage(rgb, [height, width], Math.max(4, Math.ceil(48 / kh)));
}
