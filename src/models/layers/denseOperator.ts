import { LayerproofError } from '../../core/LayerproofError.js';
import { finiteArray } from '../../core/validate.js';
import type { Activation } from '../activation.js';
import { shapeSize, type AffineOperator } from '../AffineOperator.js';
import { rowwiseOperator } from './rowwiseOperator.js';

export interface DenseOperatorOptions {
  /** Names the caller in errors, e.g. `layerOperator(dense_1: Dense)`. */
  readonly op: string;
  /** Default `'Dense'`. */
  readonly kind?: string;
  /** Any rank ≥ 1; the layer acts on the last axis. */
  readonly inputShape: readonly number[];
  /** W of shape [in, units], row-major, as TensorFlow.js keeps it. */
  readonly kernel: { readonly shape: readonly number[]; readonly data: ArrayLike<number> };
  /** Length `units`; omitted for a layer without bias. */
  readonly bias?: ArrayLike<number>;
  /** Default `'linear'`. */
  readonly activation?: Activation;
}

/**
 * The operator of a Dense layer on an input of any rank [..., in]: every vector along the last
 * axis is multiplied by Wᵀ, so T = I_p ⊗ Wᵀ (p = the number of such vectors) and b repeats the
 * bias p times. Row p·units + o holds W[·, o] at columns p·in … p·in + in − 1.
 *
 * $$y_{p,o} = \operatorname{act}\Big(\sum_i W_{i,o}\,x_{p,i} + b_o\Big)$$
 */
export function denseOperator(options: DenseOperatorOptions): AffineOperator {
  const { op, inputShape, kernel } = options;
  if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'inputShape', value: inputShape, expected: 'a shape of positive integers without the batch, e.g. [120] or [7, 7, 64]' });
  }
  const inputs = inputShape[inputShape.length - 1] ?? 1;
  if (kernel.shape.length !== 2 || kernel.shape[0] !== inputs) {
    throw LayerproofError.invalid({ op, argument: 'kernel.shape', value: kernel.shape, expected: `[${inputs}, units] (the input's last axis × units)` });
  }
  const units = kernel.shape[1] ?? 0;
  const w = finiteArray(op, 'kernel', kernel.data, inputs * units);
  // Wᵀ row-major: row o of every block is one contiguous copy.
  const wt = new Float64Array(inputs * units);
  for (let i = 0; i < inputs; i++) for (let o = 0; o < units; o++) wt[o * inputs + i] = w[i * units + o] as number;
  const vectors = shapeSize(inputShape) / inputs;
  const bias = new Float64Array(vectors * units);
  if (options.bias !== undefined) {
    const b = finiteArray(op, 'bias', options.bias, units);
    for (let p = 0; p < vectors; p++) for (let o = 0; o < units; o++) bias[p * units + o] = b[o] as number;
  }
  return rowwiseOperator({
    kind: options.kind ?? 'Dense',
    inputShapes: [inputShape],
    outputShape: [...inputShape.slice(0, -1), units],
    entriesPerRow: inputs,
    bias,
    ...(options.activation !== undefined && { activation: options.activation }),
    fillRow: (row, colIndex, values, at) => {
      const p = Math.floor(row / units);
      const o = row - p * units;
      const first = p * inputs;
      for (let i = 0; i < inputs; i++) colIndex[at + i] = first + i;
      values.set(wt.subarray(o * inputs, (o + 1) * inputs), at);
    },
  });
}
