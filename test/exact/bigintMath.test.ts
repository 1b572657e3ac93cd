import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bitLength, ceilDiv, floorDiv, gcd, isqrt } from '../../src/exact/bigintMath.js';

const big = fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n });
const positive = fc.bigInt({ min: 1n, max: 2n ** 200n });

/** r = ⌊√n⌋ exactly when r² ≤ n < (r + 1)². */
function isFloorSqrt(r: bigint, n: bigint): boolean {
  return r >= 0n && r * r <= n && n < (r + 1n) * (r + 1n);
}

describe('bigintMath', () => {
  test.prop([big])('bitLength(n) is the length of |n| in binary (0 for 0)', (n) => {
    const a = n < 0n ? -n : n;
    expect(bitLength(n)).toBe(a === 0n ? 0 : a.toString(2).length);
  });

  it('bitLength at the powers of two around the 2^53 fast path', () => {
    for (const k of [0, 1, 31, 32, 33, 52, 53, 54, 64]) {
      expect(bitLength(2n ** BigInt(k))).toBe(k + 1);
      expect(bitLength(2n ** BigInt(k) - 1n)).toBe(k);
    }
  });

  test.prop([big, big])('gcd divides both and is the largest such (gcd(a/g, b/g) = 1)', (a, b) => {
    const g = gcd(a, b);
    if (a === 0n && b === 0n) {
      expect(g).toBe(0n);
      return;
    }
    expect(g > 0n && a % g === 0n && b % g === 0n).toBe(true);
    expect(gcd(a / g, b / g)).toBe(1n);
  });

  test.prop([big, positive])('floorDiv and ceilDiv bracket a/b: q·b ≤ a < (q + 1)·b and (c − 1)·b < a ≤ c·b', (a, b) => {
    const q = floorDiv(a, b);
    const c = ceilDiv(a, b);
    expect(q * b <= a && a < (q + 1n) * b).toBe(true);
    expect((c - 1n) * b < a && a <= c * b).toBe(true);
  });

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 300n })])('isqrt(n) = ⌊√n⌋ (r² ≤ n < (r + 1)²), and r + 1 is not (negative control)', (n) => {
    const r = isqrt(n);
    expect(isFloorSqrt(r, n)).toBe(true);
    expect(isFloorSqrt(r + 1n, n)).toBe(false);
  });

  it('isqrt of perfect squares around 2^53 and of a negative number', () => {
    for (const s of [2n ** 26n, 2n ** 27n - 1n, 94906265n, 94906266n, 2n ** 40n + 1n]) {
      expect(isqrt(s * s)).toBe(s);
      expect(isqrt(s * s - 1n)).toBe(s - 1n);
    }
    expect(() => isqrt(-1n)).toThrow(RangeError);
  });
});
