import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { packageOf, probeImport, probeScript, type ImportLoad, type ProcessLoad } from './support/probeEntry.js';

/**
 * What each entry point loads, from the TypeScript sources (through tsx, in fresh processes;
 * the built package is held to the same in pack.test.ts). The pure-math entry must load neither
 * TensorFlow.js nor the proof engine's mathjs, the root entry not mathjs, and `--help` neither.
 * The negative controls are the entries that do load them: the probe sees what it is asked to.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const source = (file: string): string => pathToFileURL(`${root}src/${file}`).href;
const probes = new Map<string, ImportLoad>();
/** Each entry probed once per file, on first use, so one broken entry fails its own tests only. */
function probe(file: string): ImportLoad {
  const known = probes.get(file);
  if (known !== undefined) return known;
  const load = probeImport(source(file), { cwd: root, nodeArgs: ['--import', 'tsx'], timeoutMs: 110_000 });
  probes.set(file, load);
  return load;
}

const TFJS = /^@tensorflow\//;
/** The proof engine's packages: mathjs, and KaTeX and markdown-it for rendering. */
const PROOF_ENGINE = ['mathjs', 'katex', 'markdown-it'];

function tfjsPackages(load: ProcessLoad): string[] {
  return load.packages.filter((p) => TFJS.test(p));
}

function proofPackages(load: ProcessLoad): string[] {
  return load.packages.filter((p) => PROOF_ENGINE.includes(p));
}

describe('packageOf', () => {
  test.each([
    ['/p/node_modules/@tensorflow/tfjs-core/dist/index.js', '@tensorflow/tfjs-core'],
    ['/p/node_modules/layerproof/node_modules/mathjs/lib/esm/index.js', 'mathjs'],
    ['/p/node_modules/layerproof/dist/math.js', 'layerproof'],
    ['/work/layerproof/src/math.ts', 'layerproof'],
  ])('%s belongs to %s', (file, name) => {
    expect(packageOf(file)).toBe(name);
  });
});

describe('what each entry loads (sources, fresh processes)', () => {
  test('layerproof/math loads no TensorFlow.js and no proof engine, and does load its own math (ml-matrix)', () => {
    const math = probe('math.ts');
    expect(tfjsPackages(math)).toEqual([]);
    expect(proofPackages(math)).toEqual([]);
    expect(math.packages).toContain('ml-matrix');
    expect(math.files.some((f) => f.endsWith('/src/models/AffineOperator.ts'))).toBe(true);
    expect(math.files.some((f) => f.endsWith('/src/models/activation.ts'))).toBe(true);
    expect(math.files.filter((f) => f.includes('/src/tfjs/') || f.includes('/src/proof/'))).toEqual([]);
  });

  test('negative control: the root entry does load TensorFlow.js, and the probe sees it', () => {
    const main = probe('index.ts');
    expect(tfjsPackages(main)).toContain('@tensorflow/tfjs-core');
  });

  test('the root entry loads no proof engine (no mathjs, KaTeX or markdown-it)', () => {
    const main = probe('index.ts');
    expect(proofPackages(main)).toEqual([]);
    expect(main.files.filter((f) => f.includes('/src/proof/'))).toEqual([]);
  });

  test('negative control: layerproof/proof does load mathjs, and the probe sees it', () => {
    const proof = probe('proof.ts');
    expect(proofPackages(proof)).toContain('mathjs');
  });

  test('layerproof --help loads neither TensorFlow.js nor the proof engine, and lists every command', () => {
    const help = probeScript(`${root}src/cli.ts`, ['--help'], { cwd: root, nodeArgs: ['--import', 'tsx'], timeoutMs: 110_000 });
    expect(help.status, help.stderr).toBe(0);
    for (const command of ['check', 'docs', 'train', 'verify-model', 'bench']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(tfjsPackages(help)).toEqual([]);
    expect(proofPackages(help)).toEqual([]);
  });
});

describe('every export of the barrels is still exported by an entry', () => {
  test('root exports all of math (the same bindings) and every runtime export of gcn, models, backends and train; proof exports the proof engine', async () => {
    const [entryMath, entryRoot, entryProof, ...barrels] = await Promise.all([
      import('../../src/math.js'), import('../../src/index.js'), import('../../src/proof.js'),
      import('../../src/gcn/index.js'), import('../../src/models/index.js'), import('../../src/cnn/backends/index.js'), import('../../src/cnn/train/index.js'),
    ]);
    const rootRecord = entryRoot as Record<string, unknown>;
    const missingFromRoot = (module: object): string[] => Object.entries(module).filter(([name, value]) => rootRecord[name] !== value).map(([name]) => name);
    expect(missingFromRoot(entryMath)).toEqual([]);
    for (const barrel of barrels) expect(missingFromRoot(barrel)).toEqual([]);
    const proofBarrel = await import('../../src/proof/index.js');
    const proofRecord = entryProof as Record<string, unknown>;
    expect(Object.entries(proofBarrel).filter(([name, value]) => proofRecord[name] !== value).map(([name]) => name)).toEqual([]);
    // Negative control: a module that root does not re-export is caught.
    expect(missingFromRoot(proofBarrel)).toContain('loadProofs');
  });
});
