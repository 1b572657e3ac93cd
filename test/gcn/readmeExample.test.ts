import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, test, vi } from 'vitest';

/**
 * The README's GCN section, run as written (as mathjs runs its documentation examples): every
 * `ts` block runs against this checkout, and where a `text` block follows it, what the block
 * prints must equal that text. So the docs cannot go stale.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const start = readme.indexOf('\n## Graph convolutional networks\n');
const next = readme.indexOf('\n## ', start + 1);
const section = start < 0 ? '' : readme.slice(start, next < 0 ? undefined : next);

interface Example {
  readonly code: string;
  readonly expected: string | undefined;
}

function examples(text: string): Example[] {
  const fences = [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', body: m[2] ?? '' }));
  return fences.flatMap((f, i) => {
    if (f.lang !== 'ts') return [];
    const following = fences[i + 1];
    return [{ code: f.body, expected: following?.lang === 'text' ? following.body.trimEnd() : undefined }];
  });
}

/** The block with `layerproof` and `layerproof/testing` pointing at this checkout's sources. */
function localised(code: string): string {
  const entry = (file: string): string => pathToFileURL(join(root, 'src', file)).href;
  return code.replaceAll("from 'layerproof/testing'", `from '${entry('testing.ts')}'`).replaceAll("from 'layerproof'", `from '${entry('index.ts')}'`);
}

const dir = mkdtempSync(join(tmpdir(), 'layerproof-readme-'));

/** Runs a block as a module and returns what it printed with console.log. */
async function run(code: string, name: string): Promise<string> {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, localised(code));
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(format(...args));
  });
  try {
    await import(pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
  }
  return printed.join('\n');
}
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('README: Graph convolutional networks', () => {
  const blocks = examples(section);

  test('the section exists and holds a runnable assertPermutationInvariant example with its output', () => {
    expect(section).not.toBe('');
    expect(blocks.some((b) => b.code.includes('assertPermutationInvariant(') && b.expected !== undefined)).toBe(true);
  });

  test.each(blocks.map((b, i) => [i, b.code, b.expected] as const))('block %i runs and prints what the README shows', async (i, code, expected) => {
    const printed = await run(code, `example-${i}`);
    if (expected !== undefined) expect(printed).toBe(expected);
  });

  test('negative control: the example with another seed prints another counterexample than the README shows', async () => {
    const block = blocks.find((b) => b.code.includes('assertPermutationInvariant(firstNode') && b.expected !== undefined);
    expect(block).toBeDefined();
    const changed = (block?.code ?? '').replace('assertPermutationInvariant(firstNode, { nodes: 6, features: 2, seed: 1 })', 'assertPermutationInvariant(firstNode, { nodes: 6, features: 2, seed: 2 })');
    expect(changed).not.toBe(block?.code);
    expect(await run(changed, 'changed-seed')).not.toBe(block?.expected);
  });
});
