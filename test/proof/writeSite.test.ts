import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  checkProofs, createProofMath, dependencyGraphSvg, EVIDENCE_NOTE, layoutDependencyGraph, linkProofs, loadProofs,
  parseProofDocument, writeSite, type CheckReport, type GraphLayout, type ProofSet,
} from '../../src/proof.js';

const pm = createProofMath();
const FIXTURE = 'test/proof/fixtures/false';
let dir = '';
let proofs: ProofSet;
let report: CheckReport;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layerproof-site-'));
  proofs = loadProofs(['proofs', FIXTURE], { math: pm });
  // Few cases: this file tests the site, not the claims (test/proof/proofs.test.ts checks those).
  report = checkProofs(proofs, { runs: 20, seed: 5, exhaustiveLimit: 100, paths: ['proofs', FIXTURE] });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function read(name: string, out = dir): string {
  return readFileSync(join(out, name), 'utf8');
}

describe('writeSite', () => {
  test('writes an index, one page per proof, the graph, the styles, KaTeX and the report', () => {
    const site = writeSite(proofs, { outDir: dir, report });
    expect(site.pages).toEqual(['index.html', ...proofs.documents.map((d) => `${d.id}.html`)]);
    for (const f of ['index.html', 'style.css', 'dependency-graph.svg', 'check-results.json', 'katex/katex.min.css']) expect(existsSync(join(dir, f)), f).toBe(true);
    const stored = JSON.parse(read('check-results.json')) as CheckReport;
    expect(stored.claims.length).toBe(report.claims.length);
  });

  test('works offline: no remote URL anywhere, and every font the KaTeX stylesheet names is there', () => {
    const files = ['index.html', 'style.css', ...proofs.documents.map((d) => `${d.id}.html`)];
    for (const f of files) {
      const text = read(f).replace(/xmlns="http:\/\/www\.w3\.org\/[^"]*"/g, '');
      expect(text, f).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(text, f).not.toMatch(/url\((['"]?)(https?:)?\/\//);
    }
    const css = read('katex/katex.min.css');
    const fonts = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => (m[1] ?? '').replace(/['"]/g, ''));
    expect(fonts.length).toBeGreaterThan(20);
    for (const font of fonts) expect(existsSync(join(dir, 'katex', font)), font).toBe(true);
    expect(readdirSync(join(dir, 'katex', 'fonts')).some((f) => f.endsWith('.woff2'))).toBe(true);
  });

  test('every page says that numerical checking is evidence, not a formal proof', () => {
    for (const f of ['index.html', ...proofs.documents.map((d) => `${d.id}.html`)]) {
      expect(read(f)).toContain('Numerical checking is evidence, not a formal proof');
    }
    expect(EVIDENCE_NOTE).toMatch(/evidence, not a formal proof/);
  });

  test('each step has a badge; the false fixture shows its failure, counterexample, seed and replay command', () => {
    const page = read('false-maxpool-linear.html');
    expect(page).toMatch(/data-claim-id="maxpool-additive-false" data-status="failed"/);
    expect(page).toMatch(/data-claim-id="avgpool-additive-true" data-status="random"/);
    expect(page).toContain('data-counterexample="failure"');
    const result = report.claims.find((c) => c.id === 'maxpool-additive-false');
    expect(result?.status).toBe('failed');
    expect(page).toContain(`<dt>Seed</dt><dd>${result?.seed}`);
    expect(page).toContain('npm run layerproof -- check --only maxpool-additive-false --seed 5 --runs 20 proofs test/proof/fixtures/false');
    const index = read('index.html');
    expect(index).toMatch(/data-document="false-maxpool-linear"[\s\S]*?data-document-status="failed"/);
    expect(index).toMatch(/data-coverage="1\/2"/);
  });

  test('the coverage counts checked steps over all steps (steps without a check count as not checked)', () => {
    const gcn = proofs.documents.find((d) => d.id === 'gcn-invariance');
    const unchecked = gcn?.claims.filter((c) => c.check === undefined).length ?? 0;
    expect(unchecked).toBeGreaterThan(0);
    expect(read('index.html')).toContain(`data-coverage="${(gcn?.claims.length ?? 0) - unchecked}/${gcn?.claims.length ?? 0}"`);
    expect(read('gcn-invariance.html')).toMatch(/data-claim-id="induction-base" data-status="unchecked"/);
  });

  test('[[claim-id]] in the text becomes the claim\'s number, linked to its card', () => {
    const page = read('gcn-invariance.html');
    expect(page).toContain('<a href="gcn-invariance.html#claim-perm-orthogonal">Lemma 1</a>');
    expect(page).not.toContain('[[');
  });

  test('a claim edited after the check is stale; prose edited after the check marks the document stale', () => {
    const out = join(dir, 'stale');
    const original = proofs.documents.find((d) => d.id === 'false-maxpool-linear');
    const source = readFileSync(join(FIXTURE, 'maxpool-linear.md'), 'utf8');
    const editedClaim = parseProofDocument(source.replace('intImage(q, -3, 3)\n  z', 'intImage(q, -2, 2)\n  z'), original?.file ?? '', pm);
    const set: ProofSet = { documents: [editedClaim], claims: linkProofs([editedClaim]), math: pm };
    writeSite(set, { outDir: out, report });
    const page = read('false-maxpool-linear.html', out);
    expect(page).toMatch(/data-claim-id="maxpool-additive-false" data-status="stale"/);
    expect(page).toMatch(/data-claim-id="avgpool-additive-true" data-status="random"/);
    expect(page).toContain('data-stale');

    // Negative control: the unedited document is not stale.
    const same = parseProofDocument(source, original?.file ?? '', pm);
    writeSite({ documents: [same], claims: linkProofs([same]), math: pm }, { outDir: out, report });
    expect(read('false-maxpool-linear.html', out)).not.toMatch(/data-status="stale"|data-stale/);
  });

  test('without a report every checkable step is "not checked yet" and the index says how to check', () => {
    const out = join(dir, 'none');
    writeSite(proofs, { outDir: out, report: undefined, reportFile: 'docs/site/check-results.json' });
    const page = read('conv-affine.html', out);
    expect(page).toMatch(/data-claim-id="conv-matrix" data-status="not-run"/);
    expect(read('index.html', out)).toContain('No check result found at <code>docs/site/check-results.json</code>');
  });
});

/** True when every edge inside a document goes down the page (dependencies above what uses them). */
function edgesGoDown(layout: GraphLayout): boolean {
  const at = new Map(layout.nodes.map((n) => [n.id, n]));
  return layout.edges.every((e) => {
    const a = at.get(e.from);
    const b = at.get(e.to);
    return a === undefined || b === undefined || a.documentId !== b.documentId || a.y < b.y;
  });
}

describe('the dependency graph (SVG drawn by layerproof, no Graphviz)', () => {
  test('lemmas and theorems are nodes, proof steps are followed through, and every edge points down', () => {
    const layout = layoutDependencyGraph(proofs.documents, () => 'random', (c) => `${c.documentId}.html#claim-${c.id}`);
    const ids = layout.nodes.map((n) => n.id);
    expect(ids).toContain('conv-matrix');
    expect(ids).toContain('gcn-permutation-invariance');
    expect(ids).not.toContain('matrix-is-linear'); // a step
    // conv-linear uses the step matrix-is-linear and the lemma conv-matrix: one edge, from the lemma.
    expect(layout.edges.filter((e) => e.to === 'conv-linear')).toEqual([{ from: 'conv-matrix', to: 'conv-linear' }]);
    // adjacency-conjugation uses lemmas directly and through steps.
    expect(layout.edges.filter((e) => e.to === 'adjacency-conjugation').map((e) => e.from).sort()).toEqual(
      ['degree-conjugation', 'diagonal-function-conjugation', 'perm-orthogonal'],
    );
    expect(edgesGoDown(layout)).toBe(true);
    // No two nodes overlap.
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a !== b) expect(Math.abs(a.x - b.x) >= 200 || Math.abs(a.y - b.y) >= 40, `${a.id} / ${b.id}`).toBe(true);
      }
    }
  });

  test('negative control: the edge check catches a layout drawn upside down', () => {
    const layout = layoutDependencyGraph(proofs.documents, () => 'random', () => '#');
    const flipped: GraphLayout = { ...layout, nodes: layout.nodes.map((n) => ({ ...n, y: layout.height - n.y })) };
    expect(edgesGoDown(flipped)).toBe(false);
  });

  test('the SVG has a linked node per result, coloured by status, and an arrow per edge', () => {
    const layout = layoutDependencyGraph(proofs.documents, (c) => (c.id === 'maxpool-additive-false' ? 'failed' : 'random'), (c) => `${c.documentId}.html#claim-${c.id}`);
    const svg = dependencyGraphSvg(layout);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect((svg.match(/<a href="[^"]+" class="node"/g) ?? []).length).toBe(layout.nodes.length);
    expect((svg.match(/<path class="edge(?: across)?"/g) ?? []).length).toBe(layout.edges.length);
    expect(svg).toMatch(/data-claim-id="maxpool-additive-false" data-status="failed"/);
    expect((svg.match(/<a /g) ?? []).length).toBe((svg.match(/<\/a>/g) ?? []).length);
  });
});
