import type { JsonValue } from './ClaimValue.js';
import type { ClaimKind } from './ProofDocument.js';

/**
 * How a claim was checked:
 * - `exhaustive`: every instance of a finite space (e.g. every permutation for n ≤ 6);
 * - `exhaustive+random`: every instance of the finite variables (sizes, permutations,
 *   graphs), each with randomly drawn continuous variables (matrices, images);
 * - `random`: N random instances (fast-check, seeded, shrinking on failure).
 */
export type CheckMethod = 'exhaustive' | 'exhaustive+random' | 'random';

/** A case where the two sides differ (or evaluation failed), as stored in JSON. */
export interface Counterexample {
  /** The variables in declaration order. */
  readonly variables: readonly { readonly name: string; readonly value: JsonValue }[];
  readonly lhs: JsonValue;
  readonly rhs: JsonValue;
  /** Largest |lhs − rhs| (null when the shapes differ or evaluation failed). */
  readonly error: number | null;
  /** Why the case fails when it is not a numerical difference (shapes differ, an error was thrown). */
  readonly message: string | null;
  /** Shrinking steps fast-check took from the first failing case to this one (0 for enumerated cases). */
  readonly shrinks: number;
}

/** A point where the two sides of a claim differ, found and certified in exact arithmetic. */
export interface ExactCounterexample {
  /** The finite variables (sizes, geometries, permutations) of the family member where it fails. */
  readonly instance: readonly { readonly name: string; readonly value: JsonValue }[];
  /** The other variables at rational values (as strings: '-3/4'). */
  readonly point: readonly { readonly name: string; readonly value: JsonValue }[];
  /** Index of an entry where the sides differ. */
  readonly entry: readonly number[];
  /** That entry on each side: an exact rational, or an interval certified to hold it (where a square root is involved). */
  readonly lhs: string;
  readonly rhs: string;
  /** The whole sides, entry by entry. */
  readonly lhsValue: JsonValue;
  readonly rhsValue: JsonValue;
}

/**
 * A bounded proof of a claim: the claim run on symbolic values (exact polynomials) or random
 * residues modulo 2⁶¹ − 1 over every member of a stated finite family.
 * - `proved`: the sides are equal for every member (exact: for every real input; Schwartz–Zippel:
 *   with probability at least 1 − `epsilon`);
 * - `refuted`: an exact counterexample was found (the point of a refutation; a failure otherwise);
 * - `not-proved`: the sides differ as expressions but no exact counterexample was found, or a
 *   refutation found none; `error`: evaluation failed; `evidence`: the document asks for no
 *   bounded proof, and `message` says why.
 */
export interface BoundedResult {
  readonly method: 'exact' | 'schwartz-zippel' | 'evidence';
  readonly outcome: 'proved' | 'refuted' | 'not-proved' | 'error' | 'evidence';
  /** What the proof covers, in Markdown with $…$: the families and the symbolic variables. */
  readonly family: string;
  /** Family members evaluated. */
  readonly instances: number;
  /** Evaluations of a side (symbolic or at a point). */
  readonly evaluations: number;
  /** Largest polynomial met (terms), exact method. */
  readonly largestTerms: number | null;
  /** Largest total degree of a side (Schwartz–Zippel). */
  readonly degree: number | null;
  readonly trials: number | null;
  /** Bound on the probability that a false identity passed (Schwartz–Zippel, union over the family). */
  readonly epsilon: number | null;
  readonly counterexample: ExactCounterexample | null;
  readonly message: string | null;
  readonly durationMs: number;
}

export interface ClaimResult {
  readonly id: string;
  readonly documentId: string;
  readonly kind: ClaimKind;
  readonly label: string;
  readonly title: string;
  /** `checked`: the claim holds on every case (or, for a refutation, a counterexample was found). */
  readonly status: 'checked' | 'failed';
  /** What the document asserts: an identity that holds, or (refutation) one that fails somewhere. */
  readonly expectation: 'holds' | 'counterexample';
  readonly outcome: 'held' | 'counterexample' | 'no-counterexample' | 'error';
  readonly method: CheckMethod;
  /** Cases evaluated (not counting shrinking). */
  readonly cases: number;
  /** Instances of the finite variables that were enumerated (0 for `random`). */
  readonly enumerated: number;
  /** Largest |lhs − rhs| over the cases (null when not a finite number, e.g. shapes differ). */
  readonly maxError: number | null;
  /** Largest error in units of the allowed error (≤ 1 means within tolerance). */
  readonly maxErrorRatio: number | null;
  readonly tolerance: { readonly name: string; readonly atol: number; readonly rtol: number; readonly why: string };
  /** The claim's own seed, derived from the run's seed and the claim id. */
  readonly seed: number;
  /** Hash of the claim block's text when it was checked (a different hash now means stale). */
  readonly hash: string;
  readonly durationMs: number;
  readonly counterexample: Counterexample | null;
  /** An error message when evaluation threw. */
  readonly error: string | null;
  /** The command that replays this claim's check. */
  readonly reproduce: string;
  /** The bounded proof, when the document asks for one (null: evidence only). */
  readonly bounded: BoundedResult | null;
}
