// Input pairs for Lipschitz properties, and the check ‖f(x) − f(y)‖ ≤ L·‖x − y‖ on TensorFlow.js's logits.
import fc from 'fast-check';
import { approxEqual, tolerances } from '../../../../src/core/tolerance.js';
import { tf } from '../../../../src/tfjs/tf.js';
import type { LogitsFunction } from '../../../../src/spectrum/model/logitsFunction.js';
import { uniformData } from '../../../support/arbitraries.js';

/** x uniform in [−1, 1]; y another uniform draw, x plus a spike at one cell, or x plus a small dense change. */
export interface PairCase {
  readonly seed: number;
  readonly kind: 'random' | 'spike' | 'near';
  readonly cell: number;
  readonly height: number;
}

export const pairArb: fc.Arbitrary<PairCase> = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  kind: fc.constantFrom('random' as const, 'spike' as const, 'near' as const),
  cell: fc.nat(),
  height: fc.double({ min: 0.05, max: 3, noNaN: true }),
});

export function makePair(c: PairCase, shape: readonly number[]): { x: Float32Array; y: Float32Array } {
  const size = shape.reduce((a, b) => a * b, 1);
  const x = uniformData(size, c.seed);
  const y = c.kind === 'random' ? uniformData(size, c.seed + 1) : Float32Array.from(x);
  if (c.kind === 'spike') y[c.cell % size] = (y[c.cell % size] ?? 0) + c.height;
  if (c.kind === 'near') uniformData(size, c.seed + 2).forEach((d, i) => { y[i] = (y[i] ?? 0) + 0.01 * c.height * d; });
  return { x, y };
}

const distance = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return Math.sqrt(s);
};

/** ‖f(x) − f(y)‖ and ‖x − y‖ for one pair, f on a batch of the two. */
export async function pairStretch(f: LogitsFunction, shape: readonly number[], pair: { x: Float32Array; y: Float32Array }): Promise<{ out: number; in: number }> {
  const size = pair.x.length;
  const both = new Float32Array(2 * size);
  both.set(pair.x, 0);
  both.set(pair.y, size);
  const batch = tf.tensor(both, [2, ...shape]);
  const z = f(batch);
  const values = await z.data();
  tf.dispose([batch, z]);
  const k = values.length / 2;
  return { out: distance(values.subarray(0, k), values.subarray(k)), in: distance(pair.x, pair.y) };
}

/** The bound holds on this pair, up to TensorFlow.js's float32 rounding of the logits. */
export function holds(stretch: { out: number; in: number }, lipschitz: number): boolean {
  const allowed = lipschitz * stretch.in;
  return stretch.out <= allowed || approxEqual(stretch.out, allowed, tolerances.float32);
}
