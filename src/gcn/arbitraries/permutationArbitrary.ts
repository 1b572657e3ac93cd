import fc from 'fast-check';
import { nonNegativeInteger } from '../../core/validate.js';

/**
 * fast-check arbitrary of permutations of $0, \dots, n-1$ (layerproof's convention: row `i`
 * of $PX$ is row `p[i]` of $X$). Generated as a Lehmer code, $c_i \in \{0, \dots, n-1-i\}$,
 * which is uniform and shrinks digit by digit towards the identity, so a failing
 * permutation is reported with as few nodes moved as still fail. Exported from
 * layerproof/testing as `permutation`.
 */
export function permutationArbitrary(n: number): fc.Arbitrary<number[]> {
  nonNegativeInteger('permutation', 'n', n);
  const digits = Array.from({ length: n }, (_v, i) => fc.nat(n - 1 - i));
  return fc.tuple(...digits).map((code) => fromLehmerCode(code));
}

/** The permutation whose Lehmer code is `code`: `p[i]` is the `code[i]`-th smallest index not yet used. */
export function fromLehmerCode(code: readonly number[]): number[] {
  const unused = Array.from({ length: code.length }, (_v, i) => i);
  return code.map((c) => unused.splice(c, 1)[0] as number);
}
