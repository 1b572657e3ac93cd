// Public exports of the proof engine; re-exported by src/index.ts.
export { loadProofs, linkProofs, type ProofSet } from './loadProofs.js';
export { parseProofDocument } from './parseProofDocument.js';
export {
  CLAIM_KINDS, type BoundedOverride, type BoundedSpec, type Claim, type ClaimCheck, type ClaimKind, type ClaimVariable, type DocumentBlock, type ProofDocument,
} from './ProofDocument.js';
export { ProofDocumentError } from './ProofDocumentError.js';
export { createProofMath, type ProofMath } from './createProofMath.js';
export { proofFunction, type ProofFunction, type ProofFunctionSpec } from './proofFunction.js';
export { MAX_DOMAIN_SIZE, type Domain as GeneratorDomain, type VariableGenerator } from './VariableGenerator.js';
export { type ClaimValue, type JsonValue } from './ClaimValue.js';
export { checkClaim, claimSeed, type CheckClaimOptions } from './checkClaim.js';
export { checkProofs, reproduceCommand, DEFAULT_PROOF_PATHS, type CheckProofsOptions } from './checkProofs.js';
export { type BoundedResult, type CheckMethod, type ClaimResult, type Counterexample as ClaimCounterexample, type ExactCounterexample } from './ClaimResult.js';
export { proveClaim, type ProveClaimOptions } from './bounded/proveClaim.js';
export { evaluateOver, type OverContext, type OverFunction } from './bounded/evaluateOver.js';
export { overFunctions } from './bounded/overFunctions.js';
export { Scalar, type OverValue } from './bounded/OverValue.js';
export { boundedGenerators, convFamily, poolFamily, type BoundedDomain, type BoundedGenerator, type FamilyDomain, type LeafHint, type SymbolicDomain } from './bounded/boundedDomains.js';
export { boundedFailure } from './boundedFailure.js';
export {
  boundedCounts, EVIDENCE_NOTE, PROOF_NOTE, mergeCheckReports, readCheckReport, writeCheckReport, type CheckedDocument, type CheckReport,
} from './CheckReport.js';
export { claimStatus, documentStatus, formatEpsilon, isChecked, isProved, type ClaimView, type DocumentView, type StepStatus } from './claimStatus.js';
export { writeSite, type WriteSiteOptions, type WrittenSite } from './writeSite.js';
export { renderMath, MathRenderError } from './renderMath.js';
export { renderMarkdown, renderMarkdownInline } from './renderMarkdown.js';
export { layoutDependencyGraph, dependencyGraphSvg, type GraphEdge, type GraphLayout, type GraphNode } from './dependencyGraph.js';
export { valueTex } from './valueTex.js';
