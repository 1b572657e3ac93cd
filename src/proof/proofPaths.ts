import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The proof documents this package ships: `proofs/` beside `src/` in a checkout and beside
 * `dist/` in an installed package, so `layerproof check` finds them from any working folder.
 */
export const PACKAGE_PROOFS: string = fileURLToPath(new URL('../../proofs', import.meta.url));

/** A path as messages name it: relative to the working folder when inside it (`proofs` in a checkout), else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * Where `layerproof check` and `docs` look when given no paths: the shipped proofs. A module of
 * its own so the CLI can name them without loading the proof engine.
 */
export const DEFAULT_PROOF_PATHS: readonly string[] = [shown(PACKAGE_PROOFS)];

/** Where `layerproof docs` writes the site: in the working folder, never inside the installed package. */
export const DEFAULT_SITE = 'docs/site';

/** Where `layerproof check` keeps its last result for `layerproof docs`: inside the site it feeds. */
export const DEFAULT_RECORD = `${DEFAULT_SITE}/check-results.json`;

/**
 * How a user runs the CLI where this copy lives: `npx layerproof` from a project that installed the
 * package, `npm run layerproof --` in a checkout (where npx would look for the package elsewhere).
 */
export const CLI_COMMAND: string = PACKAGE_PROOFS.split(sep).includes('node_modules') ? 'npx layerproof' : 'npm run layerproof --';
