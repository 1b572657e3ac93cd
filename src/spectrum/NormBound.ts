/**
 * A certified interval for the operator norm ‖T‖₂ (the largest singular value) of a layer's
 * linear part T: lower ≤ ‖T‖₂ ≤ upper, each side resting on a stated argument.
 */
export interface NormBound {
  /** Certified: ‖T‖₂ ≥ lower. */
  readonly lower: number;
  /** Certified: ‖T‖₂ ≤ upper (lower === upper when exact). */
  readonly upper: number;
  /** True when the norm is computed, not bracketed (a float64 SVD or a diagonal). */
  readonly exact: boolean;
  /**
   * Short id of the method: 'sedghi-circular', 'pointwise-svd', 'dense-svd', 'diagonal',
   * 'norm-1-inf', or `upper+lower` for a bracket ('torus-symbol+power-iteration',
   * 'ldl-certificate+power-iteration', …).
   */
  readonly method: string;
  /** One sentence: what the bound rests on. */
  readonly rests: string;
  /** Smallest singular value (of the min(rows, cols) there are), where computed. */
  readonly smallest?: number;
  /** Wall time, ms. */
  readonly ms: number;
}

export interface NormBoundOptions {
  /** Seed of the random start vectors of power iteration (default 1). */
  readonly seed?: number;
  /** Most power iterations per component before the gap is accepted (default 60). */
  readonly iterations?: number;
  /** Relative gap (upper − lower)/upper to aim for (default 0.01); refinement stops there. */
  readonly targetGap?: number;
  /** Stops the computation with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** (upper − lower) / upper, 0 for an exact or zero norm. */
export function relativeGap(bound: Pick<NormBound, 'lower' | 'upper'>): number {
  return bound.upper === 0 ? 0 : (bound.upper - bound.lower) / bound.upper;
}
