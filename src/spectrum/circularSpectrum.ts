import type { CircularOptions } from './circularArguments.js';
import { circularArguments } from './circularArguments.js';
import { complexSingularValues } from './complexSingularValues.js';
import { kernelComponents } from './ConvKernel.js';
import { kernelSymbol } from './kernelSymbol.js';

/**
 * Every singular value of a convolution with circular padding on an n₁×n₂ grid, descending, with
 * multiplicities (Sedghi, Gupta & Long, ICLR 2019): the 2-D DFT block-diagonalises T, so its
 * singular values are those of the (n₁/s₁)(n₂/s₂) per-frequency matrices P(ω) (`frequencyMatrix`),
 * each cout × (s₁s₂·cin): min(rows, cols) of T in all. Cost O(n²c²(c + k²)) against O(n⁶c³) for
 * an SVD of T. A real kernel has P(−ω) = conj P(ω), so half the frequencies are decomposed.
 *
 * Kernel [kh, kw, cin, cout] (HWIO), or [kh, kw, C, M] with `depthwise`. Strides must divide the grid.
 */
export function circularSpectrum(
  kernel: { shape: readonly number[]; data: ArrayLike<number> },
  grid: readonly [number, number],
  options: CircularOptions = {},
): Float64Array {
  const args = circularArguments('circularSpectrum', kernel, grid, options);
  const [m1, m2] = args.outGrid;
  const parts: Float64Array[] = [];
  for (const component of kernelComponents(args.kernel, args.depthwise)) {
    const symbol = kernelSymbol(component, args.strides, args.dilations);
    const perFrequency = Math.min(symbol.rows, symbol.cols);
    const values = new Float64Array(m1 * m2 * perFrequency);
    for (let w1 = 0; w1 < m1; w1++) {
      for (let w2 = 0; w2 < m2; w2++) {
        const index = w1 * m2 + w2;
        const partner = ((m1 - w1) % m1) * m2 + ((m2 - w2) % m2);
        if (partner < index) {
          values.copyWithin(index * perFrequency, partner * perFrequency, (partner + 1) * perFrequency);
        } else {
          values.set(complexSingularValues(symbol.at((2 * Math.PI * w1) / m1, (2 * Math.PI * w2) / m2)), index * perFrequency);
        }
      }
    }
    parts.push(values);
  }
  const all = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all.sort().reverse();
}
