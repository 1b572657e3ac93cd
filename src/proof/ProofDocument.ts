import type { EvalFunction, MathNode } from 'mathjs';
import type { Tolerance } from '../core/tolerance.js';
import type { VariableGenerator } from './VariableGenerator.js';

/**
 * - `lemma`, `theorem`, `corollary`: a statement that holds; its check must pass.
 * - `step`: one step of a proof; checked when it has a `check`, otherwise counted as not checked.
 * - `refutation`: a statement that is FALSE, stated as the equality that fails; it is
 *   checked when a counterexample is found, and the counterexample is the point of the step.
 */
export type ClaimKind = 'lemma' | 'theorem' | 'corollary' | 'step' | 'refutation';

export const CLAIM_KINDS: readonly ClaimKind[] = ['lemma', 'theorem', 'corollary', 'step', 'refutation'];

/** A variable of a claim and the generator its values come from, e.g. `P: permutation(n)`. */
export interface ClaimVariable {
  readonly name: string;
  /** The generator call as written, e.g. `permutation(n)`. */
  readonly source: string;
  readonly generatorName: string;
  readonly generator: VariableGenerator;
  /** The compiled arguments, evaluated in the scope of the variables before this one. */
  readonly args: readonly EvalFunction[];
  /** Variables the arguments read. */
  readonly dependsOn: readonly string[];
  /** What the reader is told the variable is (Markdown with `$…$`). */
  readonly phrase: string;
  /** LaTeX of the variable's name. */
  readonly tex: string;
  /** LaTeX of the generator's arguments, as written (`n` in `permutation(n)`). */
  readonly argTex: readonly string[];
  readonly line: number;
}

/** The equality (`lhs == rhs`) or inequality (`lhs <= rhs`, entry by entry) a claim checks, parsed once: both sides compiled, and its LaTeX from the same parse. */
export interface ClaimCheck {
  /** As written in the document, e.g. `P' * P == identity(n)`. */
  readonly expression: string;
  /** `'equal'` for `==`; `'atMost'` for `<=`, which only evidence can check (a bounded proof decides identities). */
  readonly relation: 'equal' | 'atMost';
  readonly lhs: EvalFunction;
  readonly rhs: EvalFunction;
  readonly lhsNode: MathNode;
  readonly rhsNode: MathNode;
  readonly lhsTex: string;
  readonly rhsTex: string;
  readonly line: number;
}

/** The family of a finite variable in a bounded proof, e.g. `g: convGeometries(4, 2, 3)`. */
export interface BoundedOverride {
  readonly source: string;
  readonly generatorName: string;
  readonly args: readonly EvalFunction[];
  readonly argTex: readonly string[];
}

/**
 * A claim's `prove:` block. `exact`: symbolic evaluation on exact polynomials over every member of
 * the family (every real input at those sizes); `schwartz-zippel`: random residues modulo 2⁶¹ − 1
 * (`trials` per family member); `evidence`: no bounded proof, and `why` says why.
 */
export interface BoundedSpec {
  readonly method: 'exact' | 'schwartz-zippel' | 'evidence';
  readonly over: ReadonlyMap<string, BoundedOverride>;
  readonly trials: number;
  readonly why: string | undefined;
  readonly line: number;
}

export interface Claim {
  readonly id: string;
  readonly kind: ClaimKind;
  /** "Lemma 2", "Theorem 1", "Step 3", "Counterexample 1": numbered per kind in its document. */
  readonly label: string;
  readonly title: string;
  /** The statement in Markdown with LaTeX, as the reader reads it. */
  readonly statement: string | undefined;
  readonly given: readonly ClaimVariable[];
  readonly check: ClaimCheck | undefined;
  readonly tolerance: Tolerance;
  /** The bounded proof the document asks for (absent: evidence only, as before). */
  readonly prove: BoundedSpec | undefined;
  /** Ids of the claims (in any document) this one relies on. */
  readonly uses: readonly string[];
  readonly documentId: string;
  readonly file: string;
  /** Line of the opening fence. */
  readonly line: number;
  /** Line of the `uses:` key (for errors about dependencies). */
  readonly usesLine: number;
  /** The block's text; its hash tells whether a stored result is stale. */
  readonly source: string;
  readonly hash: string;
}

export type DocumentBlock =
  | { readonly type: 'markdown'; readonly text: string; readonly line: number }
  | { readonly type: 'claim'; readonly claim: Claim };

export interface ProofDocument {
  readonly id: string;
  readonly title: string;
  readonly summary: string | undefined;
  /** Position in the index (front matter `order`, then file name). */
  readonly order: number;
  readonly file: string;
  /** Hash of the whole file. */
  readonly hash: string;
  readonly blocks: readonly DocumentBlock[];
  readonly claims: readonly Claim[];
  /** `[[claim-id]]` references in the prose and the statements, checked by `linkProofs`. */
  readonly references: readonly { readonly id: string; readonly line: number }[];
}
