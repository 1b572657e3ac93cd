import type { ConvGeometry } from '../../linear/convGeometry.js';

/** The ℓ₂ Lipschitz constant of a max pooling and why. */
export interface MaxPoolLipschitz {
  /** The largest number of windows that read one input cell. */
  readonly windowsPerCell: number;
  /** √windowsPerCell: 1 when the windows do not overlap. */
  readonly factor: number;
  readonly rule: string;
}

/** Along one axis: the largest number of windows [o·s − pad, o·s − pad + span) that contain one cell of [0, n). */
function axisCoverage(n: number, out: number, stride: number, span: number, dilation: number, padBefore: number): number {
  const count = new Int32Array(n);
  for (let o = 0; o < out; o++) {
    for (let t = 0; t < span; t += dilation) {
      const i = o * stride - padBefore + t;
      if (i >= 0 && i < n) count[i] = (count[i] ?? 0) + 1;
    }
  }
  return count.reduce((a, b) => Math.max(a, b), 0);
}

/**
 * The ℓ₂ Lipschitz constant of max pooling with this geometry: each output is the maximum of its
 * window, and $|\max_W x - \max_W y| \le \max_W |x - y| \le \lVert (x - y)|_W \rVert_2$, so
 * $\lVert f(x) - f(y) \rVert_2^2 \le \sum_W \lVert (x - y)|_W \rVert_2^2 \le C\,\lVert x - y \rVert_2^2$
 * with C the most windows any one cell lies in (padded cells are not inputs). The bound is attained:
 * a spike at a cell in C windows raises C outputs by its height. C is the product of the per-axis
 * counts, as a window is a product of intervals; C = 1 exactly when stride ≥ window on both axes.
 */
export function maxPoolLipschitz(g: ConvGeometry): MaxPoolLipschitz {
  const rows = axisCoverage(g.inHeight, g.outHeight, g.strideHeight, g.effectiveKernelHeight, g.dilationHeight, g.padTop);
  const cols = axisCoverage(g.inWidth, g.outWidth, g.strideWidth, g.effectiveKernelWidth, g.dilationWidth, g.padLeft);
  const windowsPerCell = Math.max(1, rows * cols);
  const window = `${g.kernelHeight}×${g.kernelWidth} windows, stride ${g.strideHeight}×${g.strideWidth}`;
  const rule = windowsPerCell === 1
    ? `max pooling (${window}) without overlap is 1-Lipschitz: each cell lies in at most one window`
    : `overlapping max pooling (${window}): a cell lies in up to ${rows}·${cols} = ${windowsPerCell} windows, so L = √${windowsPerCell} = ${Math.sqrt(windowsPerCell).toPrecision(4)} (attained by a spike)`;
  return { windowsPerCell, factor: Math.sqrt(windowsPerCell), rule };
}
