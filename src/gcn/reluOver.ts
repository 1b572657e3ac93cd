import type { Arithmetic } from '../exact/Arithmetic.js';
import type { MatrixOver } from '../exact/matrixOver.js';

/** $\operatorname{ReLU}(M)_{ij} = \max(M_{ij}, 0)$ over any arithmetic, entry by entry (as `relu`). */
export function reluOver<T>(ar: Arithmetic<T>, M: readonly (readonly T[])[]): MatrixOver<T> {
  return M.map((row) => row.map((v) => ar.relu(v)));
}
