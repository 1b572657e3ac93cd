import { join, relative } from 'node:path';
import pc from 'picocolors';
import { readCheckReport } from '../proof/CheckReport.js';
import { documentStatus } from '../proof/claimStatus.js';
import { loadProofs } from '../proof/loadProofs.js';
import { writeSite } from '../proof/writeSite.js';

export interface DocsOptions {
  readonly out: string;
  readonly results: string;
}

/** Loads the proofs and the last check, writes the site; returns the exit status. */
export function docsAction(paths: string[], opts: DocsOptions): number {
  const proofs = loadProofs(paths);
  const report = readCheckReport(opts.results);
  const site = writeSite(proofs, { outDir: opts.out, report, reportFile: opts.results });
  const results = new Map((report?.claims ?? []).map((c) => [c.id, c]));
  for (const doc of proofs.documents) {
    const view = documentStatus(doc, report, results);
    process.stdout.write(`${doc.file}: ${view.badge}\n`);
  }
  if (report === undefined) process.stdout.write(pc.yellow(`no check result at ${opts.results}: run \`layerproof check\` first; every step shows "not checked yet".\n`));
  process.stdout.write(`wrote ${site.pages.length} pages to ${relative(process.cwd(), site.outDir) || '.'}; open ${join(relative(process.cwd(), site.outDir) || '.', 'index.html')}\n`);
  return 0;
}
