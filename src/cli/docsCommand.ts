import { Argument, type Command } from 'commander';
import { DEFAULT_PROOF_PATHS, DEFAULT_RECORD, DEFAULT_SITE } from '../proof/proofPaths.js';
import type { DocsOptions } from './docsAction.js';
import { runCommand } from './runCommand.js';

export function registerDocsCommand(program: Command): void {
  program
    .command('docs')
    .description('write the proofs as a static site (KaTeX, works offline) with each step\'s status from the last `layerproof check`')
    .addArgument(new Argument('[paths...]', 'proof documents (.md) or folders of them').default([...DEFAULT_PROOF_PATHS], `the proofs shipped with layerproof: ${DEFAULT_PROOF_PATHS.join(' ')}`))
    .option('--out <dir>', 'folder to write the site to (in the working folder unless absolute)', DEFAULT_SITE)
    .option('--results <file>', 'the check result to show (written by `layerproof check`)', DEFAULT_RECORD)
    .action(runCommand(async (paths: string[], opts: DocsOptions) => (await import('./docsAction.js')).docsAction(paths, opts)));
}
