import { linkReferences } from './claimReferences.js';
import { GEOMETRY_FIELD_TEX } from './geometryRecords.js';
import type { JsonValue } from './ClaimValue.js';
import type { ClaimResult, Counterexample, ExactCounterexample } from './ClaimResult.js';
import { claimStatus } from './claimStatus.js';
import { escapeHtml } from './escapeHtml.js';
import type { Claim } from './ProofDocument.js';
import { renderMath } from './renderMath.js';
import { renderMarkdown, renderMarkdownInline } from './renderMarkdown.js';
import { numberTex, valueTex } from './valueTex.js';
import { exactEntryTex, exactValueTex } from './exactValueTex.js';

const PLAIN = new Intl.NumberFormat('en-US');

/** How `[[id]]` is rendered: the claim's label, linked to its card. */
export function referenceTarget(claims: ReadonlyMap<string, Claim>): (id: string) => { label: string; href: string } | undefined {
  return (id) => {
    const c = claims.get(id);
    return c === undefined ? undefined : { label: c.label, href: claimHref(c) };
  };
}

/** Where a claim's card is on the site. */
export function claimHref(claim: { readonly documentId: string; readonly id: string }): string {
  return `${claim.documentId}.html#claim-${claim.id}`;
}

function recordTex(value: { [key: string]: JsonValue }): string {
  return Object.entries(value)
    .map(([k, v]) => (typeof v === 'string' ? `\\text{${k}: ${v.replace(/[\\{}$&#^_%~]/g, '')}}` : `${GEOMETRY_FIELD_TEX[k] ?? `\\mathit{${k}}`} = ${numberTex(v)}`))
    .join(',\\; ');
}

/** LaTeX of any stored value (records as `H = 3, W = 4, …`). */
function anyValueTex(value: JsonValue): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return recordTex(value);
  return valueTex(value) ?? `\\text{${JSON.stringify(value).slice(0, 80).replace(/[\\{}$&#^_%~]/g, '')}}`;
}

function formatError(x: number | null): string {
  if (x === null) return 'not a number (see below)';
  return x === 0 ? '0 (exact)' : x.toExponential(2);
}

function renderCounterexample(claim: Claim, result: ClaimResult, ce: Counterexample): string {
  const refuted = result.expectation === 'counterexample' && result.status === 'checked';
  const heading = refuted
    ? `The counterexample (found in ${PLAIN.format(result.cases)} case${result.cases === 1 ? '' : 's'}${ce.shrinks > 0 ? `, shrunk in ${ce.shrinks} steps` : ''})`
    : `Counterexample: this claim fails here (found in ${PLAIN.format(result.cases)} case${result.cases === 1 ? '' : 's'}${ce.shrinks > 0 ? `, shrunk in ${ce.shrinks} steps` : ''})`;
  const vars = claim.given.map((v) => {
    const stored = ce.variables.find((s) => s.name === v.name);
    if (stored === undefined) return '';
    const isRecord = stored.value !== null && typeof stored.value === 'object' && !Array.isArray(stored.value);
    return `<div class="value">${renderMath(`${v.tex}${isRecord ? ':\\quad ' : ' = '}${anyValueTex(stored.value)}`, false)}</div>`;
  }).join('\n');
  const check = claim.check;
  const sides = check === undefined ? '' : [
    `<p>Left side:</p><div class="value">${renderMath(`${check.lhsTex} = ${anyValueTex(ce.lhs)}`, true)}</div>`,
    `<p>Right side:</p><div class="value">${renderMath(`${check.rhsTex} = ${anyValueTex(ce.rhs)}`, true)}</div>`,
  ].join('\n');
  const diff = ce.message === null
    ? `<p>${check?.relation === 'atMost' ? 'The left side exceeds the right by' : 'Largest difference'} ${escapeHtml(formatError(ce.error))}, above the tolerance ${escapeHtml(result.tolerance.name)} (atol ${result.tolerance.atol.toExponential(0)}, rtol ${result.tolerance.rtol.toExponential(0)}).</p>`
    : `<p>${escapeHtml(ce.message)}</p>`;
  return `<div class="counterexample" data-counterexample="${refuted ? 'refutation' : 'failure'}">
<h4>${escapeHtml(heading)}</h4>
${vars}
${sides}
${diff}
</div>`;
}

/** Stored exact values are strings ('3', '-1/2', '[a, b]'): integers become numbers so they render as matrices. */
function exactJson(value: JsonValue): { value: JsonValue; numeric: boolean } {
  let numeric = true;
  const walk = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
    if (typeof v === 'string') numeric = false;
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value);
  return { value: out, numeric };
}

