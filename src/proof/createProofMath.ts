import { all, create, type MathJsInstance, type MathNode } from 'mathjs';
import { basicGenerators } from './basicGenerators.js';
import { cnnFunctions } from './cnnFunctions.js';
import { cnnGenerators } from './cnnGenerators.js';
import { gcnFunctions } from './gcnFunctions.js';
import { graphGenerators } from './graphGenerators.js';
import { matrixFunctions } from './matrixFunctions.js';
import type { ProofFunction } from './proofFunction.js';
import { spectrumFunctions } from './spectrumFunctions.js';
import { symmetryFunctions } from './symmetryFunctions.js';
import { symmetryGenerators } from './symmetryGenerators.js';
import { proofTexHandler } from './texHandler.js';
import type { VariableGenerator } from './VariableGenerator.js';

/** The mathjs instance of the proofs with the library's functions and the variable generators. */
export interface ProofMath {
  /** mathjs configured to return plain arrays, with the library functions imported. */
  readonly math: MathJsInstance;
  /** The library functions a claim may call (besides mathjs's own, e.g. `identity`, `diag`). */
  readonly functions: Readonly<Record<string, ProofFunction>>;
  /** The generators a `given:` block may name. */
  readonly generators: Readonly<Record<string, VariableGenerator>>;
  /** LaTeX of an expression, rendered with the proofs' conventions. */
  toTex(node: MathNode): string;
}

/**
 * Creates the mathjs instance that parses, renders and evaluates claims. Each call makes
 * a fresh instance (nothing is created at import time).
 */
export function createProofMath(extra: { functions?: Record<string, ProofFunction>; generators?: Record<string, VariableGenerator> } = {}): ProofMath {
  const math = create(all ?? {}, { matrix: 'Array', number: 'number' });
  const functions: Record<string, ProofFunction> = { ...matrixFunctions(), ...cnnFunctions(), ...gcnFunctions(), ...symmetryFunctions(), ...spectrumFunctions(), ...extra.functions };
  const generators: Record<string, VariableGenerator> = { ...basicGenerators(), ...graphGenerators(), ...cnnGenerators(), ...symmetryGenerators(), ...extra.generators };
  // override: `relu` and friends are ours even where mathjs has a function of that name.
  math.import(functions, { override: true });
  const handler = proofTexHandler(new Set(Object.keys(functions)));
  return {
    math, functions, generators,
    toTex: (node) => node.toTex({ handler, parenthesis: 'auto', implicit: 'hide' }),
  };
}
