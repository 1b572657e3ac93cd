/**
 * The one tolerance rule of layerproof (after stdlib-js):
 *
 *   |a − e| ≤ atol + rtol · max(|a|, |e|)
 *
 * NaN is never close to anything; an infinity is close only to the same infinity.
 * Every comparison in the library and its tests goes through this file, with one
 * of the named tolerances below, each stating why it is what it is.
 */
export interface Tolerance {
  readonly name: string;
  readonly atol: number;
  readonly rtol: number;
  /** Why this tolerance is right for its use; printed next to failures. */
  readonly why: string;
}

/** Unit roundoff of IEEE float32 (2⁻²⁴). */
export const FLOAT32_EPS = 2 ** -24;
/** Unit roundoff of IEEE float64 (2⁻⁵³). */
export const FLOAT64_EPS = 2 ** -53;

export const tolerances = {
  /** Integer, 0/1 and permutation arithmetic: every intermediate is exactly representable. */
  exact: {
    name: 'exact',
    atol: 0,
    rtol: 0,
    why: 'integer and permutation arithmetic in float64 is exact (all values below 2^53)',
  },
  /** Two float64 computations of the same quantity by different summation orders. */
  float64: {
    name: 'float64',
    atol: 1e-12,
    rtol: 1e-10,
    why: 'float64 sums of at most ~10^4 terms of magnitude ≤ 10 differ by reordering well below 1e-10 relative',
  },
  /** A float32 backend (TensorFlow.js) against a float64 reference on inputs of magnitude ≤ 1. */
  float32: {
    name: 'float32',
    atol: 1e-5,
    rtol: 1e-4,
    why: 'TensorFlow.js computes in float32 (unit roundoff 6e-8); a sum of up to ~100 products of magnitude ≤ 1 accumulates ≲ 1e-5 absolute error',
  },
  /** f(g·x) against g·f(x) for a float32 (TensorFlow.js) map: e3nn's `assert_equivariant` default for float32. */
  equivarianceFloat32: {
    name: 'equivariance float32',
    atol: 1e-3,
    rtol: 1e-3,
    why: "e3nn's assert_equivariant holds float32 models to 1e-3: both sides are float32 runs of one model whose sums a transformation reorders " +
      '(a flipped kernel, a rotated window), so they differ by rounding, far below 1e-3 for outputs of magnitude ≲ 1; the relative part holds larger outputs alike',
  },
  /** f(g·x) against g·f(x) for a float64 map (a plain function): e3nn's `assert_equivariant` default for float64. */
  equivarianceFloat64: {
    name: 'equivariance float64',
    atol: 1e-9,
    rtol: 1e-9,
    why: "e3nn's assert_equivariant holds float64 models to 1e-9: two float64 runs whose sums are reordered differ by ~k·2⁻⁵³ relative, " +
      'below 1e-9 for sums of up to ~10^6 terms',
  },
} as const satisfies Record<string, Tolerance>;

/**
 * The float32 tolerance for one output that is a sum of `terms` products with
 * Σ|aᵢbᵢ| ≤ `sumAbs`. Rounding errors of a float32 sum grow like √k·u·Σ|aᵢbᵢ| for
 * random data (the worst case is k·u·Σ|aᵢbᵢ|); we allow 4√k·u·Σ|aᵢbᵢ|, plus the
 * rounding of the inputs themselves to float32.
 */
export function float32Accumulation(terms: number, sumAbs: number): Tolerance {
  const k = Math.max(1, terms);
  const scale = Math.max(1, sumAbs);
  return {
    name: `float32 (${k} terms, Σ|aᵢbᵢ| ≤ ${scale.toPrecision(3)})`,
    atol: (4 * Math.sqrt(k) + 2) * FLOAT32_EPS * scale,
    rtol: 1e-5,
    why: `float32 sum of ${k} products: rounding error ≲ (4√k + 2)·2⁻²⁴·Σ|aᵢbᵢ|`,
  };
}

/** True when `actual` is within `tol` of `expected` under the rule above. */
export function approxEqual(actual: number, expected: number, tol: Tolerance = tolerances.float64): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.max(Math.abs(actual), Math.abs(expected));
}

export interface Comparison {
  /** True when every element passes `approxEqual`. */
  readonly ok: boolean;
  readonly maxAbsError: number;
  /** Largest |a − e| / max(|a|, |e|) over elements where that is defined (0 where both are 0). */
  readonly maxRelError: number;
  /** Largest error measured in units of the allowed error (≤ 1 means within tolerance). */
  readonly worstRatio: number;
  /** Index of the element with the largest `worstRatio` (−1 for empty arrays). */
  readonly worstIndex: number;
  readonly tolerance: Tolerance;
}

/** Compares two arrays element by element under the tolerance rule. Lengths must match. */
export function compareArrays(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): Comparison {
  if (actual.length !== expected.length) {
    return { ok: false, maxAbsError: Infinity, maxRelError: Infinity, worstRatio: Infinity, worstIndex: -1, tolerance: tol };
  }
  let maxAbs = 0;
  let maxRel = 0;
  let worstRatio = 0;
  let worstIndex = actual.length > 0 ? 0 : -1;
  let ok = true;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] ?? NaN;
    const e = expected[i] ?? NaN;
    if (!approxEqual(a, e, tol)) ok = false;
    const diff = Number.isFinite(a) && Number.isFinite(e) ? Math.abs(a - e) : a === e ? 0 : Infinity;
    const scale = Math.max(Math.abs(a), Math.abs(e));
    const allowed = tol.atol + tol.rtol * (Number.isFinite(scale) ? scale : 0);
    const ratio = diff === 0 ? 0 : allowed === 0 ? Infinity : diff / allowed;
    if (diff > maxAbs || Number.isNaN(diff)) maxAbs = Number.isNaN(diff) ? Infinity : diff;
    if (scale > 0 && Number.isFinite(scale)) maxRel = Math.max(maxRel, diff / scale);
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worstIndex = i;
    }
  }
  return { ok, maxAbsError: maxAbs, maxRelError: maxRel, worstRatio, worstIndex, tolerance: tol };
}

