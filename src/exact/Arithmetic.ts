/**
 * The scalar operations the reference functions of layerproof are written over, once, so that
 * the same code runs on float64 numbers (the library's ordinary path), on exact polynomials
 * (a bounded proof for every real input), modulo the prime 2⁶¹ − 1 (Schwartz–Zippel) and on
 * rational intervals (an exact refutation where a side involves a square root).
 *
 * The non-polynomial functions (`relu`, `max`, `sqrt`, `rsqrt`, `exp`, division by a
 * non-constant) are part of the interface because the reference code calls them; a type that
 * cannot represent one throws `NotRepresentableError` (modular arithmetic has no ReLU), and the
 * exact polynomial type makes each an opaque atom keyed by the canonical form of its argument.
 */
export interface Arithmetic<T> {
  /** Short name for reports: 'float64', 'exact', 'mod 2^61-1', 'interval', 'degree'. */
  readonly name: string;
  readonly zero: T;
  readonly one: T;
  /** A safe integer, exactly. */
  fromInt(n: number): T;
  /** A float64, exactly where the type is exact (every finite float64 is a dyadic rational). */
  fromNumber(x: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  neg(a: T): T;
  /** a / b; throws `NotRepresentableError` for a b the type cannot invert (0 in an exact type). */
  div(a: T, b: T): T;
  /** max(a, 0). */
  relu(a: T): T;
  /** The largest of one or more values (n-ary so that an exact type can key it as a set). */
  max(values: readonly T[]): T;
  sqrt(a: T): T;
  /** a^(−1/2). */
  rsqrt(a: T): T;
  exp(a: T): T;
  /** Whether a and b are the same value (structural equality in the exact type; === for float64). */
  equals(a: T, b: T): boolean;
}

/** Thrown by an arithmetic for an operation it cannot represent (ReLU modulo p, 1/0, …). */
export class NotRepresentableError extends Error {
  constructor(
    readonly arithmetic: string,
    readonly operation: string,
    why: string,
  ) {
    super(`${operation} has no value in ${arithmetic} arithmetic: ${why}`);
    this.name = 'NotRepresentableError';
  }
}
