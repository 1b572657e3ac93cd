import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject, positivePair } from '../core/validate.js';
import type { BorderLayer } from './borderBand.js';
import { cyclicTranslation } from './cyclicTranslation.js';
import type { GroupAction, OutputAction } from './GroupAction.js';
import { outputActionOf } from './outputActionOf.js';
import type { ShapedArray } from './ShapedArray.js';
import { formatShift, type Shift } from './Shift.js';
import { borderMask, zeroTranslation } from './zeroTranslation.js';

export interface StridedTranslationOptions {
  /** The stride of the map: `s` or `[sh, sw]` (the product of the strides of a stack). Required. */
  readonly stride: number | readonly [number, number];
  /** `'cyclic'` (default; circular padding) or `'zero'` (zero fill; give `border` for zero-padded layers). */
  readonly mode?: 'cyclic' | 'zero';
  /** For `mode: 'zero'`: the zero-padded layers, whose `borderBand` is left out of the comparison. */
  readonly border?: BorderLayer | readonly BorderLayer[];
}

/** The input's and the output's actions of a strided map. */
export interface StridedTranslation {
  /** Translations of the input by multiples of the stride, $(s_h t_h, s_w t_w)$. */
  readonly action: GroupAction<Shift>;
  /** The output translated by $(t_h, t_w)$: the input's shift divided by the stride. */
  readonly outputAction: OutputAction<Shift>;
}

/**
 * The actions under which a stride-s map is equivariant: shifting its input by $s\,t$ shifts its
 * output by t (a strided convolution samples every s-th position, so a shift by a multiple of s
 * moves the samples onto samples). A shift by anything else is aliased (Zhang 2019): check it by
 * claiming equivariance to every shift, and the check finds the counterexample.
 */
export function stridedTranslation(options: StridedTranslationOptions): StridedTranslation {
  const op = 'stridedTranslation';
  const o = plainObject(op, 'options', options);
  const stride = positivePair(op, 'options.stride', o.stride ?? NaN, 1);
  const mode = o.mode ?? 'cyclic';
  if (mode !== 'cyclic' && mode !== 'zero') throw LayerproofError.invalid({ op, argument: 'options.mode', value: mode, expected: "'cyclic' or 'zero'" });
  if (o.border !== undefined && mode !== 'zero') {
    throw LayerproofError.invalid({ op, argument: 'options.border', value: o.border, expected: "absent for mode 'cyclic' (circular padding has no border); use mode 'zero'" });
  }
  const border = o.border as StridedTranslationOptions['border'];
  const action = mode === 'cyclic' ? cyclicTranslation({ step: stride }) : zeroTranslation({ step: stride });
  const onOutput = mode === 'cyclic' ? cyclicTranslation() : zeroTranslation();
  const divided = (g: Shift): Shift => {
    if (g[0] % stride[0] !== 0 || g[1] % stride[1] !== 0) {
      throw LayerproofError.invalid({ op, argument: 'g', value: g, expected: `a shift by multiples of the stride (${stride.join(', ')}); the output of a strided map has no shift for ${formatShift(g)}` });
    }
    return [g[0] / stride[0], g[1] / stride[1]];
  };
  const base = outputActionOf(onOutput, divided, `${onOutput.name} of the output by the input's shift / (${stride.join(', ')})`);
  return {
    action,
    outputAction: border === undefined ? base : { ...base, ignored: (g: Shift, y: ShapedArray, x: ShapedArray) => borderMask(op, border, g, y, x) },
  };
}
