import type { LayerSpec } from '../LayerSpec.js';
import { tf, useTfjsBackend } from './tf.js';
import { verifyLayer, type LayerVerification } from './verifyLayer.js';

export interface LayerCheckRow {
  readonly backend: 'cpu' | 'wasm';
  readonly layer: string;
  readonly inputShape: readonly number[];
  readonly result: LayerVerification;
}

/** Layers of the exercise and of each padding and stride kind, checked face against face. */
export const STANDARD_LAYER_CHECKS: readonly { spec: LayerSpec; inputShape: readonly number[] }[] = [
  { spec: { kind: 'conv2d', filters: 6, kernel: 5 }, inputShape: [32, 32, 3] },
  { spec: { kind: 'conv2d', filters: 8, kernel: 3, padding: 'same', strides: 2 }, inputShape: [15, 13, 4] },
  { spec: { kind: 'conv2d', filters: 4, kernel: 3, padding: 'same', dilations: 2, activation: 'relu' }, inputShape: [12, 12, 3] },
  { spec: { kind: 'depthwiseConv2d', kernel: 3, depthMultiplier: 2, padding: 'same' }, inputShape: [10, 9, 3] },
  { spec: { kind: 'avgPool', poolSize: 2 }, inputShape: [28, 28, 6] },
  { spec: { kind: 'avgPool', poolSize: 3, strides: 2, padding: 'same' }, inputShape: [11, 11, 2] },
  { spec: { kind: 'sumPool', poolSize: 2, padding: 'same' }, inputShape: [7, 9, 3] },
  { spec: { kind: 'dense', units: 10 }, inputShape: [120] },
  { spec: { kind: 'batchNorm' }, inputShape: [8, 8, 4] },
];

function describeSpec(spec: LayerSpec): string {
  const { kind, ...rest } = spec;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  return fields.length > 0 ? `${kind} ${fields}` : kind;
}

/** Runs verifyLayer on every standard layer, on each backend, with `images` random inputs. */
export async function runLayerChecks(backends: readonly ('cpu' | 'wasm')[], images = 4, seed = 42): Promise<LayerCheckRow[]> {
  const rows: LayerCheckRow[] = [];
  for (const backend of backends) {
    await useTfjsBackend(backend);
    for (const [i, check] of STANDARD_LAYER_CHECKS.entries()) {
      const inputShape = check.inputShape;
      const x = tf.randomUniform([images, ...inputShape], -1, 1, 'float32', seed + i);
      rows.push({ backend, layer: describeSpec(check.spec), inputShape, result: verifyLayer({ spec: check.spec, inputShape }, x) });
      x.dispose();
    }
  }
  return rows;
}