function exactValueHtml(tex: string, value: JsonValue): string {
  const { value: v, numeric } = exactJson(value);
  // Integer values render as the evidence does (images per channel); rationals and intervals entry by entry.
  return `<div class="value">${renderMath(`${tex} = ${numeric ? anyValueTex(v) : exactValueTex(value)}`, false)}</div>`;
}

function renderExactCounterexample(claim: Claim, result: ClaimResult, ce: ExactCounterexample): string {
  const refuted = claim.kind === 'refutation';
  const vars = [...ce.instance, ...ce.point].map((p) => {
    const v = claim.given.find((g) => g.name === p.name);
    const tex = v?.tex ?? p.name;
    const isRecord = p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value);
    return isRecord ? `<div class="value">${renderMath(`${tex}:\\quad ${anyValueTex(p.value)}`, false)}</div>` : exactValueHtml(tex, p.value);
  }).join('\n');
  const check = claim.check;
  const at = ce.entry.length === 0 ? '' : ` at entry [${ce.entry.join(', ')}]`;
  const sides = check === undefined ? '' : [
    '<p>Left side:</p>', exactValueHtml(check.lhsTex, ce.lhsValue), '<p>Right side:</p>', exactValueHtml(check.rhsTex, ce.rhsValue),
  ].join('\n');
  return `<div class="counterexample exact" data-counterexample="${refuted ? 'exact-refutation' : 'exact-failure'}">
<h4>${escapeHtml(refuted ? 'The exact counterexample' : 'An exact counterexample: this claim is false here')}</h4>
${vars}
${sides}
<p>The sides differ${escapeHtml(at)}: ${renderMath(exactEntryTex(ce.lhs), false)} on the left, ${renderMath(exactEntryTex(ce.rhs), false)} on the right, computed in exact rational arithmetic${ce.lhs.startsWith('[') || ce.rhs.startsWith('[') ? ' (an interval is a certified enclosure of a value with a square root)' : ''}. ${escapeHtml(result.bounded?.message ?? '')}</p>
</div>`;
}

/** What a bounded proof covers, in plain words, with its figures. */
function renderBounded(claim: Claim, result: ClaimResult): string {
  const b = result.bounded;
  if (b === null || b === undefined) return '';
  if (b.outcome === 'evidence') {
    return `<div class="bounded evidence-only"><p><strong>Evidence only, no bounded proof:</strong> ${renderMarkdownInline(b.message ?? 'the document asks for none')}</p></div>`;
  }
  const what = b.method === 'exact'
    ? 'Run by the exact engine on symbolic values (exact rational polynomials; ReLU, max and square roots as opaque functions of their arguments) for every member of the family below: the identity holds for every real input at these sizes. It proves the real-arithmetic specification as the reference code computes it, at these sizes; it says nothing about other sizes, nor about float32 kernels.'
    : `Evaluated at ${b.trials ?? 0} random point(s) modulo the prime 2<sup>61</sup> − 1 for every member of the family below (Schwartz–Zippel): a false polynomial identity of degree ${b.degree ?? 0} passes one point with probability at most ${b.degree ?? 0}/(2<sup>61</sup> − 1).`;
  const rows: [string, string][] = [
    ['What it covers', b.method === 'exact' ? escapeHtml(what) : what],
    ['Family', renderMarkdownInline(b.family === '' ? '(no variables)' : b.family)],
    ['Family members', escapeHtml(PLAIN.format(b.instances))],
    ['Evaluations', escapeHtml(PLAIN.format(b.evaluations))],
  ];
  if (b.largestTerms !== null) rows.push(['Largest polynomial', escapeHtml(`${PLAIN.format(b.largestTerms)} terms`)]);
  if (b.epsilon !== null) rows.push(['Probability bound', escapeHtml(`a false identity passes with probability at most ${b.epsilon.toExponential(2)} (union over the family of (d/p)^trials)`)]);
  if (b.message !== null && b.counterexample === null) rows.push(['Outcome', escapeHtml(b.message)]);
  rows.push(['Time', `${b.durationMs.toFixed(0)} ms`]);
  const ce = b.counterexample === null ? '' : renderExactCounterexample(claim, result, b.counterexample);
  return `${ce}<details class="bounded" open><summary>${b.method === 'exact' ? 'Bounded proof (exact)' : 'Bounded proof (Schwartz–Zippel)'}</summary>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</details>`;
}

/** The relation a claim card shows: =, ≤, or their negation for a refutation (the statement it refutes fails). */
function relationTex(relation: 'equal' | 'atMost', refutation: boolean): string {
  if (relation === 'atMost') return refutation ? '\\nleq' : '\\le';
  return refutation ? '\\neq' : '=';
}

function methodText(result: ClaimResult): string {
  switch (result.method) {
    case 'exhaustive':
      return `exhaustive: every one of the ${PLAIN.format(result.cases)} instances`;
    case 'exhaustive+random':
      return `every one of the ${PLAIN.format(result.enumerated)} instances of the finite variables, each with random continuous variables (fast-check): ${PLAIN.format(result.cases)} cases`;
    default:
      return `${PLAIN.format(result.cases)} random instances (fast-check, seeded, shrinking on failure)`;
  }
}

