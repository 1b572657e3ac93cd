import { LayerproofError } from '../core/LayerproofError.js';
import { createRng } from '../core/rng.js';
import { buildWindowMatrix } from '../linear/conv2dMatrix.js';
import type { ConvGeometry } from '../linear/convGeometry.js';
import { validRange } from '../linear/validRange.js';
import { bandCertificate } from './bandCertificate.js';
import { certifiedRatio } from './certifiedRatio.js';
import { circularRestrictionBound, type RestrictionBound } from './circularRestrictionBound.js';
import { convApply } from './convApply.js';
import { kernelComponents, readKernel, type ConvKernel, type KernelInput } from './ConvKernel.js';
import { checkAborted, lanczosTop } from './lanczosTop.js';
import type { NormBound, NormBoundOptions } from './NormBound.js';
import { realSingularValues } from './realSingularValues.js';

export interface ConvNormOptions extends NormBoundOptions {
  /** Kernel [kh, kw, C, M], output channel c·M + m reading input channel c. Default false. */
  readonly depthwise?: boolean;
  /**
   * Largest banded factorisation (≈ n·b²/2 flops) tried to close the gap, per component; default
   * 4·10⁹ (a few seconds here). Raise it to certify a small zero-padded layer with many channels,
   * whose circular bound is loose at its borders (the issue's 64→64, 5×5, 12×12 layer needs ~5·10¹⁰).
   */
  readonly refineFlops?: number;
}

/** Largest banded factorisation (≈ n·b²/2 flops) tried for one component, and for all. */
const REFINE_FLOPS = 4e9;
const TOTAL_REFINE_FLOPS = 2e10;

interface Component {
  readonly kernel: ConvKernel;
  readonly restriction: RestrictionBound;
  upper: number;
  upperMethod: 'circular-restriction' | 'ldl-certificate';
  lower: number;
  /** The vector that gave `lower` (input space), a start for refinement. */
  vector?: Float64Array;
  refined: boolean;
}

/**
 * A certified interval [lower, upper] for the operator norm of a convolution as it really is
 * (zero or 'same' padding, strides, dilations; depthwise: the largest over channels), from its
 * kernel ([kh, kw, cin, cout] HWIO, or [kh, kw, C, M]) and geometry (`convGeometry`):
 *
 * - 1×1 kernels: exact, T = S ⊗ Kᵀ (S keeps the output positions that read the input), ‖T‖ = ‖K‖;
 * - upper: the circular convolution on the smallest grid the layer is a restriction of
 *   (`circularRestrictionBound`), exact by Sedghi's per-frequency SVDs;
 * - lower: Lanczos on TᵀT from the windowed Fourier mode that attains that bound, the Ritz
 *   vector's ‖Tv‖/‖v‖ evaluated in float64 with its rounding subtracted (`certifiedRatio`);
 * - while the relative gap exceeds `targetGap` (default 1%) and the banded Gram of the worst
 *   component is affordable: its top eigenvalue by Lanczos and a Cholesky certificate of
 *   μ²I − TᵀT just above it (`choleskyCertificate`), which closes the gap to ~10⁻⁶.
 */
