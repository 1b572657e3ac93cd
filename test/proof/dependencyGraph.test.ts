import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { BLUEPRINT_STATES, blueprintState, notProvedUnder, ownBlueprintState } from '../../src/proof/blueprintState.js';
import type { StepStatus } from '../../src/proof/claimStatus.js';
import { createProofMath } from '../../src/proof/createProofMath.js';
import {
  DEFAULT_GRAPH_WIDTH, dependencyGraphLegendHtml, dependencyGraphSvg, layoutDependencyGraph, type GraphLayout,
} from '../../src/proof/dependencyGraph.js';
import { linkProofs } from '../../src/proof/loadProofs.js';
import { parseProofDocument } from '../../src/proof/parseProofDocument.js';
import type { ClaimKind, ProofDocument } from '../../src/proof/ProofDocument.js';

const pm = createProofMath();

const ALL_STATUSES: readonly StepStatus[] = [
  'proved', 'proved-probably', 'refuted-exact', 'exhaustive', 'exhaustive+random', 'random', 'refuted', 'failed', 'stale', 'not-run', 'unchecked',
];
const PROVED: ReadonlySet<StepStatus> = new Set(['proved', 'proved-probably', 'refuted-exact']);

/** A lookup over a literal table: `{ id: [status, uses] }`. */
function table(rows: Readonly<Record<string, readonly [StepStatus, readonly string[]]>>): [(id: string) => StepStatus | undefined, (id: string) => readonly string[]] {
  return [(id) => rows[id]?.[0], (id) => rows[id]?.[1] ?? []];
}

