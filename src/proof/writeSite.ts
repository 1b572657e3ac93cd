import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { ClaimResult } from './ClaimResult.js';
import { EVIDENCE_NOTE, PROOF_NOTE, writeCheckReport, type CheckReport } from './CheckReport.js';
import { claimStatus, documentStatus } from './claimStatus.js';
import { dependencyGraphLegendHtml, dependencyGraphSvg, layoutDependencyGraph } from './dependencyGraph.js';
import { escapeHtml } from './escapeHtml.js';
import type { ProofSet } from './loadProofs.js';
import type { ProofDocument } from './ProofDocument.js';
import { linkReferences } from './claimReferences.js';
import { claimHref, referenceTarget, renderClaim } from './renderClaim.js';
import { renderMarkdown, renderMarkdownInline } from './renderMarkdown.js';
import { CLI_COMMAND } from './proofPaths.js';
import { SITE_CSS } from './siteStyles.js';

/** What to run to refresh the site: `npm start` in a checkout, the two CLI commands where the package is installed. */
const RERUN = CLI_COMMAND === 'npx layerproof'
  ? '<code>npx layerproof check</code>, then <code>npx layerproof docs</code>'
  : '<code>npm start</code> (it runs <code>layerproof check</code>, then <code>layerproof docs</code>)';

export interface WriteSiteOptions {
  /** The folder to write (created if needed; files are overwritten, nothing else is removed). */
  readonly outDir: string;
  /** The last check, if any: without it every step shows "not checked yet". */
  readonly report: CheckReport | undefined;
  /** Where the report was read from, shown on the index. */
  readonly reportFile?: string;
}

export interface WrittenSite {
  readonly outDir: string;
  /** Pages written, relative to `outDir` (index first). */
  readonly pages: readonly string[];
}

/** Copies KaTeX's stylesheet and fonts next to the pages, so the site needs no network. */
function copyKatexAssets(outDir: string): void {
  const dist = dirname(createRequire(import.meta.url).resolve('katex'));
  const target = join(outDir, 'katex');
  mkdirSync(join(target, 'fonts'), { recursive: true });
  copyFileSync(join(dist, 'katex.min.css'), join(target, 'katex.min.css'));
  for (const font of readdirSync(join(dist, 'fonts'))) copyFileSync(join(dist, 'fonts', font), join(target, 'fonts', font));
}

function page(title: string, body: string, wide = false): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="katex/katex.min.css">
<link rel="stylesheet" href="style.css">
</head>
<body>
<header class="site"><a href="index.html">layerproof · proofs, checked</a></header>
<main${wide ? ' class="wide"' : ''}>
${body}
</main>
</body>
</html>
`;
}

function lastCheckText(report: CheckReport | undefined, reportFile: string | undefined): string {
  if (report === undefined) {
    return `<p class="warning">No check result found${reportFile === undefined ? '' : ` at <code>${escapeHtml(reportFile)}</code>`}: every step shows "not checked yet". Run ${RERUN}.</p>`;
  }
  return `<p class="meta" data-last-check>Last check ${escapeHtml(report.createdAt)}: layerproof ${escapeHtml(report.version)}, seed ${report.seed}, ` +
    `${report.runs} random cases per randomly checked claim, finite spaces up to ${report.exhaustiveLimit} instances checked in full; ` +
    `${report.summary.cases.toLocaleString('en-US')} cases in ${(report.durationMs / 1000).toFixed(1)} s; ${report.summary.checked} of ${report.summary.claims} claims checked, ${report.summary.failed} failed.</p>`;
}

function documentPage(doc: ProofDocument, proofs: ProofSet, report: CheckReport | undefined, results: ReadonlyMap<string, ClaimResult>, reportFile: string | undefined): string {
  const view = documentStatus(doc, report, results);
  const body: string[] = [];
  body.push(`<h1>${renderMarkdownInline(doc.title)}</h1>`);
  if (doc.summary !== undefined) body.push(`<p class="summary">${renderMarkdownInline(doc.summary)}</p>`);
  body.push(`<p><span class="badge s-${view.status}" data-document-status="${view.status}">${escapeHtml(view.badge)}</span> <span class="meta">Source: <code>${escapeHtml(doc.file)}</code></span></p>`);
  body.push(lastCheckText(report, reportFile));
  if (view.textChanged) body.push(`<p class="warning" data-stale>The text of this proof changed after the last check: the results below are those of the earlier text. Run ${RERUN} again.</p>`);
  body.push(`<aside class="evidence-note">${escapeHtml(PROOF_NOTE)} ${escapeHtml(EVIDENCE_NOTE)}</aside>`);
  for (const block of doc.blocks) {
    body.push(block.type === 'markdown' ? renderMarkdown(linkReferences(block.text, referenceTarget(proofs.claims))) : renderClaim(block.claim, results, proofs.claims));
  }
  return page(doc.title, body.join('\n'));
}

function indexPage(proofs: ProofSet, report: CheckReport | undefined, results: ReadonlyMap<string, ClaimResult>, graphSvg: string, reportFile: string | undefined): string {
  const rows = proofs.documents.map((doc) => {
    const view = documentStatus(doc, report, results);
    const theorems = doc.claims.filter((c) => c.kind === 'theorem').map((c) => {
      const s = claimStatus(c, results);
      return `<li><a href="${escapeHtml(claimHref(c))}">${escapeHtml(c.label)}</a>: ${renderMarkdownInline(c.title)} <span class="badge s-${s.status}">${escapeHtml(s.badge)}</span></li>`;
    }).join('');
    return `<tr data-document="${escapeHtml(doc.id)}">
