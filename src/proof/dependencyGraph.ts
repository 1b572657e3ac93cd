import dagre from '@dagrejs/dagre';
import { LayerproofError } from '../core/LayerproofError.js';
import { BLUEPRINT_LEGEND, BLUEPRINT_STATES, blueprintState, notProvedUnder, type BlueprintState } from './blueprintState.js';
import type { StepStatus } from './claimStatus.js';
import { escapeHtml } from './escapeHtml.js';
import type { Claim, ClaimKind, ProofDocument } from './ProofDocument.js';
import { BLUEPRINT_COLOURS } from './siteStyles.js';

/** Kinds drawn in the graph; steps are inside proofs and are followed through, not drawn. */
const DRAWN: ReadonlySet<ClaimKind> = new Set(['lemma', 'theorem', 'corollary', 'refutation']);

const NODE_W = 190;
const NODE_H = 60;
/** Characters of a title per line in a node: 12 px system-ui averages under 6.5 px a character, wide letters (m, w) more: 24 keeps every line inside the box. */
const NODE_CHARS = 24;
/** Horizontal gap between nodes of a rank, and vertical gap between ranks (dagre's nodesep, ranksep). */
const NODE_GAP = 20;
const RANK_GAP = 44;
/** Padding inside a document's cluster, and the gap between clusters. */
const PAD = 14;
const CLUSTER_GAP = 16;
const MIN_CLUSTER_W = NODE_W + 2 * PAD + 40;
/** Cluster titles: 13 px bold, about 7.5 px a character; at most three lines. */
const TITLE_CHAR_W = 7.5;
const TITLE_LINE = 17;
const TITLE_LINES = 3;
/** The legend: one swatch and name per state, wrapped to the graph's width. */
const LEGEND_ROW = 22;
const LEGEND_CHAR_W = 7;
/**
 * The width the clusters are packed into, by default: the index page's graph panel at a
 * desktop width (its main column is 60rem). A wider cluster gets a row of its own and the
 * panel scrolls.
 */
export const DEFAULT_GRAPH_WIDTH = 880;

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly documentId: string;
  /** The step status of the last check. */
  readonly status: StepStatus;
  /** Where the claim stands in the blueprint taxonomy, dependencies included. */
  readonly blueprint: BlueprintState;
  /** For a proved claim, the claims under it that are not proved (what keeps it from fully proved); else empty. */
  readonly notProvedUnder: readonly string[];
  readonly href: string;
  /** Rank inside its document, 0 at the top. */
  readonly layer: number;
  /** Top-left corner and size of the box. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphEdge {
  /** The claim that is used … */
  readonly from: string;
  /** … by this one. */
  readonly to: string;
}

export interface GraphPoint {
  readonly x: number;
  readonly y: number;
}

