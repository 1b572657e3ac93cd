import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeImport, probeScript, type ProcessLoad } from './support/probeEntry.js';

/**
 * The package as a new user gets it: `npm pack` (which builds dist/ through `prepare`), then
 * `npm install` of the tarball into an empty project, and the CLI and every entry run there.
 * Slow (a build and an install of ~200 packages from the warm npm cache): one file, one install.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'layerproof-pack-'));
const project = join(work, 'project');
const INSTALL_MS = 420_000;

/** npm and node without the npm_* variables of an enclosing `npm test`, and without colour, so output is plain. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_'))),
  NO_COLOR: '1', FORCE_COLOR: '0', NODE_OPTIONS: '',
};

function run(command: string, args: readonly string[], cwd: string, timeout = 180_000): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });
  if (result.error !== undefined) throw new Error(`${command} ${args.join(' ')} did not run: ${result.error.message}`);
  return result;
}

/** `npx layerproof …` in the project, as a user types it (installed there, so npx fetches nothing). */
function layerproof(...args: string[]): SpawnSyncReturns<string> {
  return run('npx', ['layerproof', ...args], project);
}

function shown(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

const TFJS = /^@tensorflow\//;
const PROOF_ENGINE = ['mathjs', 'katex', 'markdown-it'];
const heavy = (load: ProcessLoad): string[] => load.packages.filter((p) => TFJS.test(p) || PROOF_ENGINE.includes(p));

/** A user's own proof document: a lemma that holds, and a refutation whose counterexample exists. */
const USER_PROOF = `---
id: my-permutations
title: Permutation matrices are orthogonal
---

\`\`\`claim
id: my-orthogonal
kind: lemma
title: PᵀP = I
given:
  n: int(1, 4)
  P: permutation(n)
check: P' * P == identity(n)
tolerance: exact
\`\`\`

\`\`\`claim
id: my-not-involution
kind: refutation
title: P is not its own inverse in general
given:
  n: int(1, 4)
  P: permutation(n)
check: P * P == identity(n)
uses: [my-orthogonal]
\`\`\`
`;

/** The same claim stated wrongly (P·P = I as a lemma): the check must fail it. */
const WRONG_PROOF = USER_PROOF.replace('id: my-permutations', 'id: my-wrong').replace('id: my-orthogonal', 'id: wrong-orthogonal')
  .replace("check: P' * P == identity(n)", 'check: P * P == identity(n)').replace('id: my-not-involution', 'id: wrong-not-involution')
  .replace('uses: [my-orthogonal]', 'uses: [wrong-orthogonal]');

let packed: { readonly files: readonly string[]; readonly tarball: string };

beforeAll(() => {
  const pack = run('npm', ['pack', '--json', '--pack-destination', work], root, INSTALL_MS);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${shown(pack)}`);
  // `prepare` (the build) prints to stdout before the JSON: read from the first '['.
  const json = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('\n[') + 1)) as { filename: string; files: { path: string }[] }[];
  const [info] = json;
  if (info === undefined) throw new Error(`npm pack printed no package:\n${pack.stdout}`);
  packed = { files: info.files.map((f) => f.path), tarball: join(work, info.filename) };

  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'try-layerproof', private: true, type: 'module' }, null, 2)}\n`);
  const install = run('npm', ['install', packed.tarball, '--prefer-offline', '--no-audit', '--no-fund'], project, INSTALL_MS);
  if (install.status !== 0) throw new Error(`npm install of the packed package failed:\n${shown(install)}`);
}, 2 * INSTALL_MS);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the packed package, installed into an empty project', () => {
  test('the tarball ships the built entries, their types and the proofs, and no sources, tests or source maps', () => {
    for (const file of ['package.json', 'README.md', 'dist/cli.js', 'proofs/gcn-invariance.md', 'proofs/conv-affine.md', 'proofs/pooling-linear.md', 'proofs/conv-translation.md', 'proofs/conv-spectrum.md']) {
      expect(packed.files).toContain(file);
    }
    for (const entry of ['index', 'math', 'proof', 'testing']) {
      expect(packed.files).toContain(`dist/${entry}.js`);
      expect(packed.files).toContain(`dist/${entry}.d.ts`);
    }
    expect(packed.files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('bench/') || f.endsWith('.map'))).toEqual([]);
  });

  test('npx layerproof --help lists every command, and loads neither TensorFlow.js nor the proof engine', () => {
    const help = layerproof('--help');
    expect(help.status, shown(help)).toBe(0);
    for (const command of ['check', 'docs', 'train', 'verify-model']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    const verifyHelp = layerproof('verify-model', '--help');
    expect(verifyHelp.status, shown(verifyHelp)).toBe(0);
    const load = probeScript(join(project, 'node_modules', 'layerproof', 'dist', 'cli.js'), ['--help'], { cwd: project });
    expect(load.status, load.stderr).toBe(0);
    expect(load.packages).toContain('commander');
    expect(heavy(load)).toEqual([]);
  });

  test('npx layerproof check with no paths checks the proofs the package ships, and records the result in the project', () => {
    const check = layerproof('check', '--only', 'perm-orthogonal', '--runs', '20');
    expect(check.status, shown(check)).toBe(0);
    expect(check.stdout).toMatch(/perm-orthogonal .* proved/);
    expect(check.stdout).toContain(join('node_modules', 'layerproof', 'proofs', 'gcn-invariance.md'));
    expect(existsSync(join(project, 'docs', 'site', 'check-results.json'))).toBe(true);
    // Negative control: the path the CLI used to assume ('proofs' in the working folder) is not there.
    const old = layerproof('check', 'proofs', '--only', 'perm-orthogonal', '--runs', '20', '--no-record');
    expect(old.status, shown(old)).toBe(2);
    expect(old.stderr).toContain('an existing proof document (.md) or a folder of them');
  });

  test("npx layerproof check accepts the user's own proof document by path, and fails a wrong one", () => {
    writeFileSync(join(project, 'my-proof.md'), USER_PROOF);
    writeFileSync(join(project, 'wrong-proof.md'), WRONG_PROOF);
    const mine = layerproof('check', 'my-proof.md', '--runs', '20', '--record', 'my-results.json');
    expect(mine.status, shown(mine)).toBe(0);
    expect(mine.stdout).toMatch(/my-orthogonal .* checked/);
    expect(mine.stdout).toMatch(/my-not-involution .* refuted, as stated/);
    expect(mine.stdout).toContain('2 of 2 claims checked, 0 failed');
    const wrong = layerproof('check', 'wrong-proof.md', '--runs', '20', '--no-record');
    expect(wrong.status, shown(wrong)).toBe(1);
    expect(wrong.stdout).toMatch(/wrong-orthogonal .* FAILED/);
  });

  test('npx layerproof docs writes the site of the shipped proofs into the working folder, with the recorded check', () => {
    const docs = layerproof('docs');
    expect(docs.status, shown(docs)).toBe(0);
    const index = join(project, 'docs', 'site', 'index.html');
    expect(existsSync(index)).toBe(true);
    expect(existsSync(join(project, 'docs', 'site', 'katex', 'katex.min.css'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'layerproof', 'docs'))).toBe(false);
    expect(docs.stdout).toMatch(/gcn-invariance\.md: partly checked/);
    expect(readFileSync(index, 'utf8')).toContain('gcn-invariance.html');
    // The user's own document, into a folder of their choosing.
    const mine = layerproof('docs', 'my-proof.md', '--out', 'my-site', '--results', 'my-results.json');
    expect(mine.status, shown(mine)).toBe(0);
    expect(existsSync(join(project, 'my-site', 'my-permutations.html'))).toBe(true);
  });

  test.each([
    { entry: 'layerproof/math', names: ['conv2dMatrix', 'gcnForward', 'checkOperator', 'matrixOperator', 'applyActivation'], absent: ['tf', 'loadProofs', 'layerOperator'], tfjs: 'no', mathjs: false },
    { entry: 'layerproof', names: ['conv2dMatrix', 'tf', 'useTfjsBackend', 'layerOperator', 'gcnForwardTfjs', 'train'], absent: ['loadProofs', 'checkProofs'], tfjs: 'yes', mathjs: false },
    { entry: 'layerproof/proof', names: ['loadProofs', 'checkProofs', 'writeSite', 'PACKAGE_PROOFS'], absent: ['conv2dMatrix'], tfjs: 'no', mathjs: true },
    // layerproof/testing may load tfjs (its CNN assertions take tfjs layers); it needs no mathjs.
    { entry: 'layerproof/testing', names: ['graph', 'permutation', 'assertPermutationInvariant', 'checkLinearity'], absent: ['tf', 'loadProofs'], tfjs: 'either', mathjs: false },
  ])('import($entry) works from the project; TensorFlow.js loaded: $tfjs, mathjs loaded: $mathjs', ({ entry, names, absent, tfjs, mathjs }) => {
    const load = probeImport(entry, { cwd: project });
    if (tfjs !== 'either') expect(load.packages.some((p) => TFJS.test(p))).toBe(tfjs === 'yes');
    expect(load.packages.includes('mathjs')).toBe(mathjs);
    const listed = run('node', ['--input-type=module', '--eval', `process.stdout.write(JSON.stringify(Object.keys(await import('${entry}'))))`], project);
    expect(listed.status, shown(listed)).toBe(0);
    const exported = JSON.parse(listed.stdout) as string[];
    for (const name of names) expect(exported).toContain(name);
    for (const name of absent) expect(exported).not.toContain(name);
  });
});
