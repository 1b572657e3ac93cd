import fc from 'fast-check';
import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';
import { convGeometry } from '../linear/convGeometry.js';
import { plainValue } from './ClaimValue.js';
import { bufferedTensor } from './bufferedTensor.js';
import { convRecordOf, poolRecordOf } from './geometryRecords.js';
import type { VariableGenerator } from './VariableGenerator.js';
import { realEntry } from './basicGenerators.js';
import { asNumber } from './numericArguments.js';

type PaddingChoice = 'valid' | 'same' | 'explicit' | 'any';

function paddingChoice(op: string, value: unknown, allowed: readonly PaddingChoice[]): PaddingChoice {
  const v = plainValue(value);
  if (v === undefined) return 'any';
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as PaddingChoice;
  throw LayerproofError.invalid({ op, argument: 'padding', value: v, expected: allowed.map((a) => `'${a}'`).join(', ') });
}

/** The shape [h, w, c] of the input of a convolution (field `cin`) or pooling (field `c`) record. */
function inputShapeOf(op: string, g: unknown): [number, number, number] {
  const r = plainObject(op, 'g', plainValue(g));
  const c = r.cin ?? r.c;
  const dims = [r.h, r.w, c];
  if (!dims.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'g', value: r, expected: 'a geometry from convGeometry() or poolGeometry() (fields h, w and cin or c)' });
  }
  return dims as [number, number, number];
}

/** Largest image and kernel the geometry generators make: their buffers (see bufferedTensor). */
const MAX_IMAGE = [6, 6, 3] as const;
const MAX_KERNEL = [3, 3, 3, 3] as const;

const small = (max: number): fc.Arbitrary<number> => fc.integer({ min: 1, max });

/**
 * Generators of convolution and pooling geometry and of images and kernels. Sizes are
 * small (inputs up to 5×5 or 6×6, up to 3 channels) so that dense Toeplitz matrices stay
 * cheap; every kind of padding, stride and dilation still occurs.
 */
export function cnnGenerators(): Record<string, VariableGenerator> {
  return {
    convGeometry: {
      signature: "convGeometry(padding)",
      phrase: ([p]) => `a convolution geometry: input $H\\times W\\times C_{\\mathrm{in}}$ with $H, W \\le 5$, $C_{\\mathrm{in}}, C_{\\mathrm{out}} \\le 3$, kernel $k_h\\times k_w \\le 3\\times 3$, strides and dilations in $\\{1, 2\\}$, padding ${p === undefined ? "valid, same or explicit ($\\le 1$ cell per side)" : `$${p}$`}`,
      finite: false,
      create: (args) => {
        const choice = paddingChoice('convGeometry', args[0], ['valid', 'same', 'explicit', 'any']);
        const pads = fc.tuple(fc.tuple(fc.nat(1), fc.nat(1)), fc.tuple(fc.nat(1), fc.nat(1)));
        const padding: fc.Arbitrary<'valid' | 'same' | [[number, number], [number, number]]> =
          choice === 'valid' ? fc.constant('valid') : choice === 'same' ? fc.constant('same') : choice === 'explicit' ? pads
            : fc.oneof(fc.constant('valid' as const), fc.constant('same' as const), pads);
        const arbitrary = fc.record({
          h: small(5), w: small(5), cin: small(3), cout: small(3), kh: small(3), kw: small(3),
          sh: small(2), sw: small(2), dh: small(2), dw: small(2), padding,
        }).filter((c) => {
          if (c.padding === 'same') return true;
          const [[t, b], [l, r]] = c.padding === 'valid' ? [[0, 0], [0, 0]] : c.padding;
          return c.h + t + b >= (c.kh - 1) * c.dh + 1 && c.w + l + r >= (c.kw - 1) * c.dw + 1;
        }).map((c) => {
          const g = convGeometry({ op: 'convGeometry', inputShape: [c.h, c.w, c.cin], kernelSize: [c.kh, c.kw], strides: [c.sh, c.sw], dilations: [c.dh, c.dw], padding: c.padding });
          return convRecordOf(g, c.cout, typeof c.padding === 'string' ? c.padding : 'explicit');
        });
        return { arbitrary };
      },
    },
    poolGeometry: {
      signature: "poolGeometry(padding)",
      phrase: ([p]) => `a pooling geometry: input $H\\times W\\times C$ with $H, W \\le 6$, $C \\le 2$, window $k_h\\times k_w \\le 3\\times 3$, strides in $\\{1, 2, 3\\}$, padding ${p === undefined ? "valid or same" : `$${p}$`}`,
      finite: false,
      create: (args) => {
        const choice = paddingChoice('poolGeometry', args[0], ['valid', 'same', 'any']);
        const padding: fc.Arbitrary<'valid' | 'same'> = choice === 'any' ? fc.constantFrom('valid' as const, 'same' as const) : fc.constant(choice === 'same' ? 'same' : 'valid');
        const arbitrary = fc.record({ h: small(6), w: small(6), c: small(2), kh: small(3), kw: small(3), sh: small(3), sw: small(3), padding })
          .filter((q) => q.padding === 'same' || (q.h >= q.kh && q.w >= q.kw))
          .map((q) => {
            const g = convGeometry({ op: 'poolGeometry', inputShape: [q.h, q.w, q.c], kernelSize: [q.kh, q.kw], strides: [q.sh, q.sw], padding: q.padding, windowName: 'window' });
            return poolRecordOf(g, q.padding);
          });
        return { arbitrary };
      },
    },
    image: {
      signature: 'image(g)',
      phrase: ([g = '']) => `an input image of the geometry $${g}$, entries in $[-1, 1]$`,
      finite: false,
      create: (args) => ({ arbitrary: bufferedTensor(inputShapeOf('image', args[0]), MAX_IMAGE, realEntry()) }),
    },
    intImage: {
      signature: 'intImage(g, lo, hi)',
      phrase: ([g = '', lo = '-3', hi = '3']) => `an input image of the geometry $${g}$ with integer entries in $\\{${lo}, \\dots, ${hi}\\}$`,
      finite: false,
      create: (args) => {
        const lo = args[1] === undefined ? -3 : asNumber('intImage', 'lo', args[1]);
        const hi = args[2] === undefined ? 3 : asNumber('intImage', 'hi', args[2]);
        if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo > hi) {
          throw LayerproofError.invalid({ op: 'intImage', argument: '(lo, hi)', value: [lo, hi], expected: 'integers with lo ≤ hi' });
        }
        return { arbitrary: bufferedTensor(inputShapeOf('intImage', args[0]), MAX_IMAGE, fc.integer({ min: lo, max: hi })) };
      },
    },
    kernel: {
      signature: 'kernel(g)',
      phrase: ([g = '']) => `a kernel $k_h\\times k_w\\times C_{\\mathrm{in}}\\times C_{\\mathrm{out}}$ of the geometry $${g}$, entries in $[-1, 1]$`,
      finite: false,
      create: (args) => {
        const r = plainObject('kernel', 'g', plainValue(args[0]));
        const dims = [r.kh, r.kw, r.cin, r.cout];
        if (!dims.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
          throw LayerproofError.invalid({ op: 'kernel', argument: 'g', value: r, expected: 'a geometry from convGeometry() (fields kh, kw, cin, cout)' });
        }
        return { arbitrary: bufferedTensor(dims as number[], MAX_KERNEL, realEntry()) };
      },
    },
  };
}
