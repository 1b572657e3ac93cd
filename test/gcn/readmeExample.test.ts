import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { examples, localised, readmeSection } from '../support/readmeExamples.js';

/**
 * The README's GCN section, run as written (as mathjs runs its documentation examples): every
 * `ts` block runs against this checkout, and where a `text` block follows it, what the block
 * prints must equal that text. So the docs cannot go stale.
 */
const section = readmeSection('Graph convolutional networks');

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
