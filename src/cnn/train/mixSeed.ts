import { mixSeed32 } from '../../core/rng.js';

/**
 * A 32-bit seed derived from a run seed and labels (configuration, epoch, batch, …), so
 * every shuffle and augmentation draw can be regenerated on its own, which is what lets an
 * interrupted run resume on exactly the same batches. FNV-1a over the parts, then a
 * murmur3 finaliser to spread the bits.
 */
export function mixSeed(...parts: readonly (number | string)[]): number {
  let h = 0x811c9dc5;
  const text = parts.map(String).join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mixSeed32(h);
}
