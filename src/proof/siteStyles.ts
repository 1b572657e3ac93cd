import type { BlueprintState } from './blueprintState.js';

/**
 * Colours of the dependency graph, after Lean's blueprints (leanblueprint's plastex plugin):
 * the border is the statement (green: stated as a machine-checkable claim; its orange
 * "not ready" marks a stale one here), the fill is the proof (#9CEC8B proved, #1CAC78 fully
 * proved). A blueprint's blue (#A3D6FF, "ready: the last step before formal") is our evidence:
 * checked numerically, not yet proved. Failed has no blueprint colour; it keeps the site's red.
 */
export const BLUEPRINT_COLOURS: Readonly<Record<BlueprintState, { readonly fill: string; readonly stroke: string; readonly dash?: string }>> = {
  'fully-proved': { fill: '#1CAC78', stroke: '#008000' },
  proved: { fill: '#9CEC8B', stroke: '#008000' },
  evidence: { fill: '#A3D6FF', stroke: '#008000' },
  stated: { fill: '#FFFFFF', stroke: '#008000' },
  'not-checked': { fill: '#FFFFFF', stroke: '#80868B', dash: '4 3' },
  stale: { fill: '#FFFFFF', stroke: '#FFAA33' },
  failed: { fill: '#FCE8E6', stroke: '#D93025' },
};

/** One CSS class per state, for the page's legend and anything else that shows a state. */
const BLUEPRINT_CSS = Object.entries(BLUEPRINT_COLOURS)
  .map(([state, c]) => `.bp-${state} { background: ${c.fill}; border: 2px ${c.dash === undefined ? 'solid' : 'dashed'} ${c.stroke}; }`)
  .join('\n');

/** The stylesheet of the proof site (plain CSS, no external fonts: the site works offline). */
export const SITE_CSS = `
:root { --ink: #202124; --muted: #5f6368; --line: #dadce0; --ok: #1e8e3e; --ok-bg: #e6f4ea; --ref: #1a73e8; --ref-bg: #e8f0fe;
  --bad: #d93025; --bad-bg: #fce8e6; --stale: #b06000; --stale-bg: #fef7e0; --none: #80868b; --none-bg: #f1f3f4;
  --proved: #0b6b2c; --proved-bg: #9cec8b; --fully: #1cac78; --evidence: #0b57a0; --evidence-bg: #a3d6ff; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; background: #fff; }
header.site { border-bottom: 1px solid var(--line); padding: 0.6rem 1.5rem; font-size: 0.95rem; }
header.site a { color: var(--ink); text-decoration: none; font-weight: 600; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
main.wide { max-width: none; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.88em; background: #f6f8fa; padding: 0.05em 0.3em; border-radius: 3px; }
pre code { display: block; padding: 0.6em; overflow-x: auto; }
.math-display, .katex-display { overflow-x: auto; overflow-y: hidden; }
.evidence-note { border-left: 4px solid var(--ref); background: var(--ref-bg); padding: 0.6rem 0.9rem; margin: 1rem 0; font-size: 0.95rem; }
.warning { border-left: 4px solid var(--stale); background: var(--stale-bg); padding: 0.6rem 0.9rem; margin: 1rem 0; }
.summary { color: var(--muted); }
.meta { color: var(--muted); font-size: 0.9rem; }
.badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.65rem; font-size: 0.8rem; font-weight: 600; border: 1px solid; white-space: nowrap; }
.badge.s-checked { color: var(--ok); background: var(--ok-bg); border-color: var(--ok); }
/* Proved (exact) and evidence (numerical) in the graph's colours, so the two never look alike. */
.badge.s-proved, .badge.s-proved-probably, .badge.s-refuted-exact { color: var(--proved); background: var(--proved-bg); border-color: var(--proved); }
.badge.s-exhaustive, .badge.s-exhaustive\\+random, .badge.s-random, .badge.s-refuted { color: var(--evidence); background: var(--evidence-bg); border-color: var(--evidence); }
.badge.s-failed { color: var(--bad); background: var(--bad-bg); border-color: var(--bad); }
.badge.s-stale, .badge.s-partial { color: var(--stale); background: var(--stale-bg); border-color: var(--stale); }
.badge.s-not-run, .badge.s-unchecked { color: var(--none); background: var(--none-bg); border-color: var(--none); }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.45rem 0.5rem; text-align: left; vertical-align: top; }
th { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
.claim { border: 1px solid var(--line); border-left: 5px solid var(--none); border-radius: 6px; padding: 0.7rem 1rem; margin: 1.2rem 0; }
.claim.s-proved, .claim.s-proved-probably, .claim.s-refuted-exact { border-left-color: var(--fully); }
.claim.s-exhaustive, .claim.s-exhaustive\\+random, .claim.s-random, .claim.s-refuted { border-left-color: var(--evidence-bg); }
.claim.s-failed { border-left-color: var(--bad); background: #fffafa; }
.claim.s-stale { border-left-color: var(--stale); }
.claim-head { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; }
.claim-label { font-weight: 700; }
.claim-title { font-weight: 600; flex: 1 1 20rem; }
.claim .formula { background: #fbfbfb; border-radius: 4px; padding: 0.3rem 0.6rem; margin: 0.6rem 0; }
.quantifier { margin: 0.2rem 0; font-size: 0.9rem; color: var(--muted); }
.variables { margin: 0.2rem 0 0.4rem; padding-left: 1.2rem; font-size: 0.93rem; }
.variables code { color: var(--muted); }
details.evidence { font-size: 0.9rem; margin-top: 0.4rem; }
details.evidence dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.5rem 0; }
details.evidence dt { color: var(--muted); }
details.evidence dd { margin: 0; overflow-wrap: anywhere; }
.counterexample { border: 1px dashed var(--bad); border-radius: 6px; padding: 0.5rem 0.9rem; margin: 0.6rem 0; background: #fff; }
.claim.s-refuted .counterexample { border-color: var(--ref); }
.counterexample h4 { margin: 0.2rem 0 0.4rem; font-size: 0.95rem; }
.counterexample .value { overflow-x: auto; margin: 0.25rem 0; }
.uses { font-size: 0.88rem; color: var(--muted); }
/* The graph keeps its drawn size and the panel scrolls: scaling it down would shrink the text. */
.graph { overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; }
.graph svg { display: block; max-width: none; }
.graph-legend { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 0.8rem; margin: 0.8rem 0; font-size: 0.92rem; }
.graph-legend dt { display: flex; align-items: center; gap: 0.45rem; font-weight: 600; }
.graph-legend dd { margin: 0; }
.swatch { display: inline-block; width: 1.1rem; height: 1.1rem; border-radius: 3px; }
${BLUEPRINT_CSS}
.bp-external { background: #fff; border: 2px dashed var(--muted); }
`;
