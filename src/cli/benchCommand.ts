import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { LayerproofError } from '../core/LayerproofError.js';
import { runCommand } from './runCommand.js';

/** bench/ beside src/ (or dist/): benchmarks ship with the source checkout, not the package. */
const benchDir = fileURLToPath(new URL('../../bench/', import.meta.url));

function available(): string[] {
  return existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort() : [];
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('run a benchmark from bench/ (one JSON line per case, then a table); same as `npm run bench -- <name>`')
    .argument('<name>', `benchmark to run: ${available().join(', ') || '(none found: benchmarks need a source checkout)'}`)
    .argument('[args...]', 'arguments passed to the benchmark')
    .allowUnknownOption()
    .action(runCommand(async (name: string, args: string[]) => {
      const names = available();
      if (!names.includes(name)) {
        throw LayerproofError.invalid({
          op: 'layerproof bench', argument: 'name', value: name,
          expected: names.length > 0 ? `one of ${names.join(', ')}` : 'a benchmark in bench/ (benchmarks ship with the source checkout, not the npm package)',
        });
      }
      const result = spawnSync(process.execPath, ['--import', 'tsx', `${benchDir}run.ts`, name, ...args], { stdio: 'inherit' });
      return await Promise.resolve(result.status ?? 1);
    }));
}
