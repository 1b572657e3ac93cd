/** Where `layerproof check` and `docs` look by default; a module of its own so the CLI can name them without loading the proof engine. */
export const DEFAULT_PROOF_PATHS: readonly string[] = ['proofs'];

/** Where `layerproof check` keeps its last result for `layerproof docs`. */
export const DEFAULT_RECORD = 'docs/site/check-results.json';
