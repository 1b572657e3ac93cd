import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createProofMath, linkProofs, loadProofs, parseProofDocument, ProofDocumentError, type ProofDocument } from '../../src/proof.js';

const math = createProofMath();
const FILE = 'proofs/t.md';

/**
 * A document whose claim fence opens on line 8, so line k of the claim's YAML is file line 8 + k.
 * `prose` replaces line 6.
 */
function doc(claimYaml: string, prose = 'Intro with $x^2$.', front = 'id: demo\ntitle: Demo'): string {
  return `---\n${front}\n---\n\n${prose}\n\n\`\`\`claim\n${claimYaml}\n\`\`\`\n`;
}

const GOOD_CLAIM = "id: demo-claim\nkind: lemma\ntitle: Orthogonal\ngiven:\n  n: int(1, 3)\n  P: permutation(n)\ncheck: P' * P == identity(n)\ntolerance: exact";

function parse(text: string, file = FILE): ProofDocument {
  return parseProofDocument(text, file, math);
}

function errorOf(fn: () => unknown): ProofDocumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProofDocumentError) return error;
    throw error;
  }
  throw new Error('expected a ProofDocumentError, but the document was accepted');
}

describe('parseProofDocument on a valid document', () => {
  test('parses front matter, prose and a claim with its generators, check and LaTeX', () => {
    const d = parse(doc(GOOD_CLAIM));
    expect(d.id).toBe('demo');
    expect(d.title).toBe('Demo');
    expect(d.blocks.map((b) => b.type)).toEqual(['markdown', 'claim']);
    const claim = d.claims[0];
    expect(claim?.id).toBe('demo-claim');
    expect(claim?.label).toBe('Lemma 1');
    expect(claim?.line).toBe(8);
    expect(claim?.given.map((v) => [v.name, v.generatorName, v.line])).toEqual([['n', 'int', 13], ['P', 'permutation', 14]]);
    expect(claim?.given[1]?.dependsOn).toEqual(['n']);
    expect(claim?.check?.lhsTex).toContain('^{\\top}');
    expect(claim?.check?.rhsTex).toContain('I_{');
    expect(claim?.tolerance.name).toBe('exact');
    expect(claim?.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  test('numbers claims per kind and a step without check is kept as an unchecked step', () => {
    const text = `${doc(GOOD_CLAIM)}\n\`\`\`claim\nid: s1\ntitle: An argument\n\`\`\`\n\n\`\`\`claim\nid: l2\nkind: lemma\ntitle: Another\ngiven:\n  m: int(1, 2)\ncheck: m == m\n\`\`\`\n`;
    const d = parse(text);
    expect(d.claims.map((c) => [c.id, c.kind, c.label, c.check === undefined])).toEqual([
      ['demo-claim', 'lemma', 'Lemma 1', false], ['s1', 'step', 'Step 1', true], ['l2', 'lemma', 'Lemma 2', false],
    ]);
  });

  test('a changed claim gets a new hash, an unchanged one keeps it', () => {
    const a = parse(doc(GOOD_CLAIM));
    const b = parse(doc(GOOD_CLAIM, 'Other prose.'));
    const c = parse(doc(GOOD_CLAIM.replace('int(1, 3)', 'int(1, 4)')));
    expect(b.claims[0]?.hash).toBe(a.claims[0]?.hash);
    expect(b.hash).not.toBe(a.hash);
    expect(c.claims[0]?.hash).not.toBe(a.claims[0]?.hash);
  });
});

// [case, document, line the error must name, problem it must state]
const BAD: readonly [string, string, number, RegExp][] = [
  ['no front matter', 'Just prose.\n', 1, /starts with a front matter block/],
  ['front matter never closed', '---\nid: x\ntitle: X\n', 1, /never closed/],
  ['front matter without title', doc(GOOD_CLAIM, 'x', 'id: demo'), 1, /has no 'title:'/],
  ['front matter with an unknown key', doc(GOOD_CLAIM, 'x', 'id: demo\ntitle: Demo\nauthor: me'), 4, /unknown key 'author'/],
  ['claim YAML that does not parse', doc('id: c\ntitle: a: b'), 10, /not valid YAML/],
  ['a misspelt key', doc(`${GOOD_CLAIM}\nchek: 1 == 1`), 17, /unknown key 'chek'.*allowed keys/],
  ['an unknown generator', doc(GOOD_CLAIM.replace('permutation(n)', 'permutaton(n)')), 14, /unknown generator 'permutaton'.*permutation\(n\)/],
  ['a generator reading a later variable', doc("id: c\ntitle: T\ngiven:\n  P: permutation(n)\n  n: int(1, 3)\ncheck: P == P"), 12, /reads 'n', which is not declared/],
  ['a check reading an undeclared variable', doc(GOOD_CLAIM.replace("P' * P", "Q' * P")), 15, /check reads 'Q', which is not declared.*declared: n, P/],
  ['a check calling an unknown function', doc(GOOD_CLAIM.replace("P' * P", 'foo(P)')), 15, /calls foo\(…\), which is neither a library function/],
  ['a check that is not an equality', doc(GOOD_CLAIM.replace("P' * P == identity(n)", "P' * P")), 15, /one equality 'lhs == rhs'/],
  ['a check that is not valid mathjs', doc(GOOD_CLAIM.replace("P' * P", "P' * * P")), 15, /not a valid mathjs expression/],
  ['bad LaTeX in the prose', doc(GOOD_CLAIM, 'A broken $\\frac{1$ formula.'), 6, /KaTeX cannot render/],
  ['bad LaTeX in a statement', doc(`${GOOD_CLAIM}\nstatement: |\n  Fine $x$, broken $\\sqrt{$.`), 18, /statement: KaTeX cannot render/],
  ['a variable declared twice', doc("id: c\ntitle: T\ngiven:\n  n: int(1, 2)\n  n: int(1, 3)\ncheck: n == n"), 13, /not valid YAML: Map keys must be unique/],
  ['an unknown tolerance', doc(GOOD_CLAIM.replace('tolerance: exact', 'tolerance: loose')), 16, /unknown tolerance 'loose'; known: exact, float64/],
  ['a refutation without a check', doc('id: r\nkind: refutation\ntitle: Not linear'), 8, /refutation 'r' needs a check/],
  ['a claim id with capitals', doc(GOOD_CLAIM.replace('id: demo-claim', 'id: Demo_Claim')), 9, /claim id 'Demo_Claim' must be lower-case/],
  ['an unknown kind', doc(GOOD_CLAIM.replace('kind: lemma', 'kind: lema')), 10, /kind must be one of lemma, theorem/],
  ['a variable named like a function', doc("id: c\ntitle: T\ngiven:\n  vec: int(1, 2)\ncheck: vec == vec"), 12, /'vec' is the name of a function/],
  ['a fence that is almost a claim', doc(GOOD_CLAIM).replace('```claim', '```claims'), 8, /exactly ```claim/],
];

describe('parseProofDocument refuses bad documents, naming the file, the line and the problem', () => {
  test.each(BAD)('%s', (_name, text, line, problem) => {
    const error = errorOf(() => parse(text));
    expect(error.file).toBe(FILE);
    expect(error.line).toBe(line);
    expect(error.problem).toMatch(problem);
    expect(error.message.startsWith(`${FILE}:${line}: `)).toBe(true);
  });

  test.prop([fc.integer({ min: 0, max: 12 })])('the reported line follows the document: k extra paragraphs move it by 2k', (k) => {
    const extra = Array.from({ length: k }, (_v, i) => `Paragraph ${i} with $a_${i}$.`).join('\n\n');
    const prose = k === 0 ? 'Intro.' : `Intro.\n\n${extra}`;
    // Negative control: the same document with a correct check is accepted.
    expect(() => parse(doc(GOOD_CLAIM, prose))).not.toThrow();
    const error = errorOf(() => parse(doc(GOOD_CLAIM.replace("P' * P", "Q' * P"), prose)));
    expect(error.line).toBe(15 + 2 * k);
  });
});

describe('linkProofs checks what spans documents', () => {
  const claim = (id: string, uses: string[]): string => `\`\`\`claim\nid: ${id}\ntitle: ${id}\nuses: [${uses.join(', ')}]\n\`\`\`\n`;
  const docOf = (id: string, file: string, claims: string): ProofDocument => parse(`---\nid: ${id}\ntitle: ${id}\n---\n\n${claims}`, file);

  test('accepts uses across documents', () => {
    const claims = linkProofs([docOf('d1', 'a.md', claim('a', [])), docOf('d2', 'b.md', claim('b', ['a']))]);
    expect([...claims.keys()]).toEqual(['a', 'b']);
  });

  test('refuses a use of an id that no document defines, at the uses line', () => {
    const error = errorOf(() => linkProofs([docOf('d1', 'a.md', claim('a', ['missing']))]));
    expect([error.file, error.line]).toEqual(['a.md', 9]);
    expect(error.problem).toMatch(/uses 'missing', which no document defines/);
  });

  test('refuses a circular dependency and prints the cycle', () => {
    const error = errorOf(() => linkProofs([docOf('d1', 'a.md', `${claim('a', ['b'])}\n${claim('b', ['a'])}`)]));
    expect(error.problem).toMatch(/circular dependency: (a → b → a|b → a → b)/);
  });

  test('refuses the same claim id in two documents', () => {
    const error = errorOf(() => linkProofs([docOf('d1', 'a.md', claim('a', [])), docOf('d2', 'b.md', claim('a', []))]));
    expect(error.problem).toMatch(/already used at a\.md:6/);
  });

  test('refuses a [[reference]] to a claim that no document defines, at its line', () => {
    const error = errorOf(() => linkProofs([docOf('d1', 'a.md', `As [[a]] shows, and [[nowhere]] too.\n\n${claim('a', [])}`)]));
    expect([error.file, error.line]).toEqual(['a.md', 6]);
    expect(error.problem).toMatch(/\[\[nowhere\]\] refers to a claim that no document defines/);
  });

  test('refuses a claim id equal to a document id (ambiguous for --only)', () => {
    const error = errorOf(() => linkProofs([docOf('d1', 'a.md', claim('d1', []))]));
    expect(error.problem).toMatch(/also the id of the document/);
  });
});

describe('loadProofs', () => {
  test('reads every .md of a folder in name order and names files relative to cwd', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerproof-proofs-'));
    try {
      writeFileSync(join(dir, 'b.md'), doc(GOOD_CLAIM, 'B.', 'id: doc-b\ntitle: B\norder: 1'));
      writeFileSync(join(dir, 'a.md'), doc(GOOD_CLAIM.replace('demo-claim', 'other-claim'), 'A.', 'id: doc-a\ntitle: A\norder: 2'));
      writeFileSync(join(dir, 'notes.txt'), 'not a proof');
      const set = loadProofs([dir], { cwd: dir, math });
      expect(set.documents.map((d) => [d.id, d.file])).toEqual([['doc-b', 'b.md'], ['doc-a', 'a.md']]);
      expect(set.claims.size).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a path that does not exist is refused with what would be valid', () => {
    expect(() => loadProofs(['no/such/folder'], { math })).toThrow(/must be an existing proof document \(\.md\) or a folder of them/);
  });
});
