import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkProofs, createProofMath, linkProofs, parseProofDocument, ProofDocumentError } from '../../src/proof.js';

// docs/proofs.md is run as a test (as mathjs does with its docs), so the guide cannot go stale.
const guide = readFileSync('docs/proofs.md', 'utf8');
const pm = createProofMath();

describe('the user guide docs/proofs.md', () => {
  test('its example document parses and checks as the guide says', () => {
    const example = /````markdown\n([\s\S]*?)\n````/.exec(guide)?.[1];
    expect(example).toBeDefined();
    const doc = parseProofDocument(example ?? '', 'docs/proofs.md', pm);
    const report = checkProofs({ documents: [doc], claims: linkProofs([doc]), math: pm }, { runs: 50 });
    const byId = Object.fromEntries(report.claims.map((c) => [c.id, [c.status, c.method, c.outcome]]));
    expect(byId).toEqual({
      'perm-orthogonal-example': ['checked', 'exhaustive', 'held'],
      'perm-squared-example': ['checked', 'exhaustive', 'counterexample'],
    });
    expect(report.unchecked.map((u) => u.id)).toEqual(['perm-argument-example']);
  });

  test('negative control: the same example with a typo in a generator is refused with its line', () => {
    const example = /````markdown\n([\s\S]*?)\n````/.exec(guide)?.[1] ?? '';
    const broken = example.replace('P: permutation(n)', 'P: permutaton(n)');
    const line = broken.split('\n').findIndex((l) => l.includes('permutaton')) + 1;
    expect(() => parseProofDocument(broken, 'proofs/x.md', pm)).toThrow(ProofDocumentError);
    expect(() => parseProofDocument(broken, 'proofs/x.md', pm)).toThrow(new RegExp(`^proofs/x\\.md:${line}: unknown generator 'permutaton' in 'P: permutaton\\(n\\)'; known generators: adjacency\\(n\\)`));
    // The guide shows that message for a proof of its own; its shape is the one printed.
    expect(guide).toMatch(/error: proofs\/[a-z-]+\.md:\d+: unknown generator 'permutaton' in 'P: permutaton\(n\)'; known generators: adjacency\(n\), …/);
  });

  test('lists every function a check can call and every generator', () => {
    for (const name of Object.keys(pm.functions)) expect(guide, name).toContain(`\`${name}(`);
    for (const g of Object.values(pm.generators)) expect(guide, g.signature).toContain(`\`${g.signature}\``);
  });
});