export interface GraphCluster {
  readonly documentId: string;
  readonly title: string;
  /** The title wrapped to the cluster's width. */
  readonly titleLines: readonly string[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A box standing, in the document that uses it, for a claim of another document; it links to the claim. */
export interface GraphExternal {
  readonly claimId: string;
  readonly label: string;
  readonly title: string;
  readonly claimDocumentId: string;
  readonly claimDocumentTitle: string;
  /** The document it is drawn in. */
  readonly documentId: string;
  readonly blueprint: BlueprintState;
  readonly href: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /**
   * `routes[i]` is the polyline `edges[i]` is drawn along (dagre's route); an edge from
   * another document starts at the claim's stand-in box in {@link externals}.
   */
  readonly routes: readonly (readonly GraphPoint[])[];
  readonly externals: readonly GraphExternal[];
  readonly clusters: readonly GraphCluster[];
  /** Top-left corner of each legend entry. */
  readonly legend: readonly { readonly state: BlueprintState; readonly x: number; readonly y: number }[];
  readonly width: number;
  readonly height: number;
}

export interface DependencyGraphOptions {
  /** Width to pack the documents' clusters into, side by side in rows (default {@link DEFAULT_GRAPH_WIDTH}). */
  readonly maxWidth?: number;
}

/**
 * The part of dagre's API used here. Its bundled declaration files import their siblings
 * without extensions, which NodeNext resolution does not follow, so its own types arrive as
 * `any`: this interface keeps the calls checked.
 */
interface DagreGraph {
  setGraph(label: Readonly<Record<string, number | string>>): unknown;
  setDefaultEdgeLabel(label: () => object): unknown;
  setNode(id: string, label: { width: number; height: number }): unknown;
  setEdge(from: string, to: string): unknown;
  node(id: string): { x: number; y: number } | undefined;
  edge(from: string, to: string): { points?: GraphPoint[] } | undefined;
  graph(): { width?: number; height?: number };
}
interface Dagre {
  readonly graphlib: { readonly Graph: new () => DagreGraph };
  layout(graph: DagreGraph): void;
}
const engine = dagre as unknown as Dagre;

/** Splits text into lines of at most `chars` characters at spaces; the last kept line ends in "…" if text was left. */
function wrap(text: string, chars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= chars) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  const kept = lines.slice(0, maxLines).map((l) => (l.length <= chars ? l : `${l.slice(0, chars - 1)}…`));
  const last = kept.length - 1;
  const lastLine = kept[last];
  if (lines.length > maxLines && lastLine !== undefined) kept[last] = `${lastLine.slice(0, chars - 1).replace(/\s+$/, '')}…`;
  return kept;
}

/** Boxes laid out relative to (0, 0): top-left corners, and each edge's route. */
interface Placement {
  readonly at: ReadonlyMap<string, GraphPoint>;
  /** Keyed by `from\nto`. */
  readonly routes: ReadonlyMap<string, readonly GraphPoint[]>;
  readonly width: number;
  readonly height: number;
}

const edgeKey = (e: GraphEdge): string => `${e.from}\n${e.to}`;

/** One connected group of boxes, laid out by dagre top to bottom. */
function layoutComponent(ids: readonly string[], edges: readonly GraphEdge[]): Placement {
  const g = new engine.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: NODE_GAP, ranksep: RANK_GAP, edgesep: 12, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: NODE_W, height: NODE_H });
  for (const e of edges) g.setEdge(e.from, e.to);
  engine.layout(g);
  const at = new Map<string, GraphPoint>();
  for (const id of ids) {
    const p = g.node(id);
    // dagre gives centres; the boxes are kept by their top-left corner.
    if (p !== undefined) at.set(id, { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 });
  }
  const routes = new Map(edges.map((e) => [edgeKey(e), g.edge(e.from, e.to)?.points ?? []] as const));
  const size = g.graph();
  return { at, routes, width: size.width ?? NODE_W, height: size.height ?? NODE_H };
}

/** Places blocks left to right in rows of at most `maxWidth` (a wider block gets a row of its own), each row centred. */
function packRows(sizes: readonly { readonly width: number; readonly height: number }[], maxWidth: number, gapX: number, gapY: number): { at: GraphPoint[]; rows: number[][]; width: number; height: number } {
  const rows: number[][] = [];
  let used = 0;
  sizes.forEach((s, i) => {
    const row = rows[rows.length - 1];
    if (row !== undefined && used + gapX + s.width <= maxWidth) {
      row.push(i);
      used += gapX + s.width;
    } else {
      rows.push([i]);
      used = s.width;
    }
  });
  const rowWidth = (row: readonly number[]): number => row.reduce((w, i) => w + (sizes[i]?.width ?? 0), 0) + gapX * (row.length - 1);
  const width = Math.max(0, ...rows.map(rowWidth));
  const at: GraphPoint[] = [];
  let y = 0;
  for (const row of rows) {
    let x = (width - rowWidth(row)) / 2;
    for (const i of row) {
      at[i] = { x, y };
      x += (sizes[i]?.width ?? 0) + gapX;
    }
    y += Math.max(...row.map((i) => sizes[i]?.height ?? 0)) + gapY;
  }
  return { at, rows, width, height: Math.max(0, y - gapY) };
}

