/**
 * The few BigInt integer functions the exact types share: bit length, greatest common divisor,
 * floor and ceiling division, integer square root. Plain functions over `bigint`, no state.
 */

/** Number of bits of |n| (0 for 0): 2^(b−1) ≤ |n| < 2^b. */
export function bitLength(n: bigint): number {
  const a = n < 0n ? -n : n;
  if (a === 0n) return 0;
  if (a <= 0x1fffffffffffffn) {
    const v = Number(a);
    const hi = Math.floor(v / 2 ** 32);
    return hi > 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(v);
  }
  const hex = a.toString(16);
  const lead = Number.parseInt(hex.slice(0, 1), 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(lead));
}

/** gcd(|a|, |b|), with gcd(0, 0) = 0. */
export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** ⌊a / b⌋ for b > 0 (BigInt division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

/** ⌈a / b⌉ for b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a > 0n && q * b !== a ? q + 1n : q;
}

/** ⌊√n⌋ for n ≥ 0 (Newton's iteration from above; exact for any size). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError(`isqrt of a negative number: ${String(n)}`);
  if (n < 2n) return n;
  if (n <= 0x1fffffffffffffn) {
    // A float64 square root is within one of the answer here; fix it up exactly.
    let r = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (r * r > n) r -= 1n;
    while ((r + 1n) * (r + 1n) <= n) r += 1n;
    return r;
  }
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
