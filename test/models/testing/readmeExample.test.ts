import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { examples, localised, readmeSection, root } from '../../support/readmeExamples.js';

/**
 * The README's "Testing your own layers" section, run as written: every `ts` block runs against this
 * checkout, and where a `text` block follows it, what the block prints must equal that text.
 */
const section = readmeSection('Testing your own layers');

// Inside the checkout (not the system's tmp), so that the blocks' other imports (fast-check) resolve.
const cache = join(root, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'layerproof-readme-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

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

describe('README: Testing your own layers', () => {
  const blocks = examples(section);

  test('the section exists and holds a runnable assertLinear example with its output', () => {
    expect(section).not.toBe('');
    expect(blocks.some((b) => b.code.includes('assertLinear(') && b.expected !== undefined)).toBe(true);
  });

  test.each(blocks.map((b, i) => [i, b.code, b.expected] as const))('block %i runs and prints what the README shows', async (i, code, expected) => {
    const printed = await run(code, `example-${i}`);
    if (expected !== undefined) expect(printed).toBe(expected);
  });

  test('negative control: the example with another seed prints another counterexample than the README shows', async () => {
    const block = blocks.find((b) => b.code.includes('{ inputShape: [4, 4, 1], seed: 1 }') && b.expected !== undefined);
    expect(block).toBeDefined();
    const changed = (block?.code ?? '').replace('{ inputShape: [4, 4, 1], seed: 1 }', '{ inputShape: [4, 4, 1], seed: 2 }');
    expect(changed).not.toBe(block?.code);
    expect(await run(changed, 'changed-seed')).not.toBe(block?.expected);
  });
});