/**
 * One document's boxes: each connected group laid out by dagre, the groups packed in rows
 * (so that results nothing in the document uses do not widen its widest rank).
 */
function layoutDocument(ids: readonly string[], edges: readonly GraphEdge[], maxWidth: number): Placement {
  const root = new Map(ids.map((id) => [id, id]));
  const find = (id: string): string => {
    const up = root.get(id) ?? id;
    if (up === id) return id;
    const top = find(up);
    root.set(id, top);
    return top;
  };
  for (const e of edges) root.set(find(e.from), find(e.to));
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const key = find(id);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [id]);
    else group.push(id);
  }
  const parts = [...groups.values()].map((group) => {
    const members = new Set(group);
    return layoutComponent(group, edges.filter((e) => members.has(e.from)));
  });
  const packed = packRows(parts, maxWidth, NODE_GAP + 8, RANK_GAP);
  const at = new Map<string, GraphPoint>();
  const routes = new Map<string, readonly GraphPoint[]>();
  parts.forEach((part, i) => {
    const o = packed.at[i] ?? { x: 0, y: 0 };
    for (const [id, p] of part.at) at.set(id, { x: o.x + p.x, y: o.y + p.y });
    for (const [key, points] of part.routes) routes.set(key, points.map((p) => ({ x: o.x + p.x, y: o.y + p.y })));
  });
  return { at, routes, width: packed.width, height: packed.height };
}

function legendEntryWidth(state: BlueprintState): number {
  return 26 + BLUEPRINT_LEGEND[state].name.length * LEGEND_CHAR_W + 18;
}

/** Rows of legend entries, wrapped to `width`; returns the entries and the height they take. */
function placeLegend(width: number, top: number): { entries: GraphLayout['legend']; height: number } {
  const entries: { state: BlueprintState; x: number; y: number }[] = [];
  let x = PAD;
  let y = top;
  for (const state of BLUEPRINT_STATES) {
    const w = legendEntryWidth(state);
    if (x > PAD && x + w > width - PAD) {
      x = PAD;
      y += LEGEND_ROW;
    }
    entries.push({ state, x, y });
    x += w;
  }
  return { entries, height: y - top + LEGEND_ROW + 8 };
}

/** Names a box that stands, in a document, for a claim of another document (claim ids have no `>`). */
const externalKey = (claimId: string): string => `>${claimId}`;

/**
 * Lays out lemmas, theorems, corollaries and refutations with dagre (layered, top to
 * bottom: what a claim uses is above it), one cluster per document, the clusters packed
 * left to right in rows of at most `maxWidth` (a wider one gets its own row; the page's
 * panel scrolls). Dependencies through proof steps are followed, so a theorem that uses a
 * step that uses a lemma gets an edge from that lemma. A claim of another document is
 * drawn, in the document that uses it, as a linked box of its own (see
 * {@link GraphLayout.externals}), so no edge runs across other clusters. Each node carries
 * its blueprint state (fully proved needs every claim under it, steps included, proved).
 */