describe('blueprintState: stated / proved / fully proved, as in leanblueprint', () => {
  test('a theorem is fully proved when it and every claim under it are proved', () => {
    const [statusOf, usesOf] = table({
      thm: ['proved', ['lemma-a', 'step']], 'lemma-a': ['proved-probably', []], step: ['refuted-exact', ['lemma-b']], 'lemma-b': ['proved', []],
    });
    expect(blueprintState('thm', statusOf, usesOf)).toBe('fully-proved');
    expect(blueprintState('lemma-b', statusOf, usesOf)).toBe('fully-proved');
  });

  test('one evidence-only lemma under a proved theorem makes it proved, not fully proved', () => {
    const [statusOf, usesOf] = table({ thm: ['proved', ['lemma-a', 'lemma-b']], 'lemma-a': ['proved', []], 'lemma-b': ['random', []] });
    expect(blueprintState('thm', statusOf, usesOf)).toBe('proved');
    expect(blueprintState('lemma-b', statusOf, usesOf)).toBe('evidence');
    expect(blueprintState('lemma-a', statusOf, usesOf)).toBe('fully-proved');
    expect(notProvedUnder('thm', statusOf, usesOf)).toEqual(['lemma-b']);
    expect(notProvedUnder('lemma-a', statusOf, usesOf)).toEqual([]);
  });

  test('the lemma that is not proved may be deep: under a step under a proved lemma', () => {
    const [statusOf, usesOf] = table({
      thm: ['proved', ['lemma-a']], 'lemma-a': ['proved', ['step']], step: ['proved', ['lemma-c']], 'lemma-c': ['exhaustive', []],
    });
    expect(blueprintState('thm', statusOf, usesOf)).toBe('proved');
    expect(blueprintState('step', statusOf, usesOf)).toBe('proved');
    expect(notProvedUnder('thm', statusOf, usesOf)).toEqual(['lemma-c']);
  });

  test('an unchecked step (an argument in words), a stale or a missing claim under a theorem keep it from fully proved', () => {
    for (const under of ['unchecked', 'stale', 'failed', 'not-run'] as const) {
      const [statusOf, usesOf] = table({ thm: ['proved', ['step']], step: [under, []] });
      expect(blueprintState('thm', statusOf, usesOf), under).toBe('proved');
    }
    const [statusOf, usesOf] = table({ thm: ['proved', ['nowhere']] });
    expect(blueprintState('thm', statusOf, usesOf)).toBe('proved');
    expect(blueprintState('nowhere', statusOf, usesOf)).toBe('not-checked');
  });

  test('a claim that is not proved itself keeps its own state, whatever is under it', () => {
    const expected: Record<StepStatus, string> = {
      proved: 'fully-proved', 'proved-probably': 'fully-proved', 'refuted-exact': 'fully-proved',
      exhaustive: 'evidence', 'exhaustive+random': 'evidence', random: 'evidence', refuted: 'evidence',
      failed: 'failed', stale: 'stale', 'not-run': 'stated', unchecked: 'not-checked',
    };
    for (const status of ALL_STATUSES) {
      const [statusOf, usesOf] = table({ c: [status, ['l']], l: ['proved', []] });
      expect(blueprintState('c', statusOf, usesOf), status).toBe(expected[status]);
    }
  });

  test('a cycle in the uses (refused by linkProofs, but possible through the API) terminates', () => {
    const [statusOf, usesOf] = table({ a: ['proved', ['b']], b: ['proved', ['a']] });
    expect(blueprintState('a', statusOf, usesOf)).toBe('fully-proved');
  });

  /** Random DAGs: claim i may use claims after it; statuses drawn from every status. */
  const dags = fc.integer({ min: 1, max: 9 }).chain((n) => fc.record({
    statuses: fc.array(fc.constantFrom(...ALL_STATUSES, 'proved', 'proved'), { minLength: n, maxLength: n }),
    uses: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
  })).map(({ statuses, uses }) => ({
    statuses,
    uses: uses.map((u, i) => [...new Set(u.filter((j) => j > i))].map((j) => `c${j}`)),
  }));

  /** The reference: proved and every claim reachable through the uses proved (a recursive definition, not the worklist). */
  function fullyProvedReference(id: number, statuses: readonly StepStatus[], uses: readonly (readonly string[])[]): boolean {
    const status = statuses[id];
    return status !== undefined && PROVED.has(status) && (uses[id] ?? []).every((u) => fullyProvedReference(Number(u.slice(1)), statuses, uses));
  }
  /** A wrong rule, for the negative control: it looks at the direct uses only. */
  function directOnly(id: number, statuses: readonly StepStatus[], uses: readonly (readonly string[])[]): boolean {
    const status = statuses[id];
    return status !== undefined && PROVED.has(status) && (uses[id] ?? []).every((u) => PROVED.has(statuses[Number(u.slice(1))] ?? 'failed'));
  }
  const agrees = (rule: typeof fullyProvedReference) => ({ statuses, uses }: { statuses: StepStatus[]; uses: string[][] }): boolean => statuses.every((s, i) => {
    const state = blueprintState(`c${i}`, (id) => statuses[Number(id.slice(1))], (id) => uses[Number(id.slice(1))] ?? []);
    return (state === 'fully-proved') === rule(i, statuses, uses) && (state === 'fully-proved' || state === ownBlueprintState(s));
  });

  test.prop([dags], { numRuns: 300 })('on random dependency graphs: fully proved exactly when everything reachable is proved', (dag) => {
    expect(agrees(fullyProvedReference)(dag)).toBe(true);
  });

  test('negative control: the property catches a rule that looks at the direct uses only', () => {
    const run = fc.check(fc.property(dags, agrees(directOnly)), { numRuns: 300 });
    expect(run.failed).toBe(true);
  });
});

/** One proof document with claims `{ id, kind, uses }`, checks only where a refutation needs one. */
interface ClaimSpec {
  readonly id: string;
  readonly kind: ClaimKind;
  readonly uses: readonly string[];
}

function documentSource(id: string, title: string, claims: readonly ClaimSpec[]): string {
  const blocks = claims.map((c) => [
    '```claim', `id: ${c.id}`, `kind: ${c.kind}`, `title: ${c.kind} ${c.id} with a title long enough to wrap onto a second line`,
    ...(c.uses.length === 0 ? [] : [`uses: [${c.uses.join(', ')}]`]),
    // A refutation must carry the equality its counterexample breaks.
    ...(c.kind === 'refutation' ? ['given:', '  n: int(1, 3)', 'check: n == n + 1'] : []), '```',
  ].join('\n'));
  return ['---', `id: ${id}`, `title: ${title}`, '---', '', 'Prose.', '', ...blocks.flatMap((b) => [b, ''])].join('\n');
}

function documents(specs: readonly (readonly ClaimSpec[])[]): ProofDocument[] {
  const docs = specs.map((claims, d) => parseProofDocument(
    documentSource(`doc-${d}`, `Document ${d}, a title as long as the real ones, about the layers of a network and what they do`, claims), `doc-${d}.md`, pm,
  ));
  linkProofs(docs);
  return docs;
}

