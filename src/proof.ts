/**
 * layerproof/proof: the proof engine (proof documents -> checked claims -> rendered site).
 * An entry of its own because it loads mathjs, KaTeX and markdown-it (about 1.5 s): importing
 * `layerproof` or `layerproof/math` never pays for it.
 */
export * from './proof/index.js';
export { PACKAGE_PROOFS, DEFAULT_RECORD, DEFAULT_SITE } from './proof/proofPaths.js';