export function layoutDependencyGraph(
  documents: readonly ProofDocument[],
  statusOf: (claim: Claim) => StepStatus,
  hrefOf: (claim: Claim) => string,
  options: DependencyGraphOptions = {},
): GraphLayout {
  const maxWidth = options.maxWidth ?? DEFAULT_GRAPH_WIDTH;
  const narrowest = MIN_CLUSTER_W + 2 * CLUSTER_GAP;
  if (!Number.isFinite(maxWidth) || maxWidth < narrowest) {
    throw LayerproofError.invalid({
      op: 'layoutDependencyGraph', argument: 'options.maxWidth', value: maxWidth, expected: `a width in pixels of at least ${narrowest} (one node in its document's cluster)`,
    });
  }
  const byId = new Map<string, Claim>();
  for (const d of documents) for (const c of d.claims) byId.set(c.id, c);
  const titleOf = new Map(documents.map((d) => [d.id, d.title]));
  const drawn = [...byId.values()].filter((c) => DRAWN.has(c.kind));
  const drawnIds = new Set(drawn.map((c) => c.id));

  const depsOf = (claim: Claim): string[] => {
    const found = new Set<string>();
    const seen = new Set<string>();
    const walk = (id: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      const c = byId.get(id);
      if (c === undefined) return;
      if (drawnIds.has(id)) found.add(id);
      else c.uses.forEach(walk);
    };
    claim.uses.forEach(walk);
    return [...found];
  };
  const edges: GraphEdge[] = drawn.flatMap((c) => depsOf(c).map((from) => ({ from, to: c.id })));
  const statuses = new Map([...byId.values()].map((c) => [c.id, statusOf(c)]));
  const statusOfId = (id: string): StepStatus | undefined => statuses.get(id);
  const usesOf = (id: string): readonly string[] => byId.get(id)?.uses ?? [];
  const stateOf = (id: string): BlueprintState => blueprintState(id, statusOfId, usesOf);
  const documentOf = (id: string): string | undefined => byId.get(id)?.documentId;

  const docs = documents.flatMap((doc) => {
    const claims = drawn.filter((c) => c.documentId === doc.id);
    if (claims.length === 0) return [];
    // Edges into this document; one from another document starts at that claim's stand-in box.
    const local = edges.filter((e) => documentOf(e.to) === doc.id)
      .map((e) => (documentOf(e.from) === doc.id ? e : { from: externalKey(e.from), to: e.to }));
    const foreign = [...new Set(local.map((e) => e.from).filter((id) => id.startsWith('>')))];
    const placed = layoutDocument([...claims.map((c) => c.id), ...foreign], local, maxWidth - 2 * CLUSTER_GAP - 2 * PAD);
    const width = Math.max(placed.width + 2 * PAD, MIN_CLUSTER_W);
    return [{ doc, claims, foreign, placed, width, titleLines: wrap(doc.title, Math.floor((width - 2 * PAD) / TITLE_CHAR_W), TITLE_LINES) }];
  });

  // The clusters in rows; a row's clusters share its header's height and its height.
  const rows = packRows(docs.map((d) => ({ width: d.width, height: 0 })), maxWidth - 2 * CLUSTER_GAP, CLUSTER_GAP, 0).rows.map((row) => row.flatMap((i) => docs[i] ?? []));
  const nodes: GraphNode[] = [];
  const externals: GraphExternal[] = [];
  const clusters: GraphCluster[] = [];
  const routeOf = new Map<string, readonly GraphPoint[]>();
  let top = CLUSTER_GAP;
  let width = 0;
  for (const row of rows) {
    const header = PAD + Math.max(...row.map((d) => d.titleLines.length)) * TITLE_LINE;
    const height = header + PAD + Math.max(...row.map((d) => d.placed.height)) + PAD;
    let left = CLUSTER_GAP;
    for (const { doc, claims, foreign, placed, width: w, titleLines } of row) {
      const ox = left + (w - placed.width) / 2;
      const oy = top + header + PAD;
      const at = (id: string): GraphPoint => {
        const p = placed.at.get(id) ?? { x: 0, y: 0 };
        return { x: ox + p.x, y: oy + p.y };
      };
      clusters.push({ documentId: doc.id, title: doc.title, titleLines, x: left, y: top, width: w, height });
      for (const c of claims) {
        const blueprint = stateOf(c.id);
        nodes.push({
          id: c.id, label: c.label, title: c.title, documentId: c.documentId, status: statuses.get(c.id) ?? 'not-run', blueprint,
          notProvedUnder: blueprint === 'proved' ? notProvedUnder(c.id, statusOfId, usesOf) : [], href: hrefOf(c),
          layer: 0, ...at(c.id), width: NODE_W, height: NODE_H,
        });
      }
      for (const key of foreign) {
        const c = byId.get(key.slice(1));
        if (c === undefined) continue;
        externals.push({
          claimId: c.id, label: c.label, title: c.title, claimDocumentId: c.documentId, claimDocumentTitle: titleOf.get(c.documentId) ?? c.documentId,
          documentId: doc.id, blueprint: stateOf(c.id), href: hrefOf(c), ...at(key), width: NODE_W, height: NODE_H,
        });
      }
      for (const [key, points] of placed.routes) routeOf.set(key, points.map((p) => ({ x: ox + p.x, y: oy + p.y })));
      left += w + CLUSTER_GAP;
    }
    width = Math.max(width, left);
    top += height + CLUSTER_GAP;
  }
  width = Math.max(width, 2 * PAD + Math.max(...BLUEPRINT_STATES.map(legendEntryWidth)), narrowest);

  // Ranks as drawn: the distinct tops inside each document, from the top.
  const layered = nodes.map((n) => {
    const tops = [...new Set(nodes.filter((m) => m.documentId === n.documentId).map((m) => m.y))].sort((a, b) => a - b);
    return { ...n, layer: tops.indexOf(n.y) };
  });
  const routes = edges.map((e) => routeOf.get(edgeKey(documentOf(e.from) === documentOf(e.to) ? e : { from: externalKey(e.from), to: e.to })) ?? []);
  const legend = placeLegend(width, top);
  return { nodes: layered, edges, routes, externals, clusters, legend: legend.entries, width, height: top + legend.height };
}

