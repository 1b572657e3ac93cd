import { LayerproofError } from '../../core/LayerproofError.js';
import { finiteArray } from '../../core/validate.js';
import { convGeometry, type Padding } from '../../linear/convGeometry.js';
import type { AffineOperator } from '../AffineOperator.js';
import type { Activation } from '../activation.js';
import { windowOperator as rowBlockWindowOperator } from '../layers/windowOperator.js';

export interface WindowOperatorOptions {
  readonly kind: string;
  /** `conv2d` (HWIO kernel), `depthwise` ([kh, kw, cin, multiplier]) or `avgPool` (no weights). */
  readonly window: 'conv2d' | 'depthwise' | 'avgPool';
  readonly inputShape: readonly [number, number, number];
  /** Kernel weights for convolutions; pool size `[kh, kw]` for pooling. */
  readonly weights?: { readonly shape: readonly [number, number, number, number]; readonly data: ArrayLike<number> };
  readonly poolSize?: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  readonly padding: Padding;
  /** One per output channel. */
  readonly bias?: ArrayLike<number>;
  readonly activation?: Activation;
  readonly note?: string;
}

/**
 * The operator of a sliding-window graph op (convolution, depthwise convolution, average pooling):
 * the same row-block operator as the layers' (`rowBlock` builds only the rows asked for, so a
 * node too big for memory is checked a block at a time), from the node's geometry and weights.
 */
export function windowOperator(o: WindowOperatorOptions): AffineOperator {
  const op = o.kind;
  const [h, w, cin] = o.inputShape;
  if (o.window === 'avgPool') {
    const poolSize = o.poolSize ?? [1, 1];
    const g = convGeometry({ op, inputShape: o.inputShape, kernelSize: poolSize, windowName: 'window', strides: o.strides, padding: o.padding === 'same' ? 'same' : 'valid' });
    return rowBlockWindowOperator({
      kind: o.kind, geometry: g, cout: cin, mode: 'diagonal', layout: 'channelsLast', inputShape: [h, w, cin], outputShape: [g.outHeight, g.outWidth, cin],
      value: (_row, _ci, _co, _tap, count) => 1 / count, activation: o.activation ?? 'linear', note: o.note,
    });
  }
  const shape = o.weights?.shape ?? [1, 1, 1, 1];
  const [kh, kw, kin, kout] = shape;
  if (kin !== cin) {
    throw LayerproofError.invalid({ op, argument: 'filter shape', value: shape, expected: `[kh, kw, ${cin}, ${o.window === 'conv2d' ? 'cout' : 'multiplier'}]: the input has ${cin} channels` });
  }
  const kernel = finiteArray(op, 'filter', o.weights?.data, kh * kw * kin * kout);
  const cout = o.window === 'conv2d' ? kout : cin * kout;
  const bias = o.bias === undefined ? undefined : finiteArray(op, 'bias', o.bias, cout);
  const g = convGeometry({ op, inputShape: o.inputShape, kernelSize: [kh, kw], strides: o.strides, dilations: o.dilations, padding: o.padding });
  return rowBlockWindowOperator({
    kind: o.kind, geometry: g, cout, mode: o.window === 'conv2d' ? 'full' : 'diagonal', layout: 'channelsLast',
    inputShape: [h, w, cin], outputShape: [g.outHeight, g.outWidth, cout], value: { kernel }, bias, activation: o.activation ?? 'linear', note: o.note,
  });
}
