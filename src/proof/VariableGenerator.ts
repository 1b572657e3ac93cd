import type fc from 'fast-check';
import type { ClaimValue } from './ClaimValue.js';

/** Where the values of one claim variable come from, once its arguments are known. */
export interface Domain {
  /** Random values (fast-check: seeded, shrinking towards small values on failure). */
  readonly arbitrary: fc.Arbitrary<ClaimValue>;
  /** Every value, smallest first, when the domain is finite; absent for continuous domains. */
  readonly values?: () => Iterable<ClaimValue>;
  /** Number of values of a finite domain. */
  readonly size?: number;
}

/**
 * A variable generator that a claim names in its `given:` block, e.g. `P: permutation(n)`.
 * Arguments are mathjs expressions over the variables declared before it.
 */
export interface VariableGenerator {
  /** How a document calls it, e.g. `permutation(n)`. */
  readonly signature: string;
  /** What a reader is told the variable is, in Markdown with `$…$`, from the LaTeX of the arguments. */
  readonly phrase: (args: readonly string[]) => string;
  /** Whether the domain is finite (so that small cases can be checked exhaustively). */
  readonly finite: boolean;
  readonly create: (args: readonly unknown[]) => Domain;
}

/** The largest finite domain a generator will enumerate; larger ones are only sampled. */
export const MAX_DOMAIN_SIZE = 1_000_000;
