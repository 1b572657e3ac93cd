import { permutationOf } from './validatePermutation.js';

/** The inverse permutation $q$ with $q_{p_i} = i$; its matrix is $P^{-1} = P^\top$. */
export function inversePermutation(p: readonly number[]): number[] {
  const perm = permutationOf('inversePermutation', 'p', p);
  const inverse = new Array<number>(perm.length);
  perm.forEach((j, i) => {
    inverse[j] = i;
  });
  return inverse;
}