/** One line for a failure message: both errors and the tolerance they were held to. */
export function describeComparison(c: Comparison): string {
  return `max |a−e| = ${c.maxAbsError.toExponential(3)}, max rel = ${c.maxRelError.toExponential(3)} ` +
    `(tolerance ${c.tolerance.name}: atol ${c.tolerance.atol.toExponential(1)}, rtol ${c.tolerance.rtol.toExponential(1)}; ` +
    `worst at index ${c.worstIndex}, ${c.worstRatio.toFixed(2)}× the allowed error)`;
}

/**
 * Two float64 evaluations of the same sums of `terms` products with Σ|aᵢbᵢ| ≤ `sumAbs`, in
 * different orders (a model on a relabelled graph against the original, where a permutation
 * reorders every sum over nodes). Each is within γₖ·Σ|aᵢbᵢ| ≈ k·u·Σ|aᵢbᵢ| of the exact value
 * (Higham's worst-case bound, u = 2⁻⁵³), so the two differ by at most 2(k + 1)·u·Σ|aᵢbᵢ|.
 */
export function float64Reordering(terms: number, sumAbs: number): Tolerance {
  const k = Math.max(1, terms);
  const scale = Math.max(1, sumAbs);
  const bound = 2 * (k + 1) * FLOAT64_EPS;
  return {
    name: `float64 reordering (${k} terms, Σ|aᵢbᵢ| ≤ ${scale.toPrecision(3)})`,
    atol: bound * scale,
    rtol: bound,
    why: `two float64 sums of ${k} products in different orders differ by at most 2(k + 1)·2⁻⁵³·Σ|aᵢbᵢ| (worst case)`,
  };
}

/**
 * Two float32 evaluations of one element-wise expression with `operations` roundings, by
 * different kernels: one fused into a single pass, one op by op. A GPU compiler may contract
 * a·b + c into a fused multiply-add in one and not the other, and WGSL allows 2.5 ulp for
 * division and square root, so each result is within 2.5·operations·u of the exact value
 * relative to `scale`, the largest magnitude the expression passes through (u = 2⁻²⁴); the
 * final rounding adds u of the result.
 */
export function float32Regrouping(operations: number, scale: number): Tolerance {
  const k = Math.max(1, operations);
  const s = Math.max(Number.MIN_VALUE, scale);
  return {
    name: `float32 regrouping (${k} operations, scale ${s.toPrecision(3)})`,
    atol: 2 * 2.5 * k * FLOAT32_EPS * s,
    rtol: 2 * FLOAT32_EPS,
    why: `two float32 evaluations of ${k} element-wise operations (fused or not, FMA or not) differ by ≤ 2·2.5·${k}·2⁻²⁴·scale plus the final roundings`,
  };
}

/**
 * The one-sided form of the rule, for inequalities: `a ≤ b + atol + rtol·max(|a|, |b|)`. NaN is
 * never within; an infinity only where the order holds outright (−∞ ≤ anything, anything ≤ +∞).
 */
export function approxAtMost(a: number, b: number, tol: Tolerance = tolerances.float64): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a <= b;
  return a - b <= tol.atol + tol.rtol * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Checks `actual ≤ bound` element by element under `approxAtMost`. The errors are the violations
 * max(a − b, 0): `maxAbsError` the largest, `worstRatio` the largest in units of the allowed slack
 * (≤ 1 within tolerance; 0 where the order holds outright).
 */
export function compareAtMost(actual: ArrayLike<number>, bound: ArrayLike<number>, tol: Tolerance): Comparison {
  if (actual.length !== bound.length) {
    return { ok: false, maxAbsError: Infinity, maxRelError: Infinity, worstRatio: Infinity, worstIndex: -1, tolerance: tol };
  }
  let ok = true;
  let maxAbs = 0;
  let maxRel = 0;
  let worstRatio = 0;
  let worstIndex = actual.length > 0 ? 0 : -1;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] ?? NaN;
    const b = bound[i] ?? NaN;
    if (!approxAtMost(a, b, tol)) ok = false;
    const excess = Number.isNaN(a) || Number.isNaN(b) ? Infinity : a <= b ? 0 : Number.isFinite(a) && Number.isFinite(b) ? a - b : Infinity;
    const scale = Math.max(Math.abs(a), Math.abs(b));
    const allowed = tol.atol + tol.rtol * (Number.isFinite(scale) ? scale : 0);
    const ratio = excess === 0 ? 0 : allowed === 0 ? Infinity : excess / allowed;
    if (excess > maxAbs) maxAbs = excess;
    if (scale > 0 && Number.isFinite(scale)) maxRel = Math.max(maxRel, excess / scale);
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worstIndex = i;
    }
  }
  return { ok, maxAbsError: maxAbs, maxRelError: maxRel, worstRatio, worstIndex, tolerance: tol };
}
