import { LayerproofError } from '../core/LayerproofError.js';
import { circularArguments, type CircularOptions } from './circularArguments.js';
import type { ComplexMatrix } from './complexSingularValues.js';
import { kernelComponents } from './ConvKernel.js';
import { kernelSymbol } from './kernelSymbol.js';

/**
 * The per-frequency matrix P(ω) of a circular convolution on an n₁×n₂ grid (Sedghi et al. 2019):
 * for output frequency ω ∈ ℤ_{m₁}×ℤ_{m₂} (m = n/stride), cout × (s₁s₂·cin) with
 * P(ω)[c_o, (φ, c_i)] = Σ_{t: φ_t = φ} K[t, c_i, c_o]·e^{2πi⟨ω, j_t⟩/m}, where t·d = s·j_t + φ_t.
 *
 * T maps the input x[s·j + φ, c_i] = e^{2πi⟨ω, j⟩/m}·u[φ, c_i] to y[p, c_o] = e^{2πi⟨ω, p⟩/m}·(P(ω)u)[c_o]
 * (y[p] = Σ_t K[t]·x[(s·p + t·d) mod n]), so the singular values of T are those of all P(ω).
 * A depthwise kernel gives one matrix per input channel: pass `channel`.
 */
export function frequencyMatrix(
  kernel: { shape: readonly number[]; data: ArrayLike<number> },
  grid: readonly [number, number],
  omega: readonly [number, number],
  options: CircularOptions & { readonly channel?: number } = {},
): ComplexMatrix {
  const op = 'frequencyMatrix';
  const args = circularArguments(op, kernel, grid, options);
  const [m1, m2] = args.outGrid;
  const [w1, w2] = omega;
  if (!Number.isInteger(w1) || !Number.isInteger(w2) || w1 < 0 || w2 < 0 || w1 >= m1 || w2 >= m2) {
    throw LayerproofError.invalid({ op, argument: 'omega', value: omega, expected: `integers in [0, ${m1}) × [0, ${m2}), frequencies of the ${m1}×${m2} output grid` });
  }
  const components = kernelComponents(args.kernel, args.depthwise);
  const channel = options.channel ?? 0;
  const component = components[channel];
  if (component === undefined) throw LayerproofError.invalid({ op, argument: 'options.channel', value: channel, expected: `an integer in [0, ${components.length})` });
  return kernelSymbol(component, args.strides, args.dilations).at((2 * Math.PI * w1) / m1, (2 * Math.PI * w2) / m2);
}
