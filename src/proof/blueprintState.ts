import type { StepStatus } from './claimStatus.js';

/**
 * Where a claim stands, in the taxonomy of Lean's blueprints (leanblueprint): a statement is
 * stated, then proved, then fully proved once everything under it is proved too. layerproof
 * adds what a blueprint has no word for: evidence (numerical checks), failed and stale.
 */
export type BlueprintState = 'fully-proved' | 'proved' | 'evidence' | 'stated' | 'not-checked' | 'stale' | 'failed';

/** The states in legend order, from the strongest. */
export const BLUEPRINT_STATES: readonly BlueprintState[] = ['fully-proved', 'proved', 'evidence', 'stated', 'not-checked', 'stale', 'failed'];

/** What each state means, in plain words: `name` for the graph's legend, `meaning` for the page's. */
export const BLUEPRINT_LEGEND: Readonly<Record<BlueprintState, { readonly name: string; readonly meaning: string }>> = {
  'fully-proved': {
    name: 'fully proved',
    meaning: 'Proved, and so is every lemma and step it uses, all the way down. Proved covers the real-arithmetic specification as the reference code computes it, at the stated sizes: not TensorFlow.js\'s float32 kernels, and not other sizes.',
  },
  proved: {
    name: 'proved',
    meaning: 'Proved exactly for every real input at the stated sizes (or with probability at least 1 − ε, or refuted by an exact counterexample), but something it uses is not proved yet.',
  },
  evidence: {
    name: 'evidence (numerical)',
    meaning: 'Checked numerically: it held within a tolerance on every instance of a small space or on many random ones. Evidence, not a proof.',
  },
  stated: {
    name: 'stated, not checked yet',
    meaning: 'A machine-checkable claim with no result yet: run the check.',
  },
  'not-checked': {
    name: 'argument, no check',
    meaning: 'A step of the argument in words, without a machine-checkable claim.',
  },
  stale: {
    name: 'stale',
    meaning: 'The claim changed after the last check, so its result no longer applies: run the check again.',
  },
  failed: {
    name: 'failed',
    meaning: 'The last check failed: a counterexample or an evaluation error.',
  },
};

/** The state of a claim on its own, before its dependencies are looked at. */
export function ownBlueprintState(status: StepStatus): Exclude<BlueprintState, 'fully-proved'> {
  switch (status) {
    case 'proved':
    case 'proved-probably':
    case 'refuted-exact':
      return 'proved';
    case 'exhaustive':
    case 'exhaustive+random':
    case 'random':
    case 'refuted':
      return 'evidence';
    case 'not-run':
      return 'stated';
    case 'unchecked':
      return 'not-checked';
    case 'stale':
      return 'stale';
    case 'failed':
      return 'failed';
  }
}

/**
 * The claims under `claimId` (what it uses, through proof steps, transitively) that are not
 * proved themselves, nearest first: what keeps a proved claim from being fully proved. A
 * claim the lookup does not know counts as not proved. Below a claim that is not proved the
 * search does not go on: that claim is the one to prove first.
 */
export function notProvedUnder(
  claimId: string,
  statusOf: (id: string) => StepStatus | undefined,
  usesOf: (id: string) => readonly string[],
): string[] {
  const found: string[] = [];
  const seen = new Set<string>([claimId]);
  const queue = [...usesOf(claimId)];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const used = statusOf(id);
    if (used === undefined || ownBlueprintState(used) !== 'proved') found.push(id);
    else queue.push(...usesOf(id));
  }
  return found;
}

/**
 * The blueprint state of one claim. As in leanblueprint, a claim is fully proved when it is
 * proved and every claim under it (what it uses, through proof steps, transitively) is proved:
 * one lemma checked only numerically leaves the theorem above it proved but not fully proved.
 * A claim the lookup does not know counts as not checked (and, under another claim, as not proved).
 */
export function blueprintState(
  claimId: string,
  statusOf: (id: string) => StepStatus | undefined,
  usesOf: (id: string) => readonly string[],
): BlueprintState {
  const status = statusOf(claimId);
  if (status === undefined) return 'not-checked';
  const own = ownBlueprintState(status);
  if (own !== 'proved') return own;
  return notProvedUnder(claimId, statusOf, usesOf).length === 0 ? 'fully-proved' : 'proved';
}
