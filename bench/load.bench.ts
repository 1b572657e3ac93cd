/**
 * `npm run bench -- load [--runs 5] [--cwd DIR]`: how fast the built package loads, each figure
 * the median of fresh Node processes (a module loads once per process): (a) `layerproof/math`,
 * (b) the root entry `layerproof`, (c) `layerproof --help`, and for reference `layerproof/proof`,
 * `layerproof/testing` and Node doing nothing. Build first (`npm run build`): it measures dist/,
 * through the package's own name, from DIR (default this checkout; or a project where the packed
 * package is installed).
 *
 * Targets: the pure-math entry's import in ≤ 200 ms (the import inside the process: Node's own
 * start-up, the "node alone" row, is not the package's), `--help` in ≤ 1 s for the whole process.
 * CPU time is printed beside wall time: on a busy machine it is the steadier of the two.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../src/cli/formatTable.js';
import { median, probeImport, probeScript, type ImportLoad, type ProcessLoad } from '../test/package/support/probeEntry.js';
import { emit } from './support/measure.js';

const MATH_TARGET_MS = 200;
const HELP_TARGET_MS = 1000;

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
}

/** The installed (or this checkout's) package folder as `cwd` resolves `layerproof`, and its CLI script. */
function locatePackage(cwd: string): { dir: string; cli: string; entries: readonly string[] } {
  let manifest: string;
  try {
    manifest = createRequire(join(cwd, 'noop.js')).resolve('layerproof/package.json');
  } catch {
    throw new Error(`no package 'layerproof' resolves from ${cwd}: run this in the checkout, or pass --cwd a project where the packed package is installed`);
  }
  const dir = dirname(manifest);
  const { bin, exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string>; exports: Record<string, unknown> };
  const cli = join(dir, bin.layerproof ?? 'dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  return { dir, cli, entries: Object.keys(exports) };
}

interface Row {
  readonly name: string;
  readonly what: string;
  readonly wall: number;
  readonly importMs?: number;
  readonly cpuMs?: number;
  readonly target?: { readonly ms: number; readonly of: 'import' | 'process' };
  readonly packages: readonly string[];
}

function measureImport(name: string, specifier: string, cwd: string, runs: number): Row {
  const loads: ImportLoad[] = [];
  for (let i = 0; i < runs; i++) loads.push(probeImport(specifier, { cwd, record: false }));
  // One more run with the load recorder, for the package list (the recorder costs time, so it is not timed).
  const recorded = probeImport(specifier, { cwd });
  return {
    name, what: `import('${specifier}')`,
    wall: median(loads.map((l) => l.wallMs)), importMs: median(loads.map((l) => l.importMs)), cpuMs: median(loads.map((l) => l.cpuMs)),
    packages: recorded.packages.filter((p) => p !== 'layerproof'),
  };
}

function measureScript(name: string, script: string, args: readonly string[], cwd: string, runs: number): Row {
  const loads: ProcessLoad[] = [];
  for (let i = 0; i < runs; i++) {
    const load = probeScript(script, args, { cwd, record: false });
    if (load.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${load.status}):\n${load.stderr}`);
    loads.push(load);
  }
  const recorded = probeScript(script, args, { cwd });
  return { name, what: `node ${script} ${args.join(' ')}`, wall: median(loads.map((l) => l.wallMs)), packages: recorded.packages.filter((p) => p !== 'layerproof') };
}

export async function main(args: string[]): Promise<void> {
  const runs = Number(option(args, '--runs') ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got '${option(args, '--runs') ?? ''}'`);
  const cwd = resolve(option(args, '--cwd') ?? fileURLToPath(new URL('..', import.meta.url)));
  const { dir, cli, entries } = locatePackage(cwd);
  // An older build (to compare before and after) may lack an entry: its row is left out.
  const entry = (name: string, specifier: string): Row[] => (entries.includes(specifier.replace(/^layerproof/, '.')) ? [measureImport(name, specifier, cwd, runs)] : []);

  const rows: Row[] = [
    { ...measureScript('node alone', '--eval', ['0'], cwd, runs), what: 'node --eval 0' },
    ...entry('(a) layerproof/math', 'layerproof/math').map((r) => ({ ...r, target: { ms: MATH_TARGET_MS, of: 'import' as const } })),
    ...entry('(b) layerproof', 'layerproof'),
    { ...measureScript('(c) layerproof --help', cli, ['--help'], cwd, runs), target: { ms: HELP_TARGET_MS, of: 'process' } },
    ...entry('layerproof/testing', 'layerproof/testing'),
    ...entry('layerproof/proof', 'layerproof/proof'),
  ];

  const table: string[][] = [];
  for (const r of rows) {
    const measured = r.target?.of === 'import' ? r.importMs : r.wall;
    const meets = r.target === undefined || measured === undefined ? undefined : measured <= r.target.ms;
    emit({
      case: r.name, what: r.what, runs, package: dir, processMs: r.wall, importMs: r.importMs ?? null, importCpuMs: r.cpuMs ?? null,
      targetMs: r.target?.ms ?? null, targetOf: r.target?.of ?? null, meetsTarget: meets ?? null, packages: r.packages,
    });
    const ms = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(0));
    table.push([
      r.name, ms(r.importMs), ms(r.cpuMs), ms(r.wall),
      r.target === undefined ? '–' : `≤ ${r.target.ms} (${r.target.of})`, meets === undefined ? '–' : meets ? 'yes' : 'NO',
      r.packages.length > 4 ? `${r.packages.slice(0, 4).join(', ')}, … (${r.packages.length} in all)` : r.packages.join(', ') || '–',
    ]);
  }
  process.stdout.write(`${formatTable(['case', 'import ms', 'import CPU ms', 'process ms', 'target ms', 'met', 'packages loaded'], table)}\n`);
  process.stdout.write(`Medians of ${runs} fresh processes each, of ${dir}/dist. "import" is the await import(...) inside the process; ` +
    '"process" is spawn to exit (Node\'s own start-up included: see "node alone").\n');
  return Promise.resolve();
}
