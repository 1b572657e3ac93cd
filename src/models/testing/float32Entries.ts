import fc from 'fast-check';
import { LayerproofError } from '../../core/LayerproofError.js';

/** `Math.fround(v)`, moved one float32 step towards the inside of the range when rounding left it. */
function float32Inside(v: number, towards: 'up' | 'down'): number {
  const f = Math.fround(v);
  if ((towards === 'up' && f >= v) || (towards === 'down' && f <= v)) return f;
  if (f === 0) return towards === 'up' ? 2 ** -149 : -(2 ** -149);
  const bits = new Int32Array(Float32Array.of(f).buffer);
  // One unit in the last place: towards +∞ is +1 on the bits of a positive float, −1 on a negative one.
  const up = towards === 'up';
  bits[0] = (bits[0] ?? 0) + ((f > 0) === up ? 1 : -1);
  return new Float32Array(bits.buffer)[0] ?? f;
}

/**
 * A fast-check arbitrary of `length` float32 values in [min, max] (no NaN, no infinity, −0 read as
 * 0), shrinking towards 0 (or the end of the range nearest it). Shared by `image` and `kernel`.
 */
export function float32Entries(op: string, length: number, min: unknown, max: unknown): fc.Arbitrary<Float32Array> {
  for (const [argument, value] of [['constraints.min', min], ['constraints.max', max]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw LayerproofError.invalid({ op, argument, value, expected: 'a finite number' });
  }
  const lo = float32Inside(min as number, 'up');
  const hi = float32Inside(max as number, 'down');
  if (!(lo <= hi)) {
    throw LayerproofError.invalid({ op, argument: 'constraints.max', value: max, expected: `at least constraints.min (${String(min)}), with a float32 value between them` });
  }
  return fc.float32Array({ minLength: length, maxLength: length, min: lo, max: hi, noNaN: true, noDefaultInfinity: true })
    .map((data) => data.map((v) => (v === 0 ? 0 : v)));
}
