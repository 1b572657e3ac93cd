import type { BoundedResult } from './ClaimResult.js';
import type { ClaimKind } from './ProofDocument.js';

/**
 * Why a bounded proof fails its claim, or null when it settles it: an identity must be proved
 * (an exact counterexample refutes it), a refutation must be refuted by an exact counterexample.
 * Evidence-only claims have no bounded verdict to fail.
 */
export function boundedFailure(kind: ClaimKind, bounded: BoundedResult): string | null {
  switch (bounded.outcome) {
    case 'evidence': return null;
    case 'proved': return kind === 'refutation' ? 'the identity the refutation calls false holds for every member of the family' : null;
    case 'refuted': return kind === 'refutation' ? null : 'refuted by an exact counterexample';
    case 'not-proved': return `not proved: ${bounded.message ?? 'the sides differ'}`;
    case 'error': return `the bounded proof could not run: ${bounded.message ?? 'an error'}`;
  }
}
