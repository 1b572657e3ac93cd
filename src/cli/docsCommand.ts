import type { Command } from 'commander';
import { join, relative } from 'node:path';
import pc from 'picocolors';
import { readCheckReport } from '../proof/CheckReport.js';
import { DEFAULT_PROOF_PATHS } from '../proof/checkProofs.js';
import { documentStatus } from '../proof/claimStatus.js';
import { loadProofs } from '../proof/loadProofs.js';
import { writeSite } from '../proof/writeSite.js';
import { DEFAULT_RECORD } from './checkCommand.js';
import { runCommand } from './runCommand.js';

interface DocsOptions {
  readonly out: string;
  readonly results: string;
}

export function registerDocsCommand(program: Command): void {
  program
    .command('docs')
    .description('write the proofs as a static site (KaTeX, works offline) with each step\'s status from the last `layerproof check`')
    .argument('[paths...]', 'proof documents (.md) or folders of them', [...DEFAULT_PROOF_PATHS])
    .option('--out <dir>', 'folder to write the site to', 'docs/site')
    .option('--results <file>', 'the check result to show (written by `layerproof check`)', DEFAULT_RECORD)
    .action(runCommand((paths: string[], opts: DocsOptions) => Promise.resolve(docsAction(paths, opts))));
}

/** Loads the proofs and the last check, writes the site; returns the exit status. */
function docsAction(paths: string[], opts: DocsOptions): number {
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
