import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, test, vi } from 'vitest';

/**
 * The README's "Testing your own layers" section, run as written: every `ts` block runs against this
 * checkout, and where a `text` block follows it, what the block prints must equal that text.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const start = readme.indexOf('\n## Testing your own layers\n');
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