function renderEvidence(claim: Claim, result: ClaimResult, open: boolean): string {
  const rows: [string, string][] = [
    ['Method', escapeHtml(methodText(result))],
    ['Largest error', escapeHtml(`${formatError(result.maxError)}${result.maxErrorRatio === null ? '' : ` (${result.maxErrorRatio < 1000 ? result.maxErrorRatio.toFixed(3) : result.maxErrorRatio.toExponential(2)}× the allowed error)`}`)],
    ['Tolerance', `${escapeHtml(`${result.tolerance.name}: ${claim.check?.relation === 'atMost' ? 'a ≤ b +' : '|a − e| ≤'} ${result.tolerance.atol.toExponential(0)} + ${result.tolerance.rtol.toExponential(0)}·max(|a|, |${claim.check?.relation === 'atMost' ? 'b' : 'e'}|)`)}<br><span class="meta">${escapeHtml(result.tolerance.why)}</span>`],
    ['Seed', `${result.seed} <span class="meta">(derived from the run's seed and the claim id)</span>`],
    ['Claim hash', `<code>${escapeHtml(result.hash)}</code>${result.hash === claim.hash ? '' : ` <strong>(now <code>${escapeHtml(claim.hash)}</code>: the claim changed since)</strong>`}`],
    ['Time', `${result.durationMs.toFixed(0)} ms`],
    ['Reproduce', `<code class="reproduce">${escapeHtml(result.reproduce)}</code>`],
  ];
  if (result.error !== null) rows.splice(1, 0, ['Error', escapeHtml(result.error)]);
  return `<details class="evidence"${open ? ' open' : ''}><summary>Evidence (numerical: float64 within a tolerance, not a proof)</summary>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</details>`;
}

/** One step's card: statement, the checked formula (rendered from the checked expression), variables, badge, evidence. */
export function renderClaim(claim: Claim, results: ReadonlyMap<string, ClaimResult>, claims: ReadonlyMap<string, Claim>): string {
  const view = claimStatus(claim, results);
  const parts: string[] = [];
  parts.push(`<section class="claim k-${claim.kind} s-${view.status}" id="claim-${escapeHtml(claim.id)}" data-claim-id="${escapeHtml(claim.id)}" data-status="${view.status}">`);
  parts.push(`<div class="claim-head"><span class="claim-label">${escapeHtml(claim.label)}.</span> <span class="claim-title">${renderMarkdownInline(claim.title)}</span> <span class="badge s-${view.status}" data-badge>${escapeHtml(view.badge)}</span></div>`);
  if (claim.statement !== undefined) parts.push(`<div class="statement">${renderMarkdown(linkReferences(claim.statement, referenceTarget(claims)))}</div>`);
  const check = claim.check;
  if (check !== undefined) {
    const refutation = claim.kind === 'refutation';
    const vars = claim.given.map((v) => `<li>${renderMath(v.tex, false)}: ${renderMarkdownInline(v.phrase)} <code>${escapeHtml(v.source)}</code></li>`).join('\n');
    parts.push(`<div class="formula">
<p class="quantifier">${refutation ? `Claim: the ${check.relation === 'atMost' ? 'inequality' : 'identity'} below fails for some` : 'Claim: for every'} choice of</p>
<ul class="variables">${vars}</ul>
${renderMath(`${check.lhsTex} ${relationTex(check.relation, refutation)} ${check.rhsTex}`, true)}
<p class="meta">The formula is rendered from the expression that is evaluated: <code>${escapeHtml(check.expression)}</code></p>
</div>`);
  }
  const result = view.result;
  if (result !== undefined) {
    parts.push(renderBounded(claim, result));
    if (result.counterexample !== null && result.bounded?.counterexample == null) parts.push(renderCounterexample(claim, result, result.counterexample));
    parts.push(renderEvidence(claim, result, view.status === 'failed' && result.bounded?.counterexample == null));
  } else if (view.status === 'not-run') {
    parts.push('<p class="meta">No stored result for this claim: run <code>npm start</code> (or <code>layerproof check</code>) to check it.</p>');
  }
  if (claim.uses.length > 0) {
    const links = claim.uses.map((id) => {
      const used = claims.get(id);
      return used === undefined ? escapeHtml(id) : `<a href="${escapeHtml(claimHref(used))}">${escapeHtml(used.label)}</a> (${renderMarkdownInline(used.title)})`;
    });
    parts.push(`<p class="uses">Uses: ${links.join('; ')}</p>`);
  }
  parts.push('</section>');
  return parts.join('\n');
}