/** An SVG path through dagre's points: quadratic pieces through the midpoints, a straight last piece. */
function pathThrough(points: readonly GraphPoint[]): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  const last = rest.pop();
  if (last === undefined) return '';
  const parts = [`M ${fmt(first.x)} ${fmt(first.y)}`];
  rest.forEach((p, i) => {
    const next = rest[i + 1] ?? last;
    parts.push(`Q ${fmt(p.x)} ${fmt(p.y)}, ${fmt((p.x + next.x) / 2)} ${fmt((p.y + next.y) / 2)}`);
  });
  parts.push(`L ${fmt(last.x)} ${fmt(last.y)}`);
  return parts.join(' ');
}

function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** A box's rectangle and its text: a bold first line, then the title on up to two lines. */
function box(b: { readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly blueprint: BlueprintState }, head: string, title: string, dashed: boolean): string[] {
  const s = BLUEPRINT_COLOURS[b.blueprint];
  const dash = dashed ? ' stroke-dasharray="6 3"' : s.dash === undefined ? '' : ` stroke-dasharray="${s.dash}"`;
  return [
    `<rect x="${fmt(b.x)}" y="${fmt(b.y)}" width="${b.width}" height="${b.height}" rx="6" fill="${s.fill}" stroke="${s.stroke}" stroke-width="2"${dash}/>`,
    `<text x="${fmt(b.x + 10)}" y="${fmt(b.y + 18)}" font-weight="600" fill="#202124">${escapeHtml(head)}</text>`,
    ...wrap(title, NODE_CHARS, 2).map((line, i) => `<text x="${fmt(b.x + 10)}" y="${fmt(b.y + 35 + i * 15)}" fill="#202124">${escapeHtml(line)}</text>`),
  ];
}

/**
 * The graph as a standalone SVG document. Every node links to its claim and carries
 * `data-claim-id`, `data-status` (the check's) and `data-blueprint` (see {@link BlueprintState});
 * a claim of another document drawn where it is used is an `a.external` with `data-refers-to`.
 */