export function convNormBounds(kernel: KernelInput, geometry: ConvGeometry, options: ConvNormOptions = {}): NormBound {
  const op = 'convNormBounds';
  const t0 = performance.now();
  const depthwise = options.depthwise === true;
  const k = readKernel(op, kernel, depthwise);
  if (k.kh !== geometry.kernelHeight || k.kw !== geometry.kernelWidth || k.cin !== geometry.inChannels) {
    throw LayerproofError.invalid({
      op, argument: 'geometry', value: { kernel: [geometry.kernelHeight, geometry.kernelWidth], inChannels: geometry.inChannels },
      expected: `the geometry of this kernel [${k.kh}, ${k.kw}, ${k.cin}, ${k.cout}]: kernel ${k.kh}×${k.kw} and ${k.cin} input channels`,
    });
  }
  const targetGap = options.targetGap ?? 0.01;
  const iterations = options.iterations ?? 60;
  const channels = depthwise ? ` (the largest over ${k.cin} channels)` : '';
  if (k.kh === 1 && k.kw === 1) return pointwise(k, geometry, depthwise, t0, channels);

  const g: ConvGeometry = depthwise ? { ...geometry, inChannels: 1 } : geometry;
  const rng = createRng(options.seed ?? 1);
  const components: Component[] = kernelComponents(k, depthwise).map((kernelC) => {
    checkAborted(options.signal, op);
    // Trying 3×3 grid sizes costs 9 grids of symbols: affordable for cheap symbols (depthwise) and small grids.
    const cells = (g.inHeight / g.strideHeight) * (g.inWidth / g.strideWidth) * kernelC.cout * kernelC.cin * g.strideHeight * g.strideWidth;
    const restriction = circularRestrictionBound(kernelC, g, kernelC.cout * kernelC.cin <= 16 || cells <= 2e6 ? 3 : 1);
    return { kernel: kernelC, restriction, upper: restriction.upper, upperMethod: 'circular-restriction', lower: 0, refined: false };
  });
  components.sort((a, b) => b.upper - a.upper);

  let lower = 0;
  for (const c of components) {
    if (c.upper <= lower) break;
    checkAborted(options.signal, op);
    const apply = convApply(c.kernel, g);
    const start = modeStart(c.kernel, g, c.restriction, rng);
    const stopAt = (c.upper * (1 - targetGap / 4)) ** 2;
    const ritz = lanczosTop((x) => apply.adjoint(apply.forward(x)), start, { maxSteps: iterations, stopAt, signal: options.signal, op });
    c.lower = certifiedRatio(ritz.vector, apply.forward(ritz.vector), apply.forward(ritz.vector, true), apply.terms);
    c.vector = ritz.vector;
    lower = Math.max(lower, c.lower);
  }

  let spent = 0;
  for (;;) {
    const top = components.reduce<Component | undefined>((a, c) => (a === undefined || c.upper > a.upper ? c : a), undefined);
    if (top === undefined || top.upper === 0 || (top.upper - lower) / top.upper <= targetGap || top.refined) break;
    const cost = refineCost(top.kernel, g);
    const perComponent = options.refineFlops ?? REFINE_FLOPS;
    if (cost > perComponent || spent + cost > Math.max(TOTAL_REFINE_FLOPS, perComponent)) break;
    spent += cost;
    checkAborted(options.signal, op);
    top.refined = true;
    refine(top, g, iterations, options.signal);
    lower = Math.max(lower, top.lower);
  }

  const top = components.reduce((a, c) => (c.upper > a.upper ? c : a), components[0] ?? { upper: 0, upperMethod: 'circular-restriction' as const, restriction: undefined });
  const upper = Math.max(top.upper, lower);
  const [l1, l2] = top.restriction?.grid ?? [0, 0];
  const upperRests = top.upperMethod === 'ldl-certificate'
    ? 'upper: a float64 Cholesky factorisation of μ²I − TᵀT (banded) ran with positive pivots, so with its rounding bounded no eigenvalue of TᵀT exceeds μ² (Rump)'
    : `upper: the layer is a restriction of the circular convolution on a ${l1}×${l2} grid, whose norm is max_ω ‖P(ω)‖₂ (Sedghi et al.)`;
  return {
    lower,
    upper,
    exact: false,
    method: `${top.upperMethod}+lanczos`,
    rests: `${upperRests}; lower: ‖Tv‖/‖v‖ of a Lanczos Ritz vector, evaluated in float64 with its rounding subtracted${channels}.`,
    ms: performance.now() - t0,
  };
}

/** 1×1 kernels: T = S ⊗ Kᵀ up to zero rows, so its singular values are K's (or per channel |K_c|). */
function pointwise(k: ConvKernel, g: ConvGeometry, depthwise: boolean, t0: number, channels: string): NormBound {
  let hValid = 0;
  for (let oh = 0; oh < g.outHeight; oh++) {
    const [a0, a1] = validRange(oh, g.strideHeight, g.dilationHeight, g.padTop, 1, g.inHeight);
    if (a1 > a0) hValid++;
  }
  let wValid = 0;
  for (let ow = 0; ow < g.outWidth; ow++) {
    const [b0, b1] = validRange(ow, g.strideWidth, g.dilationWidth, g.padLeft, 1, g.inWidth);
    if (b1 > b0) wValid++;
  }
  const positions = hValid * wValid;
  let values: Float64Array;
  if (depthwise) {
    values = Float64Array.from({ length: k.cin }, (_, c) => {
      let s = 0;
      for (let m = 0; m < k.cout; m++) s += (k.data[c * k.cout + m] as number) ** 2;
      return Math.sqrt(s);
    }).sort().reverse();
  } else {
    values = realSingularValues(k.data, k.cin, k.cout);
  }
  const norm = positions === 0 ? 0 : (values[0] ?? 0);
  const cout = depthwise ? k.cin * k.cout : k.cout;
  const rows = g.outHeight * g.outWidth * cout;
  const cols = g.inHeight * g.inWidth * k.cin;
  const slots = positions * values.length;
  const smallest = slots >= Math.min(rows, cols) ? (values[values.length - 1] ?? 0) : 0;
  return {
    lower: norm, upper: norm, exact: true, method: 'pointwise-svd',
    rests: `a 1×1 convolution is S ⊗ Kᵀ (S keeps the ${positions} output positions that read the input), so its singular values are those of the ${depthwise ? 'per-channel kernels' : `${k.cin}×${k.cout} kernel`}, by a float64 SVD${channels}.`,
    smallest,
    ms: performance.now() - t0,
  };
}

