import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What a fresh Node process loaded and how long it took: the evidence behind "the pure-math
 * entry loads neither TensorFlow.js nor mathjs" (test/package/) and the load benchmark
 * (bench/load.bench.ts). A process of its own each time, since a module loads once per process.
 */
export interface ProcessLoad {
  /** npm packages with at least one loaded file, sorted (the package's own files count as `layerproof`). */
  readonly packages: readonly string[];
  /** Files loaded, ESM (through a load hook) and CommonJS (require.cache at exit): absolute paths. */
  readonly files: readonly string[];
  /** The whole process, spawn to exit. */
  readonly wallMs: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ImportLoad extends ProcessLoad {
  /** The `await import(...)` alone, inside the process: Node's own start-up is not the package's. */
  readonly importMs: number;
  /** CPU time of that import (user + system, all threads), steadier than wall time on a busy machine. */
  readonly cpuMs: number;
}

export interface ProbeOptions {
  /** Folder the process runs in; bare specifiers resolve from it. */
  readonly cwd: string;
  /** Record the loaded files (a load hook and an exit handler; adds a little time). Default true. */
  readonly record?: boolean;
  /** Node options before the script, e.g. `['--import', 'tsx']` to load TypeScript sources. */
  readonly nodeArgs?: readonly string[];
  /** Default 60 s. */
  readonly timeoutMs?: number;
}

/**
 * A preload module (a data: URL, so nothing is written beside the package): registers a load
 * hook that appends each file URL to $LAYERPROOF_LOAD_LOG synchronously (so the list is complete
 * when the import resolves), and at exit appends require.cache, which holds the CommonJS files
 * that a CommonJS package (TensorFlow.js) requires without passing through ESM hooks.
 */
const PRELOAD = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
const log = process.env.LAYERPROOF_LOAD_LOG;
const hook = 'import { appendFileSync } from "node:fs";' +
  'export async function load(url, context, next) {' +
  '  if (url.startsWith("file:")) appendFileSync(' + JSON.stringify(log) + ', url + "\\\\n");' +
  '  return next(url, context);' +
  '}';
register('data:text/javascript,' + encodeURIComponent(hook));
process.on('exit', () => {
  appendFileSync(log, Object.keys(createRequire(process.cwd() + '/').cache).map((f) => f + '\\n').join(''));
});
`;

/** The npm package a file belongs to: the name after its last node_modules/, else the package itself. */
export function packageOf(file: string): string {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return 'layerproof';
  const parts = file.slice(at + 'node_modules/'.length).split('/');
  const [first = '', second = ''] = parts;
  return first.startsWith('@') ? `${first}/${second}` : first;
}

function runNode(args: readonly string[], options: ProbeOptions): ProcessLoad {
  const record = options.record ?? true;
  const dir = record ? mkdtempSync(join(tmpdir(), 'layerproof-load-')) : undefined;
  const log = dir === undefined ? undefined : join(dir, 'loaded.txt');
  try {
    const preload = log === undefined ? [] : ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD)}`];
    const started = performance.now();
    const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), ...preload, ...args], {
      cwd: options.cwd,
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 60_000,
      env: { ...process.env, ...(log !== undefined && { LAYERPROOF_LOAD_LOG: log }), NODE_OPTIONS: '', FORCE_COLOR: '0' },
    });
    const wallMs = performance.now() - started;
    let files: string[] = [];
    if (log !== undefined) {
      let text = '';
      try {
        text = readFileSync(log, 'utf8');
      } catch {
        // Nothing loaded outside node: (or the process died before its first import).
      }
      files = [...new Set(text.split('\n').filter((l) => l !== '').map((l) => (l.startsWith('file://') ? decodeURIComponent(new URL(l).pathname) : l)))];
    }
    return {
      packages: [...new Set(files.map(packageOf))].sort(),
      files, wallMs, status: result.status, stdout: result.stdout, stderr: result.stderr,
    };
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Imports `specifier` (a bare specifier such as 'layerproof/math', resolved from `cwd`, or a
 * file URL) in a fresh process and reports what it loaded and how long the import took.
 */
export function probeImport(specifier: string, options: ProbeOptions): ImportLoad {
  const script = `
const cpu = process.cpuUsage();
const started = performance.now();
await import(${JSON.stringify(specifier)});
const importMs = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ importMs, cpuMs: (used.user + used.system) / 1000 }));
`;
  const load = runNode(['--input-type=module', '--eval', script], options);
  if (load.status !== 0) throw new Error(`importing ${specifier} in ${options.cwd} failed (exit ${load.status}):\n${load.stderr}`);
  const timing = JSON.parse(load.stdout) as { importMs: number; cpuMs: number };
  return { ...load, ...timing };
}

/** Runs a script (the CLI: `dist/cli.js --help`) in a fresh process and reports what it loaded. */
export function probeScript(script: string, args: readonly string[], options: ProbeOptions): ProcessLoad {
  return runNode([script, ...args], options);
}

/** The median of a non-empty list (the middle value; the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] ?? NaN : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}
