import type { Command } from 'commander';
import pc from 'picocolors';
import { runLayerChecks } from '../cnn/tfjs/layerCheckTable.js';
import { formatTable, sci } from './formatTable.js';
import { runCommand } from './runCommand.js';

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description('check every layer: the explicit matrix T·x + b against TensorFlow.js, on cpu and wasm')
    .option('--seed <n>', 'seed of the random inputs', '42')
    .option('--images <n>', 'random images per layer', '4')
    .action(runCommand(async (opts: { seed: string; images: string }) => {
      const rows = await runLayerChecks(['cpu', 'wasm'], Number(opts.images), Number(opts.seed));
      process.stdout.write(`${formatTable(
        ['backend', 'layer', 'input', 'max |error|', 'tolerance (atol)', 'status'],
        rows.map((r) => [r.backend, r.layer, `[${r.inputShape.join(', ')}]`, sci(r.result.maxAbsError), sci(r.result.tolerance.atol), r.result.ok ? pc.green('checked') : pc.red('failed')]),
      )}\n`);
      const failed = rows.filter((r) => !r.result.ok).length;
      process.stdout.write(`${rows.length - failed} of ${rows.length} layer checks passed (numerical evidence on random inputs, not a formal proof).\n`);
      return failed > 0 ? 1 : 0;
    }));
}
