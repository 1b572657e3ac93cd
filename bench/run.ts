/**
 * `npm run bench -- <name> [options]`: runs bench/<name>.ts. Benchmarks print one JSON line
 * per case, then a table; they are measurements, never tests.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
const [name, ...rest] = process.argv.slice(2);

if (name === undefined || name === '--help' || name === '-h' || !available.includes(name)) {
  const problem = name === undefined || name.startsWith('-') ? '' : `unknown benchmark '${name}'. `;
  process.stderr.write(`${problem}Usage: npm run bench -- <${available.join('|')}> [options]\n`);
  process.exit(name === undefined || name.startsWith('-') ? 0 : 2);
}
const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as { main: (args: string[]) => Promise<void> };
await mod.main(rest);
