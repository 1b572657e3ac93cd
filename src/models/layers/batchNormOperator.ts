import { LayerproofError } from '../../core/LayerproofError.js';
import { finiteArray } from '../../core/validate.js';
import { shapeSize, type AffineOperator } from '../AffineOperator.js';
import { rowwiseOperator } from './rowwiseOperator.js';

export interface BatchNormOperatorOptions {
  /** Names the caller in errors, e.g. `layerOperator(bn: BatchNormalization)`. */
  readonly op: string;
  /** Default `'BatchNormalization'`. */
  readonly kind?: string;
  /** Any rank ≥ 1, without the batch. */
  readonly inputShape: readonly number[];
  /** The normalised axis as an index into `inputShape` (0 ≤ axis < rank). */
  readonly axis: number;
  /** γ; omitted when the layer does not scale (`scale: false`), i.e. γ = 1. */
  readonly gamma?: ArrayLike<number>;
  /** β; omitted when the layer does not center (`center: false`), i.e. β = 0. */
  readonly beta?: ArrayLike<number>;
  readonly movingMean: ArrayLike<number>;
  readonly movingVariance: ArrayLike<number>;
  readonly epsilon: number;
}

/**
 * Batch normalisation at inference, a diagonal affine map: element i of channel c (its index
 * along `axis`) becomes
 *
 * $$y_i = \frac{\gamma_c}{\sqrt{\sigma_c^2 + \varepsilon}}\,x_i + \Big(\beta_c - \frac{\gamma_c\,\mu_c}{\sqrt{\sigma_c^2 + \varepsilon}}\Big)$$
 *
 * with μ and σ² the moving mean and variance. Row blocks are built directly (one entry a row).
 */
export function batchNormOperator(options: BatchNormOperatorOptions): AffineOperator {
  const { op, inputShape, axis, epsilon } = options;
  if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'inputShape', value: inputShape, expected: 'a shape of positive integers without the batch, e.g. [16] or [8, 8, 32]' });
  }
  if (!Number.isInteger(axis) || axis < 0 || axis >= inputShape.length) {
    throw LayerproofError.invalid({ op, argument: 'axis', value: axis, expected: `an axis of the input without the batch, an integer in [0, ${inputShape.length})` });
  }
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0) {
    throw LayerproofError.invalid({ op, argument: 'epsilon', value: epsilon, expected: 'a finite number ≥ 0' });
  }
  const channels = inputShape[axis] ?? 1;
  const inner = shapeSize(inputShape.slice(axis + 1));
  const mean = finiteArray(op, 'movingMean', options.movingMean, channels);
  const variance = finiteArray(op, 'movingVariance', options.movingVariance, channels);
  const gamma = options.gamma === undefined ? undefined : finiteArray(op, 'gamma', options.gamma, channels);
  const beta = options.beta === undefined ? undefined : finiteArray(op, 'beta', options.beta, channels);
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const v = (variance[c] as number) + epsilon;
    if (!(v > 0)) {
      throw LayerproofError.invalid({ op, argument: `movingVariance[${c}] + epsilon`, value: v, expected: 'positive (a variance is ≥ 0 and epsilon keeps the square root away from 0)' });
    }
    scale[c] = (gamma === undefined ? 1 : (gamma[c] as number)) / Math.sqrt(v);
    shift[c] = (beta === undefined ? 0 : (beta[c] as number)) - (mean[c] as number) * (scale[c] as number);
  }
  const size = shapeSize(inputShape);
  const bias = new Float64Array(size);
  for (let i = 0; i < size; i++) bias[i] = shift[Math.floor(i / inner) % channels] as number;
  return rowwiseOperator({
    kind: options.kind ?? 'BatchNormalization',
    inputShapes: [inputShape],
    outputShape: inputShape,
    entriesPerRow: 1,
    bias,
    fillRow: (row, colIndex, values, at) => {
      colIndex[at] = row;
      values[at] = scale[Math.floor(row / inner) % channels] as number;
    },
  });
}