/** Problems of a layout, in words: overlapping boxes, boxes outside their cluster or the drawing, edges that go up. */
function layoutProblems(layout: GraphLayout): string[] {
  const problems: string[] = [];
  type Box = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  const inside = (a: Box, b: Box): boolean => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
  const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const drawing = { x: 0, y: 0, width: layout.width, height: layout.height };
  const boxes = [...layout.nodes, ...layout.externals.map((x) => ({ ...x, id: `stand-in for ${x.claimId}` }))];
  boxes.forEach((n, i) => {
    if (!inside(n, drawing)) problems.push(`${n.id} outside the drawing`);
    const cluster = layout.clusters.find((c) => c.documentId === n.documentId);
    if (cluster === undefined || !inside(n, cluster)) problems.push(`${n.id} outside its document's cluster`);
    for (const m of boxes.slice(i + 1)) if (overlap(n, m)) problems.push(`${n.id} overlaps ${m.id}`);
  });
  layout.clusters.forEach((c, i) => {
    if (!inside(c, drawing)) problems.push(`cluster ${c.documentId} outside the drawing`);
    for (const d of layout.clusters.slice(i + 1)) if (overlap(c, d)) problems.push(`cluster ${c.documentId} overlaps ${d.documentId}`);
  });
  const at = new Map(layout.nodes.map((n) => [n.id, n]));
  layout.edges.forEach((e, i) => {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (a !== undefined && b !== undefined && a.documentId === b.documentId && !(a.y + a.height <= b.y)) problems.push(`edge ${e.from} → ${e.to} does not go down`);
    const route = layout.routes[i] ?? [];
    const [first] = route;
    const last = route[route.length - 1];
    const ends = (p: { x: number; y: number }, n: Box): boolean => p.x >= n.x - 1 && p.x <= n.x + n.width + 1 && p.y >= n.y - 1 && p.y <= n.y + n.height + 1;
    if (first === undefined || last === undefined || b === undefined || !(first.y < last.y) || !ends(last, b)) problems.push(`edge ${e.from} → ${e.to} is not routed down to its user`);
  });
  return problems;
}

/** Up to 6 documents of up to 8 drawn claims and a few steps; a claim uses earlier claims, in its document or before. */
const graphs = fc.array(
  fc.array(fc.record({ kind: fc.constantFrom<ClaimKind>('lemma', 'lemma', 'theorem', 'corollary', 'refutation', 'step'), uses: fc.array(fc.nat(), { maxLength: 3 }) }), { minLength: 1, maxLength: 8 }),
  { minLength: 1, maxLength: 6 },
).map((docs) => {
  const ids: string[] = [];
  return docs.map((claims, d) => claims.map((c, i) => {
    const id = `c${d}-${i}`;
    const uses = ids.length === 0 ? [] : [...new Set(c.uses.map((u) => ids[u % ids.length] ?? ''))];
    ids.push(id);
    return { id, kind: c.kind, uses };
  }));
});

