import type { ConvGeometry } from '../linear/convGeometry.js';
import { complexSingularValues, topSingularPair } from './complexSingularValues.js';
import type { ConvKernel } from './ConvKernel.js';
import { gramIterationBound } from './gramIteration.js';
import { kernelSymbol, type KernelSymbol } from './kernelSymbol.js';

/** The bound, where it is attained, and the input mode that attains it (a start for Lanczos). */
export interface RestrictionBound {
  /** Certified: ‖T‖₂ ≤ upper. */
  readonly upper: number;
  /** The circular grid (input cells per axis) that gave it. */
  readonly grid: readonly [number, number];
  /** θ = 2πω/m of the maximising frequency. */
  readonly theta: readonly [number, number];
  /** A top right singular vector of P(θ), s₁s₂·cin complex entries. */
  readonly mode: { readonly re: Float64Array; readonly im: Float64Array };
}

/**
 * Smallest circular grid L on one axis of which the zero-padded convolution is a restriction:
 * every tap index s·p + t·d − pad must read a cell of the input, or a cell the wrap-around sends
 * outside [0, n) (so it reads a zero there too), and s must divide L.
 */
export function smallestCircularGrid(n: number, out: number, stride: number, dilation: number, taps: number, padBefore: number): number {
  const last = stride * (out - 1) + (taps - 1) * dilation - padBefore;
  const l = Math.max(n + padBefore, last + 1, (taps - 1) * dilation + 1);
  return Math.ceil(l / stride) * stride;
}

/** max over the m₁×m₂ frequencies of ‖P(ω)‖₂, or undefined once it exceeds `stopAbove`. */
function gridMax(symbol: KernelSymbol, m1: number, m2: number, stopAbove: number): { value: number; w: [number, number] } | undefined {
  const scalar = Math.min(symbol.rows, symbol.cols) === 1;
  const candidates: { bound: number; w1: number; w2: number }[] = [];
  let best = 0;
  let at: [number, number] = [0, 0];
  for (let w1 = 0; w1 < m1; w1++) {
    for (let w2 = 0; w2 < m2; w2++) {
      // P(−ω) = conj P(ω) has the same norm.
      if (((m1 - w1) % m1) * m2 + ((m2 - w2) % m2) < w1 * m2 + w2) continue;
      const t1 = (2 * Math.PI * w1) / m1;
      const t2 = (2 * Math.PI * w2) / m2;
      if (scalar) {
        const v = Math.sqrt(symbol.frobeniusSquared(t1, t2));
        if (v > best) {
          best = v;
          at = [w1, w2];
          if (best > stopAbove) return undefined;
        }
      } else {
        // Four Gram squarings: an upper bound on ‖P(ω)‖₂ within (rank)^{1/32}, to prune SVDs.
        candidates.push({ bound: gramIterationBound(symbol.at(t1, t2), 4) * (1 + 1e-12), w1, w2 });
      }
    }
  }
  if (scalar) return { value: best, w: at };
  candidates.sort((a, b) => b.bound - a.bound);
  for (const c of candidates) {
    if (c.bound <= best) break;
    const v = complexSingularValues(symbol.at((2 * Math.PI * c.w1) / m1, (2 * Math.PI * c.w2) / m2))[0] ?? 0;
    if (v > best) {
      best = v;
      at = [c.w1, c.w2];
      if (best > stopAbove) return undefined;
    }
  }
  return { value: best, w: at };
}

/**
 * An upper bound on the norm of a zero-padded (strided, dilated) convolution: it is the
 * restriction R·C_L·E of the circular convolution C_L on an L₁×L₂ grid large enough that no
 * wrapped tap reaches the input (E embeds the input, R keeps the outputs, both of norm 1), so
 * ‖T‖₂ ≤ ‖C_L‖₂ = max_ω ‖P(ω)‖₂ (Sedghi et al.), exact on that grid. Every such L gives a bound;
 * the least over `grids` candidate sizes per axis (on axes of at most 40 output cells) is kept.
 * It never exceeds the sup over the torus that Gram iteration on the kernel (Delattre et al.
 * 2024) bounds, since the grid's frequencies are points of the torus.
 */
export function circularRestrictionBound(kernel: ConvKernel, g: ConvGeometry, grids = 3): RestrictionBound {
  const strides: [number, number] = [g.strideHeight, g.strideWidth];
  const symbol = kernelSymbol(kernel, strides, [g.dilationHeight, g.dilationWidth]);
  const l1 = smallestCircularGrid(g.inHeight, g.outHeight, g.strideHeight, g.dilationHeight, kernel.kh, g.padTop);
  const l2 = smallestCircularGrid(g.inWidth, g.outWidth, g.strideWidth, g.dilationWidth, kernel.kw, g.padLeft);
  let best: { value: number; w: [number, number]; grid: [number, number] } | undefined;
  // Other grid sizes matter on small grids only (on a large one every size is close to the torus sup).
  const gi = l1 / g.strideHeight <= 40 ? grids : 1;
  const gj = l2 / g.strideWidth <= 40 ? grids : 1;
  for (let i = 0; i < gi; i++) {
    for (let j = 0; j < gj; j++) {
      const grid: [number, number] = [l1 + i * g.strideHeight, l2 + j * g.strideWidth];
      const m1 = grid[0] / g.strideHeight;
      const m2 = grid[1] / g.strideWidth;
      const found = gridMax(symbol, m1, m2, best?.value ?? Infinity);
      if (found !== undefined && (best === undefined || found.value < best.value)) best = { ...found, grid };
    }
  }
  // The first grid always completes (stopAbove = ∞).
  const chosen = best ?? { value: 0, w: [0, 0] as [number, number], grid: [l1, l2] as [number, number] };
  const theta: [number, number] = [
    (2 * Math.PI * chosen.w[0] * g.strideHeight) / chosen.grid[0],
    (2 * Math.PI * chosen.w[1] * g.strideWidth) / chosen.grid[1],
  ];
  const pair = topSingularPair(symbol.at(theta[0], theta[1]));
  return { upper: chosen.value, grid: chosen.grid, theta, mode: { re: pair.re, im: pair.im } };
}
