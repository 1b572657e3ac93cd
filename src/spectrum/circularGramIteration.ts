import { circularArguments, type CircularOptions } from './circularArguments.js';
import { kernelComponents } from './ConvKernel.js';
import { gramIterationBound } from './gramIteration.js';
import { kernelSymbol } from './kernelSymbol.js';

/**
 * Delattre et al.'s (ICML 2023) bound on the operator norm of a circular convolution: the largest
 * Gram-iteration bound of its per-frequency matrices P(ω) after `iterations` squarings (default 5).
 * Always ≥ the exact `circularSpectrum(…)[0]`, and within a relative 10⁻³ of it after 5 to 6
 * iterations on ordinary kernels; it needs no SVD.
 */
export function circularGramIteration(
  kernel: { shape: readonly number[]; data: ArrayLike<number> },
  grid: readonly [number, number],
  options: CircularOptions & { readonly iterations?: number } = {},
): number {
  const args = circularArguments('circularGramIteration', kernel, grid, options);
  const iterations = options.iterations ?? 5;
  const [m1, m2] = args.outGrid;
  let best = 0;
  for (const component of kernelComponents(args.kernel, args.depthwise)) {
    const symbol = kernelSymbol(component, args.strides, args.dilations);
    for (let w1 = 0; w1 < m1; w1++) {
      for (let w2 = 0; w2 < m2; w2++) {
        // P(−ω) = conj P(ω): same norm.
        if (((m1 - w1) % m1) * m2 + ((m2 - w2) % m2) < w1 * m2 + w2) continue;
        best = Math.max(best, gramIterationBound(symbol.at((2 * Math.PI * w1) / m1, (2 * Math.PI * w2) / m2), iterations));
      }
    }
  }
  return best;
}