describe('layoutDependencyGraph (dagre, one cluster per document, clusters packed in rows)', () => {
  test.prop([graphs, fc.integer({ min: 400, max: 1600 })], { numRuns: 40 })('no two boxes overlap, each lies in its cluster and the drawing, edges go down, rows fit the width', (specs, maxWidth) => {
    const layout = layoutDependencyGraph(documents(specs), () => 'random', () => '#', { maxWidth });
    expect(layoutProblems(layout)).toEqual([]);
    // Wider than asked only where one cluster alone is wider.
    const widest = Math.max(...layout.clusters.map((c) => c.width));
    expect(layout.width <= maxWidth || layout.width <= widest + 2 * 16).toBe(true);
    expect(layout.nodes.length).toBe(specs.flat().filter((c) => c.kind !== 'step').length);
  });

  test('negative control: the layout check catches two nodes forced to one position, a node outside its cluster, an edge drawn up', () => {
    const specs: ClaimSpec[][] = [[{ id: 'a', kind: 'lemma', uses: [] }, { id: 'b', kind: 'lemma', uses: [] }, { id: 'c', kind: 'theorem', uses: ['a', 'b'] }]];
    const layout = layoutDependencyGraph(documents(specs), () => 'random', () => '#');
    expect(layoutProblems(layout)).toEqual([]);
    const [a, b, c] = layout.nodes;
    if (a === undefined || b === undefined || c === undefined) throw new Error('three nodes expected');
    expect(layoutProblems({ ...layout, nodes: [a, { ...b, x: a.x, y: a.y }, c] })).toContain('a overlaps b');
    expect(layoutProblems({ ...layout, nodes: [a, b, { ...c, x: layout.width - 10 }] })).toEqual(expect.arrayContaining(['c outside the drawing', 'c outside its document\'s cluster']));
    expect(layoutProblems({ ...layout, nodes: [a, b, { ...c, y: a.y }] })).toEqual(expect.arrayContaining(['edge a → c does not go down']));
  });

  test('a document wider than the width keeps its own row; documents that fit share one', () => {
    const wide = Array.from({ length: 8 }, (_v, i): ClaimSpec => ({ id: `w${i}`, kind: 'lemma', uses: [] }));
    const specs: ClaimSpec[][] = [
      [...wide, { id: 'wide-thm', kind: 'theorem', uses: wide.map((w) => w.id) }],
      [{ id: 'small-a', kind: 'lemma', uses: [] }],
      [{ id: 'small-b', kind: 'lemma', uses: [] }],
    ];
    const layout = layoutDependencyGraph(documents(specs), () => 'random', () => '#');
    const [first, second, third] = layout.clusters;
    expect(first?.width).toBeGreaterThan(DEFAULT_GRAPH_WIDTH);
    expect(second?.y).toBeGreaterThan((first?.y ?? 0) + (first?.height ?? 0));
    expect(third?.y).toBe(second?.y);
    expect(layoutProblems(layout)).toEqual([]);
  });

  test('results nothing in their document uses are packed beside the rest, not appended to its widest rank', () => {
    const specs: ClaimSpec[][] = [[
      { id: 'l1', kind: 'lemma', uses: [] }, { id: 'l2', kind: 'lemma', uses: [] }, { id: 't1', kind: 'theorem', uses: ['l1', 'l2'] },
      ...Array.from({ length: 6 }, (_v, i): ClaimSpec => ({ id: `alone-${i}`, kind: 'refutation', uses: [] })),
    ]];
    const layout = layoutDependencyGraph(documents(specs), () => 'random', () => '#');
    expect(layout.width).toBeLessThanOrEqual(DEFAULT_GRAPH_WIDTH);
    expect(layoutProblems(layout)).toEqual([]);
  });

  test('a claim of another document is drawn as a linked stand-in box where it is used, and the edge starts there', () => {
    const specs: ClaimSpec[][] = [[{ id: 'base', kind: 'lemma', uses: [] }], [{ id: 'other', kind: 'lemma', uses: [] }], [{ id: 'user', kind: 'theorem', uses: ['base'] }]];
    const layout = layoutDependencyGraph(documents(specs), () => 'proved', (c) => `#${c.id}`);
    expect(layout.edges).toEqual([{ from: 'base', to: 'user' }]);
    expect(layout.externals.map((x) => [x.claimId, x.documentId, x.claimDocumentId, x.blueprint])).toEqual([['base', 'doc-2', 'doc-0', 'fully-proved']]);
    const [stand] = layout.externals;
    const user = layout.nodes.find((n) => n.id === 'user');
    const cluster = layout.clusters.find((c) => c.documentId === 'doc-2');
    if (stand === undefined || user === undefined || cluster === undefined) throw new Error('stand-in, user and cluster expected');
    // Inside the user's cluster, above the user (and, below, overlapping nothing): the edge never crosses another cluster.
    expect(stand.x >= cluster.x && stand.x + stand.width <= cluster.x + cluster.width && stand.y >= cluster.y && stand.y + stand.height <= user.y).toBe(true);
    const route = layout.routes[0] ?? [];
    expect(route[0]?.y).toBeCloseTo(stand.y + stand.height, 0);
    expect(layoutProblems(layout)).toEqual([]);
    const svg = dependencyGraphSvg(layout);
    expect(svg).toMatch(/<path class="edge across" data-from="base" data-to="user" d="M [^"]+" [^>]*stroke-dasharray/);
    expect(svg).toContain('<a href="#base" class="external" data-refers-to="base" data-document="doc-2" data-blueprint="fully-proved">');
    // Negative control: the original box lies in another cluster, so an edge drawn from it would cross clusters.
    const original = layout.nodes.find((n) => n.id === 'base');
    expect(original !== undefined && (original.x + original.width <= cluster.x || original.y + original.height <= cluster.y)).toBe(true);
  });

  test('every node carries its blueprint state: fully proved only with everything under it proved', () => {
    const specs: ClaimSpec[][] = [[
      { id: 'good-lemma', kind: 'lemma', uses: [] }, { id: 'numeric-lemma', kind: 'lemma', uses: [] }, { id: 'bridge', kind: 'step', uses: ['numeric-lemma'] },
      { id: 'thm-full', kind: 'theorem', uses: ['good-lemma'] }, { id: 'thm-partial', kind: 'theorem', uses: ['good-lemma', 'bridge'] },
    ]];
    const status: Record<string, StepStatus> = { 'good-lemma': 'proved', 'numeric-lemma': 'random', bridge: 'proved', 'thm-full': 'proved', 'thm-partial': 'proved' };
    const layout = layoutDependencyGraph(documents(specs), (c) => status[c.id] ?? 'unchecked', (c) => `#${c.id}`);
    expect(Object.fromEntries(layout.nodes.map((n) => [n.id, n.blueprint]))).toEqual({
      'good-lemma': 'fully-proved', 'numeric-lemma': 'evidence', 'thm-full': 'fully-proved', 'thm-partial': 'proved',
    });
    // The step is followed through: thm-partial is drawn below the evidence lemma.
    expect(layout.edges).toContainEqual({ from: 'numeric-lemma', to: 'thm-partial' });
    expect(layout.nodes.find((n) => n.id === 'thm-partial')?.notProvedUnder).toEqual(['numeric-lemma']);
    const svg = dependencyGraphSvg(layout);
    expect(svg).toContain('not fully proved: numeric-lemma under it is not proved');
    expect(svg).toContain('data-claim-id="thm-partial" data-status="proved" data-blueprint="proved"');
    expect(svg).toContain('data-claim-id="thm-full" data-status="proved" data-blueprint="fully-proved"');
    expect(svg).toMatch(/data-claim-id="thm-full"[^]*?fill="#1CAC78"/);
    expect(svg).toMatch(/data-claim-id="thm-partial"[^]*?fill="#9CEC8B"/);
    expect(svg).toMatch(/data-claim-id="numeric-lemma"[^]*?fill="#A3D6FF"/);
  });

  test('the SVG and the page legend name every state, and every node has its id, status and blueprint state', () => {
    const specs: ClaimSpec[][] = [[{ id: 'a', kind: 'lemma', uses: [] }, { id: 'b', kind: 'theorem', uses: ['a'] }]];
    const svg = dependencyGraphSvg(layoutDependencyGraph(documents(specs), () => 'not-run', () => '#'));
    expect((svg.match(/<a href="#" class="node" data-claim-id="[a-z]" data-status="not-run" data-blueprint="stated">/g) ?? []).length).toBe(2);
    expect((svg.match(/<a /g) ?? []).length).toBe((svg.match(/<\/a>/g) ?? []).length);
    for (const state of BLUEPRINT_STATES) expect(svg, state).toContain(`class="legend-entry" data-blueprint="${state}"`);
    const legend = dependencyGraphLegendHtml();
    for (const state of BLUEPRINT_STATES) expect(legend, state).toContain(`<dt data-blueprint="${state}"><span class="swatch bp-${state}">`);
    expect(legend).toMatch(/real-arithmetic specification as the reference code computes it, at the stated sizes/);
    expect(legend).toMatch(/within a tolerance[^<]*Evidence, not a proof/);
  });

  test('titles are escaped and wrapped to two lines inside the box', () => {
    const doc = parseProofDocument([
      '---', 'id: esc', 'title: Escaping <b>&</b>', '---', '', '```claim', 'id: x', 'kind: lemma',
      'title: "A <tag> & a quote \\" in a title that is far too long for two lines of a box in the graph"', '```', '',
    ].join('\n'), 'esc.md', pm);
    const svg = dependencyGraphSvg(layoutDependencyGraph([doc], () => 'random', () => '#a"b'));
    expect(svg).toContain('href="#a&quot;b"');
    expect(svg).toContain('&lt;tag&gt; &amp;');
    expect(svg).not.toContain('<tag>');
    const lines = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" fill="#202124">([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
    expect(lines.length).toBe(2);
    expect(lines[1]).toMatch(/…$/);
  });

  test.each([0, 100, Number.NaN, Number.POSITIVE_INFINITY])('options.maxWidth = %s is refused with what would be valid', (maxWidth) => {
    expect(() => layoutDependencyGraph([], () => 'random', () => '#', { maxWidth })).toThrow(LayerproofError);
    expect(() => layoutDependencyGraph([], () => 'random', () => '#', { maxWidth })).toThrow(/options\.maxWidth must be a width in pixels of at least \d+/);
  });
});
