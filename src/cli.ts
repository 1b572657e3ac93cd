#!/usr/bin/env node
import { Command } from 'commander';
import { registerBenchCommand } from './cli/benchCommand.js';
import { registerCheckCommand } from './cli/checkCommand.js';
import { registerDocsCommand } from './cli/docsCommand.js';
import { registerSpectrumCommand } from './cli/spectrumCommand.js';
import { registerTrainCommand } from './cli/trainCommand.js';
import { registerVerifyModelCommand } from './cli/verifyModelCommand.js';
import { version } from './version.js';

/** `layerproof <command>`: every command has --help. */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('layerproof')
    .description('Checks the mathematics of neural-network layers, renders the proofs, and trains with the same layers.')
    .version(version)
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: false });
  registerCheckCommand(program);
  registerDocsCommand(program);
  registerTrainCommand(program);
  registerVerifyModelCommand(program);
  registerSpectrumCommand(program);
  registerBenchCommand(program);
  return program;
}

await createProgram().parseAsync(process.argv);
