import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
