import type { StepStatus } from './claimStatus.js';
import { escapeHtml } from './escapeHtml.js';
import type { Claim, ClaimKind, ProofDocument } from './ProofDocument.js';

/** Kinds drawn in the graph; steps are inside proofs and are followed through, not drawn. */
const DRAWN: ReadonlySet<ClaimKind> = new Set(['lemma', 'theorem', 'corollary', 'refutation']);

const NODE_W = 220;
const NODE_H = 46;
const H_GAP = 22;
const V_GAP = 54;
const PAD = 16;
const HEADER = 36;
const LEGEND = 40;

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  readonly documentId: string;
  readonly status: StepStatus;
  readonly href: string;
  readonly layer: number;
  readonly x: number;
  readonly y: number;
}

export interface GraphEdge {
  /** The claim that is used … */
  readonly from: string;
  /** … by this one. */
  readonly to: string;
}

export interface GraphLayout {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly clusters: readonly { readonly documentId: string; readonly title: string; readonly x: number; readonly width: number }[];
  readonly width: number;
  readonly height: number;
}

/**
 * Lays out lemmas, theorems, corollaries and refutations: one column per document, each
 * claim one layer below everything it uses (longest-path layering), ordered inside a layer
 * by the mean position of what it uses (the barycenter heuristic) to keep edges short.
 * Dependencies through proof steps are followed, so a theorem that uses a step that uses
 * a lemma gets an edge from that lemma.
 */
export function layoutDependencyGraph(documents: readonly ProofDocument[], statusOf: (claim: Claim) => StepStatus, hrefOf: (claim: Claim) => string): GraphLayout {
  const byId = new Map<string, Claim>();
  for (const d of documents) for (const c of d.claims) byId.set(c.id, c);
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
  const deps = new Map(drawn.map((c) => [c.id, depsOf(c)]));
  const edges: GraphEdge[] = drawn.flatMap((c) => (deps.get(c.id) ?? []).map((from) => ({ from, to: c.id })));

  const layer = new Map<string, number>();
  const layerOf = (c: Claim): number => {
    const known = layer.get(c.id);
    if (known !== undefined) return known;
    const sameDoc = (deps.get(c.id) ?? []).map((id) => byId.get(id)).filter((d): d is Claim => d !== undefined && d.documentId === c.documentId);
    const l = sameDoc.length === 0 ? 0 : 1 + Math.max(...sameDoc.map(layerOf));
    layer.set(c.id, l);
    return l;
  };

  const nodes: GraphNode[] = [];
  const clusters: { documentId: string; title: string; x: number; width: number }[] = [];
  let x0 = PAD;
  let maxLayers = 0;
  const xOf = new Map<string, number>();
  for (const doc of documents) {
    const claims = drawn.filter((c) => c.documentId === doc.id);
    if (claims.length === 0) continue;
    // Longest-path layers, then each result moved down to just above its first user, so that
    // few edges skip a layer (a skipping edge would be drawn across the boxes in between).
    const level = new Map(claims.map((c) => [c.id, layerOf(c)]));
    const users = (c: Claim): Claim[] => claims.filter((u) => (deps.get(u.id) ?? []).includes(c.id));
    for (const c of [...claims].sort((a, b) => (level.get(b.id) ?? 0) - (level.get(a.id) ?? 0))) {
      const below = users(c).map((u) => level.get(u.id) ?? 0);
      if (below.length > 0) level.set(c.id, Math.min(...below) - 1);
    }
    const layers: Claim[][] = [];
    for (const c of claims) (layers[level.get(c.id) ?? 0] ??= []).push(c);
    for (let l = 0; l < layers.length; l++) layers[l] ??= [];
    const width = Math.max(...layers.map((l) => l.length)) * (NODE_W + H_GAP) - H_GAP + 2 * PAD;
    layers.forEach((row, l) => {
      if (l > 0) {
        const center = (c: Claim): number => {
          const xs = (deps.get(c.id) ?? []).map((id) => xOf.get(id)).filter((v): v is number => v !== undefined);
          return xs.length === 0 ? Infinity : xs.reduce((a, b) => a + b, 0) / xs.length;
        };
        row.sort((a, b) => center(a) - center(b));
      }
      const rowWidth = row.length * (NODE_W + H_GAP) - H_GAP;
      row.forEach((c, i) => {
        const x = x0 + (width - rowWidth) / 2 + i * (NODE_W + H_GAP);
        xOf.set(c.id, x + NODE_W / 2);
        nodes.push({
          id: c.id, label: c.label, title: c.title, documentId: c.documentId, status: statusOf(c), href: hrefOf(c),
          layer: l, x, y: HEADER + PAD + l * (NODE_H + V_GAP),
        });
      });
    });
    maxLayers = Math.max(maxLayers, layers.length);
    clusters.push({ documentId: doc.id, title: doc.title, x: x0, width });
    x0 += width + H_GAP;
  }
  const height = HEADER + 2 * PAD + Math.max(maxLayers, 1) * (NODE_H + V_GAP) - V_GAP + LEGEND;
  // Wide enough for the legend (five entries of 150 px).
  return { nodes, edges, clusters, width: Math.max(x0, 2 * PAD + NODE_W, 2 * PAD + 5 * 150), height };
}