export function dependencyGraphSvg(layout: GraphLayout): string {
  const documentOf = new Map(layout.nodes.map((n) => [n.id, n.documentId]));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${fmt(layout.width)} ${fmt(layout.height)}" width="${fmt(layout.width)}" height="${fmt(layout.height)}" role="img" aria-labelledby="graph-title" class="dependency-graph" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push('<title id="graph-title">Dependency graph: an arrow goes from a result to each result that uses it; colours as in Lean blueprints</title>');
  parts.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#5f6368"/></marker></defs>');
  for (const c of layout.clusters) {
    parts.push(`<g class="cluster" data-document="${escapeHtml(c.documentId)}"><title>${escapeHtml(c.title)}</title>`);
    parts.push(`<rect x="${fmt(c.x)}" y="${fmt(c.y)}" width="${fmt(c.width)}" height="${fmt(c.height)}" rx="8" fill="#fafafa" stroke="#dadce0"/>`);
    // Left-aligned: a cluster wider than the panel still shows its title before any scrolling.
    c.titleLines.forEach((line, i) => {
      parts.push(`<text x="${fmt(c.x + PAD)}" y="${fmt(c.y + PAD + 4 + i * TITLE_LINE)}" font-weight="600" font-size="13">${escapeHtml(line)}</text>`);
    });
    parts.push('</g>');
  }
  layout.edges.forEach((e, i) => {
    const d = pathThrough(layout.routes[i] ?? []);
    if (d === '') return;
    const across = documentOf.get(e.from) !== documentOf.get(e.to);
    parts.push(`<path class="edge${across ? ' across' : ''}" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" d="${d}" fill="none" stroke="#5f6368" stroke-width="1.3"${across ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#arrow)"/>`);
  });
  for (const n of layout.nodes) {
    parts.push(`<a href="${escapeHtml(n.href)}" class="node" data-claim-id="${escapeHtml(n.id)}" data-status="${escapeHtml(n.status)}" data-blueprint="${n.blueprint}">`);
    const under = n.notProvedUnder.length === 0 ? '' : `; not fully proved: ${n.notProvedUnder.join(', ')} under it ${n.notProvedUnder.length === 1 ? 'is' : 'are'} not proved`;
    parts.push(`<title>${escapeHtml(`${n.label}: ${n.title} (${BLUEPRINT_LEGEND[n.blueprint].name}; check: ${n.status}${under})`)}</title>`);
    parts.push(...box(n, n.label, n.title, false));
    parts.push('</a>');
  }
  for (const x of layout.externals) {
    parts.push(`<a href="${escapeHtml(x.href)}" class="external" data-refers-to="${escapeHtml(x.claimId)}" data-document="${escapeHtml(x.documentId)}" data-blueprint="${x.blueprint}">`);
    parts.push(`<title>${escapeHtml(`${x.label} of “${x.claimDocumentTitle}”: ${x.title} (${BLUEPRINT_LEGEND[x.blueprint].name})`)}</title>`);
    parts.push(...box(x, `↗ ${x.label}`, x.title, true));
    parts.push('</a>');
  }
  for (const { state, x, y } of layout.legend) {
    const s = BLUEPRINT_COLOURS[state];
    const dash = s.dash === undefined ? '' : ` stroke-dasharray="${s.dash}"`;
    parts.push(`<g class="legend-entry" data-blueprint="${state}"><rect x="${fmt(x)}" y="${fmt(y)}" width="16" height="16" rx="3" fill="${s.fill}" stroke="${s.stroke}" stroke-width="2"${dash}/><text x="${fmt(x + 24)}" y="${fmt(y + 12)}">${escapeHtml(BLUEPRINT_LEGEND[state].name)}</text></g>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The legend for the page beside the graph: each colour and what it means, in plain words. */
export function dependencyGraphLegendHtml(): string {
  const rows = BLUEPRINT_STATES.map((state) => {
    const { name, meaning } = BLUEPRINT_LEGEND[state];
    return `<dt data-blueprint="${state}"><span class="swatch bp-${state}"></span>${escapeHtml(name)}</dt><dd>${escapeHtml(meaning)}</dd>`;
  });
  rows.push('<dt><span class="swatch bp-external"></span>↗ another proof</dt><dd>A result of another proof that this one uses, in that result\'s colours; it links there.</dd>');
  return `<dl class="graph-legend">\n${rows.join('\n')}\n</dl>`;
}