<td><a href="${escapeHtml(doc.id)}.html">${renderMarkdownInline(doc.title)}</a>${theorems === '' ? '' : `<ul>${theorems}</ul>`}</td>
<td><span class="badge s-${view.status}" data-document-status="${view.status}">${escapeHtml(view.status === 'checked' ? 'checked' : view.status)}</span></td>
<td data-coverage="${view.checkedSteps}/${view.steps}" data-proved="${view.provedSteps}">${view.provedSteps} proved, ${view.checkedSteps} checked / ${view.steps} steps</td>
</tr>`;
  }).join('\n');
  const body = [
    '<h1>Proofs, checked</h1>',
    '<p>Each proof below is a document for a human reader whose steps carry machine-checkable claims. The formula shown for a claim is rendered from the very expression that was evaluated.</p>',
    `<aside class="evidence-note">${escapeHtml(PROOF_NOTE)} ${escapeHtml(EVIDENCE_NOTE)}</aside>`,
    lastCheckText(report, reportFile),
    '<table class="documents"><thead><tr><th>Theorem</th><th>Status</th><th>Coverage (steps proved for every real input at the stated sizes, steps proved or checked / all steps)</th></tr></thead>',
    `<tbody>${rows}</tbody></table>`,
    '<h2>Dependency graph</h2>',
    '<p>An arrow goes from a lemma to each result that uses it (through the proof steps in between). The colours are those of Lean\'s blueprints, from the last check: the border is the statement, the fill is how far its proof goes. <a href="dependency-graph.svg">Open the graph on its own.</a></p>',
    `<div class="graph">${graphSvg}</div>`,
    dependencyGraphLegendHtml(),
  ];
  return page('Proofs, checked', body.join('\n'), false);
}

/**
 * Writes the static site: an index (every theorem with its status and coverage, the
 * dependency graph), one page per proof, KaTeX's CSS and fonts, and the check report the
 * pages were made from. All math is rendered to HTML here, so pages need no script.
 */
export function writeSite(proofs: ProofSet, options: WriteSiteOptions): WrittenSite {
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  copyKatexAssets(outDir);
  writeFileSync(join(outDir, 'style.css'), SITE_CSS);
  const report = options.report;
  const results = new Map((report?.claims ?? []).map((c) => [c.id, c]));
  const layout = layoutDependencyGraph(proofs.documents, (c) => claimStatus(c, results).status, claimHref);
  const svg = dependencyGraphSvg(layout);
  writeFileSync(join(outDir, 'dependency-graph.svg'), svg);
  const pages = ['index.html'];
  for (const doc of proofs.documents) {
    const name = `${doc.id}.html`;
    writeFileSync(join(outDir, name), documentPage(doc, proofs, report, results, options.reportFile));
    pages.push(name);
  }
  writeFileSync(join(outDir, 'index.html'), indexPage(proofs, report, results, svg.replace(/^<\?xml[^>]*>\s*/, ''), options.reportFile));
  const stored = join(outDir, 'check-results.json');
  if (report !== undefined && (options.reportFile === undefined || resolve(options.reportFile) !== stored)) writeCheckReport(report, stored);
  return { outDir, pages };
}
