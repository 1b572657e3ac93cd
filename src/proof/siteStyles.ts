/** The stylesheet of the proof site (plain CSS, no external fonts: the site works offline). */
export const SITE_CSS = `
:root { --ink: #202124; --muted: #5f6368; --line: #dadce0; --ok: #1e8e3e; --ok-bg: #e6f4ea; --ref: #1a73e8; --ref-bg: #e8f0fe;
  --bad: #d93025; --bad-bg: #fce8e6; --stale: #b06000; --stale-bg: #fef7e0; --none: #80868b; --none-bg: #f1f3f4; }
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
.badge.s-exhaustive, .badge.s-exhaustive\\+random, .badge.s-random, .badge.s-checked { color: var(--ok); background: var(--ok-bg); border-color: var(--ok); }
.badge.s-refuted { color: var(--ref); background: var(--ref-bg); border-color: var(--ref); }
.badge.s-failed { color: var(--bad); background: var(--bad-bg); border-color: var(--bad); }
.badge.s-stale, .badge.s-partial { color: var(--stale); background: var(--stale-bg); border-color: var(--stale); }
.badge.s-not-run, .badge.s-unchecked { color: var(--none); background: var(--none-bg); border-color: var(--none); }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.45rem 0.5rem; text-align: left; vertical-align: top; }
th { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
.claim { border: 1px solid var(--line); border-left: 5px solid var(--none); border-radius: 6px; padding: 0.7rem 1rem; margin: 1.2rem 0; }
.claim.s-exhaustive, .claim.s-exhaustive\\+random, .claim.s-random { border-left-color: var(--ok); }
.claim.s-refuted { border-left-color: var(--ref); }
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
.graph { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem; }
.graph svg { display: block; }
`;
