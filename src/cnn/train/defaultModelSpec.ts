import { LayerproofError } from '../../core/LayerproofError.js';
import type { LayerSpec, ModelSpec } from '../LayerSpec.js';

export interface DefaultModelOptions {
  /** Channels of the convolution blocks, one entry per block. Default [16, 32, 64] (see docs/training.md for why). */
  readonly widths?: readonly number[];
  /** Convolutions per block. Default 2. */
  readonly convsPerBlock?: number;
  /** Kernel size of every convolution. Default 3. */
  readonly kernel?: number;
  /** Dropout rate before the classifier (0: none). Default 0. */
  readonly dropout?: number;
}

/**
 * The stronger network the student was after, built so that it cannot break: blocks of
 * 3×3 convolutions with `'same'` padding (the size only changes at the poolings), each
 * followed by batch normalisation and ReLU, a 2×2 max pooling closing every block, then
 * a small head: the remaining 4×4 map averaged per channel (global average pooling, as an
 * average pooling of the whole map) and one dense layer to the ten logits.
 * Convolutions carry no bias: the batch normalisation after each has its own (β).
 */
export function defaultModelSpec(options: DefaultModelOptions = {}): ModelSpec {
  const op = 'defaultModelSpec';
  const widths = options.widths ?? [16, 32, 64];
  const convs = options.convsPerBlock ?? 2;
  const kernel = options.kernel ?? 3;
  const dropout = options.dropout ?? 0;
  if (widths.length < 1 || widths.length > 5 || !widths.every((w) => Number.isInteger(w) && w >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'options.widths', value: widths, expected: '1 to 5 positive integers (32×32 inputs halve at each block)' });
  }
  if (!Number.isInteger(convs) || convs < 1) throw LayerproofError.invalid({ op, argument: 'options.convsPerBlock', value: convs, expected: 'a positive integer' });
  if (!Number.isInteger(kernel) || kernel < 1) throw LayerproofError.invalid({ op, argument: 'options.kernel', value: kernel, expected: 'a positive integer' });
  if (!(dropout >= 0 && dropout < 1)) throw LayerproofError.invalid({ op, argument: 'options.dropout', value: dropout, expected: 'a number in [0, 1)' });
  const layers: LayerSpec[] = [];
  widths.forEach((filters, b) => {
    for (let k = 0; k < convs; k++) {
      const name = `block${b + 1}_conv${k + 1}`;
      layers.push(
        { kind: 'conv2d', filters, kernel, padding: 'same', useBias: false, name },
        { kind: 'batchNorm', momentum: 0.9, epsilon: 1e-5, name: `${name}_bn` },
        { kind: 'relu', name: `${name}_relu` },
      );
    }
    layers.push({ kind: 'maxPool', poolSize: 2, name: `block${b + 1}_pool` });
  });
  const side = 32 / 2 ** widths.length;
  if (side > 1) layers.push({ kind: 'avgPool', poolSize: Math.floor(side), name: 'global_avg_pool' });
  layers.push({ kind: 'flatten', name: 'flatten' });
  if (dropout > 0) layers.push({ kind: 'dropout', rate: dropout, name: 'dropout' });
  layers.push({ kind: 'dense', units: 10, name: 'logits' });
  return { inputShape: [32, 32, 3], layers };
}
