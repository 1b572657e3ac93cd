/**
 * `npm run bench -- proofs [ids…]`: the bounded proofs of proofs/, one claim at a time: per claim
 * the method, the family size (members evaluated), the number of symbolic evaluations, the
 * largest polynomial (terms) or the degree and probability bound, and the time; then the whole
 * `checkProofs` run with and without the bounded proofs, side by side, as `layerproof check` runs it.
 */
import { checkProofs } from '../src/proof/checkProofs.js';
import { loadProofs } from '../src/proof/loadProofs.js';
import { proveClaim } from '../src/proof/bounded/proveClaim.js';
import { formatTable } from '../src/cli/formatTable.js';
import { DEFAULT_PROOF_PATHS } from '../src/proof/proofPaths.js';
import { emit } from './support/measure.js';

export function main(args: readonly string[] = []): Promise<void> {
  run(args);
  return Promise.resolve();
}

function run(args: readonly string[]): void {
  const only = args.filter((a) => !a.startsWith('-'));
  const proofs = loadProofs([...DEFAULT_PROOF_PATHS]);
  const rows: string[][] = [];
  let total = 0;
  for (const doc of proofs.documents) {
    for (const claim of doc.claims) {
      if (claim.check === undefined || (only.length > 0 && !only.includes(claim.id))) continue;
      const r = proveClaim(claim, { seed: 42 });
      total += r.durationMs;
      emit({ bench: 'proofs', claim: claim.id, method: r.method, outcome: r.outcome, familySize: r.instances, evaluations: r.evaluations, largestTerms: r.largestTerms, degree: r.degree, epsilon: r.epsilon, ms: Math.round(r.durationMs) });
      rows.push([
        claim.id, r.method, r.outcome, String(r.instances), String(r.evaluations),
        r.largestTerms === null ? (r.degree === null ? '—' : `degree ${r.degree}`) : String(r.largestTerms),
        r.epsilon === null ? '—' : r.epsilon.toExponential(1), (r.durationMs / 1000).toFixed(2),
      ]);
    }
  }
  process.stdout.write(`${formatTable(['claim', 'method', 'outcome', 'family size', 'evaluations', 'largest polynomial (terms)', 'ε', 's'], rows)}\n`);
  process.stdout.write(`bounded proofs: ${(total / 1000).toFixed(1)} s in all\n`);
  if (only.length > 0) return;
  // The whole check, as `layerproof check` runs it, with and without the bounded proofs.
  const withProofs = checkProofs(proofs, { seed: 42 });
  const evidence = checkProofs(proofs, { seed: 42, bounded: false });
  emit({ bench: 'proofs', run: 'check', withBoundedMs: Math.round(withProofs.durationMs), evidenceOnlyMs: Math.round(evidence.durationMs) });
  process.stdout.write(`layerproof check: ${(withProofs.durationMs / 1000).toFixed(1)} s with the bounded proofs, ${(evidence.durationMs / 1000).toFixed(1)} s evidence only ` +
    `(ratio ${(withProofs.durationMs / evidence.durationMs).toFixed(1)}×; the issue's limit is 60 s)\n`);
}
