import { LayerproofError } from '../core/LayerproofError.js';

/** A problem in a proof document, located: `proofs/gcn.md:42: unknown generator 'permutaton'; …`. */
export class ProofDocumentError extends LayerproofError {
  readonly file: string;
  readonly line: number;
  readonly problem: string;

  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`, { op: 'proof document', argument: `${file}:${line}` });
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}
