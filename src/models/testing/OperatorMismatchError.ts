import type { OperatorMatchResult } from './assertMatchesOperator.js';
import { describeOperatorMismatch } from './describeOperatorMismatch.js';

/**
 * Thrown by `assertMatchesOperator` when a layer's output is not act(T·x + b) of its explicit
 * operator: the message describes the shrunk input and the worst output entry, and `result`
 * holds them as data. (A finding about the layer or its operator, not bad input.)
 */
export class OperatorMismatchError extends Error {
  override readonly name = 'OperatorMismatchError';

  constructor(readonly result: OperatorMatchResult) {
    super(describeOperatorMismatch(result));
  }
}
