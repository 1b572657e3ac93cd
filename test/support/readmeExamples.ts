import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { vi } from 'vitest';

/** The checkout's root folder. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The README section under `## heading`, up to the next `## ` heading ('' when there is none). */
export function readmeSection(heading: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  const next = readme.indexOf('\n## ', start + 1);
  return start < 0 ? '' : readme.slice(start, next < 0 ? undefined : next);
}

export interface Example {
  readonly code: string;
  /** The `text` block that follows the code, if any: what it must print. */
  readonly expected: string | undefined;
}

/** Every `ts` block of a text, with the `text` block that follows it. */
export function examples(text: string): Example[] {
  const fences = [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1] ?? '', body: m[2] ?? '' }));
  return fences.flatMap((f, i) => {
    if (f.lang !== 'ts') return [];
    const following = fences[i + 1];
    return [{ code: f.body, expected: following?.lang === 'text' ? following.body.trimEnd() : undefined }];
  });
}

/** The block with `layerproof` and `layerproof/testing` pointing at this checkout's sources. */
export function localised(code: string): string {
  const entry = (file: string): string => pathToFileURL(join(root, 'src', file)).href;
  return code.replaceAll("from 'layerproof/testing'", `from '${entry('testing.ts')}'`).replaceAll("from 'layerproof'", `from '${entry('index.ts')}'`);
}

export interface ExampleRunner {
  /** Runs a block as a module and returns what it printed with console.log. */
  readonly run: (code: string, name: string) => Promise<string>;
  /** Deletes the folder the blocks were written to. */
  readonly remove: () => void;
}

/**
 * Writes blocks as modules inside the checkout (not the system's tmp), so that the blocks' other
 * imports (fast-check) resolve, and runs them with console.log captured.
 */
export function exampleRunner(): ExampleRunner {
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'layerproof-readme-'));
  return {
    run: async (code, name) => {
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
    },
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