const STYLE: Record<StepStatus, { fill: string; stroke: string; name: string }> = {
  exhaustive: { fill: '#e6f4ea', stroke: '#1e8e3e', name: 'checked' },
  'exhaustive+random': { fill: '#e6f4ea', stroke: '#1e8e3e', name: 'checked' },
  random: { fill: '#e6f4ea', stroke: '#1e8e3e', name: 'checked' },
  refuted: { fill: '#e8f0fe', stroke: '#1a73e8', name: 'refuted, as stated' },
  failed: { fill: '#fce8e6', stroke: '#d93025', name: 'failed' },
  stale: { fill: '#fef7e0', stroke: '#b06000', name: 'stale' },
  'not-run': { fill: '#f1f3f4', stroke: '#80868b', name: 'not checked' },
  unchecked: { fill: '#f1f3f4', stroke: '#80868b', name: 'not checked' },
};

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The graph as a standalone SVG document (no Graphviz: the layout above, drawn by hand). */
export function dependencyGraphSvg(layout: GraphLayout): string {
  const at = new Map(layout.nodes.map((n) => [n.id, n]));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-labelledby="graph-title" class="dependency-graph" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push('<title id="graph-title">Dependency graph: an arrow goes from a result to each result that uses it</title>');
  parts.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#5f6368"/></marker></defs>');
  for (const c of layout.clusters) {
    parts.push(`<rect x="${c.x}" y="4" width="${c.width}" height="${layout.height - LEGEND - 8}" rx="8" fill="#fafafa" stroke="#dadce0"/>`);
    parts.push(`<text x="${c.x + c.width / 2}" y="24" text-anchor="middle" font-weight="600">${escapeHtml(truncate(c.title, Math.floor(c.width / 7)))}</text>`);
  }
  for (const e of layout.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (a === undefined || b === undefined) continue;
    const x1 = a.x + NODE_W / 2;
    const y1 = a.y + NODE_H;
    const x2 = b.x + NODE_W / 2;
    const y2 = b.y;
    // Same layer (only across documents): leave from the side.
    const d = y2 > y1
      ? `M ${x1} ${y1} C ${x1} ${(y1 + y2) / 2}, ${x2} ${(y1 + y2) / 2}, ${x2} ${y2}`
      : `M ${x1} ${y1} C ${x1} ${y1 + V_GAP}, ${x2} ${y2 - V_GAP}, ${x2} ${y2}`;
    parts.push(`<path class="edge" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" d="${d}" fill="none" stroke="#5f6368" stroke-width="1.3" marker-end="url(#arrow)"/>`);
  }
  for (const n of layout.nodes) {
    const s = STYLE[n.status];
    parts.push(`<a href="${escapeHtml(n.href)}" class="node" data-claim-id="${escapeHtml(n.id)}" data-status="${n.status}">`);
    parts.push(`<title>${escapeHtml(`${n.label}: ${n.title} (${s.name})`)}</title>`);
    parts.push(`<rect x="${n.x}" y="${n.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${s.fill}" stroke="${s.stroke}" stroke-width="1.5"/>`);
    parts.push(`<text x="${n.x + 10}" y="${n.y + 18}" font-weight="600" fill="#202124">${escapeHtml(n.label)}</text>`);
    parts.push(`<text x="${n.x + 10}" y="${n.y + 36}" fill="#3c4043">${escapeHtml(truncate(n.title, 32))}</text>`);
    parts.push('</a>');
  }
  const legend: StepStatus[] = ['random', 'refuted', 'failed', 'stale', 'unchecked'];
  legend.forEach((status, i) => {
    const s = STYLE[status];
    const x = PAD + i * 150;
    const y = layout.height - LEGEND + 12;
    parts.push(`<rect x="${x}" y="${y}" width="16" height="16" rx="3" fill="${s.fill}" stroke="${s.stroke}"/><text x="${x + 22}" y="${y + 12}">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
