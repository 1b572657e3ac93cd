import { Matrix, SingularValueDecomposition } from '../core/mlMatrix.js';
import { readKernel } from './ConvKernel.js';

/**
 * What `torch.nn.utils.spectral_norm` (Miyato et al. 2018) normalises a convolution by: σ_max of the
 * kernel reshaped to a cout × (cin·kh·kw) matrix R (here its transpose, the HWIO data read as a
 * (kh·kw·cin) × cout matrix: the same singular values). It is not the operator norm of the layer:
 * the rows of T at one output position are Rᵀ applied to that window, so ‖R‖ ≤ ‖T‖ whenever one
 * window lies wholly inside the input, and with circular padding and stride 1, ‖T‖ ≤ √(kh·kw)·‖R‖
 * (an all-ones 3×3 kernel reaches the factor 3). It is reported next to the certified interval so
 * a reader sees how far off it is.
 */
export function reshapedKernelNorm(kernel: { shape: readonly number[]; data: ArrayLike<number> }): number {
  const k = readKernel('reshapedKernelNorm', kernel, false);
  const rows = k.kh * k.kw * k.cin;
  const m = new Matrix(rows, k.cout);
  for (let r = 0; r < rows; r++) for (let c = 0; c < k.cout; c++) m.set(r, c, k.data[r * k.cout + c] as number);
  const svd = new SingularValueDecomposition(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true });
  return Math.max(0, ...svd.diagonal);
}