/**
 * The windowed Fourier mode that attains the circular bound: x[s·j + φ, c] = w(q)·Re(e^{i⟨θ, j⟩}u[φ, c]),
 * w(q) = Π_a sin(π(q_a + 1)/(n_a + 1)) (the top eigenvector of the Dirichlet Laplacian, which
 * finite sections favour), plus a seeded perturbation of relative size 10⁻³ so no eigenvector is missed.
 */
function modeStart(kernel: ConvKernel, g: ConvGeometry, r: RestrictionBound, rng: () => number): Float64Array {
  const { inHeight: n1, inWidth: n2 } = g;
  const cin = kernel.cin;
  const [s1, s2] = [g.strideHeight, g.strideWidth];
  const x = new Float64Array(n1 * n2 * cin);
  let sum = 0;
  for (let q1 = 0; q1 < n1; q1++) {
    const w1 = Math.sin((Math.PI * (q1 + 1)) / (n1 + 1));
    const j1 = Math.floor(q1 / s1);
    for (let q2 = 0; q2 < n2; q2++) {
      const w = w1 * Math.sin((Math.PI * (q2 + 1)) / (n2 + 1));
      const j2 = Math.floor(q2 / s2);
      const phase = r.theta[0] * j1 + r.theta[1] * j2;
      const c = Math.cos(phase);
      const s = Math.sin(phase);
      const phi = ((q1 % s1) * s2 + (q2 % s2)) * cin;
      for (let ci = 0; ci < cin; ci++) {
        const v = w * (c * (r.mode.re[phi + ci] ?? 0) - s * (r.mode.im[phi + ci] ?? 0));
        x[(q1 * n2 + q2) * cin + ci] = v;
        sum += v * v;
      }
    }
  }
  const scale = 1e-3 * Math.sqrt(Math.max(sum, 1e-300) / x.length);
  for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + scale * (2 * rng() - 1);
  return x;
}

/** ≈ n·b²/2 for the cheaper side of the band Gram of one component. */
function refineCost(k: ConvKernel, g: ConvGeometry): number {
  const bCols = (((k.kh - 1) * g.dilationHeight) * g.inWidth + (k.kw - 1) * g.dilationWidth + 1) * k.cin;
  const bRows = (Math.floor(((k.kh - 1) * g.dilationHeight) / g.strideHeight) * g.outWidth + Math.floor(((k.kw - 1) * g.dilationWidth) / g.strideWidth) + 1) * k.cout;
  const nCols = g.inHeight * g.inWidth * k.cin;
  const nRows = g.outHeight * g.outWidth * k.cout;
  return Math.min(nCols * bCols ** 2, nRows * bRows ** 2) / 2;
}

/** The band certificate of one component's T (`bandCertificate`). */
function refine(c: Component, g: ConvGeometry, iterations: number, signal: AbortSignal | undefined): void {
  const t = buildWindowMatrix(g, c.kernel.cout, { kernel: c.kernel.data }, 'full');
  const cert = bandCertificate(t, c.vector, iterations, signal, 'convNormBounds');
  if (cert.lower > c.lower) {
    c.lower = cert.lower;
    c.vector = cert.vector;
  }
  if (cert.upper !== undefined && cert.upper < c.upper) {
    c.upper = cert.upper;
    c.upperMethod = 'ldl-certificate';
  }
}
