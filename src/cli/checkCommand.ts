import { Argument, type Command } from 'commander';
import { DEFAULT_PROOF_PATHS, DEFAULT_RECORD } from '../proof/proofPaths.js';
import type { CheckOptions } from './checkAction.js';
import { runCommand } from './runCommand.js';

export { DEFAULT_RECORD };

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('check every claim of the proof documents: a bounded proof in exact arithmetic where the document asks for one (every real input at the stated sizes), and numerical evidence: in full where the space is small, else on N random instances (fast-check, seeded, shrinking on failure)')
    .addArgument(new Argument('[paths...]', 'proof documents (.md) or folders of them').default([...DEFAULT_PROOF_PATHS], `the proofs shipped with layerproof: ${DEFAULT_PROOF_PATHS.join(' ')}`))
    .option('--json <file>', 'also write the results as JSON to this file')
    .option('--seed <n>', 'seed of the random instances (each claim derives its own from it)', '42')
    .option('--runs <n>', 'random instances per randomly checked claim', '1000')
    .option('--only <ids>', 'check only these claim or document ids (comma-separated)')
    .option('--exhaustive-limit <n>', 'check a finite space in full when it has at most this many instances', '5000')
    .option('--no-bounded', 'skip the bounded proofs (evidence only: faster, and every status is then evidence)')
    .option('--record <file>', 'where to keep the result for `layerproof docs`', DEFAULT_RECORD)
    .option('--no-record', 'do not keep the result')
    // The proof engine (mathjs, KaTeX) loads only when the command runs, so `--help` stays fast.
    .action(runCommand(async (paths: string[], opts: CheckOptions) => (await import('./checkAction.js')).checkAction(paths, opts)));
}
