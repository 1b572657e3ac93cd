import type { ComplexMatrix } from './complexSingularValues.js';
import type { ConvKernel } from './ConvKernel.js';

/**
 * The symbol of a strided, dilated convolution on the infinite grid ℤ²: the matrix-valued
 * trigonometric polynomial P(θ) of size cout × (s_h·s_w·cin) with
 *
 * $$P(\theta)_{c_o,\,(\varphi, c_i)} = \sum_{t:\ \varphi_t = \varphi} K[t, c_i, c_o]\, e^{\,i\langle \theta, j_t\rangle},
 * \qquad t\,d = s\,j_t + \varphi_t \ (\text{per axis}),$$
 *
 * so that the input's polyphase component φ (the cells s·j + φ) enters through its own block of
 * columns. A cross-correlation y[p] = Σ_t K[t]·x[s·p + t·d] maps the mode x[s·j + φ] = e^{i⟨θ, j⟩}u_φ
 * to y[p] = e^{i⟨θ, p⟩}·P(θ)u: on a circular grid of n = s·m cells per axis, the modes
 * θ = 2πω/m block-diagonalise T (Sedghi, Gupta & Long 2019, with polyphase columns for strides).
 */
export interface KernelSymbol {
  /** cout. */
  readonly rows: number;
  /** s_h·s_w·cin. */
  readonly cols: number;
  /** Largest j_t per axis: P has degree ≤ degree[a] in θ_a. */
  readonly degree: readonly [number, number];
  /** P(θ₁, θ₂). */
  at(theta1: number, theta2: number): ComplexMatrix;
  /** ‖P(θ)‖_F² (an upper bound on ‖P(θ)‖₂², cheap). */
  frobeniusSquared(theta1: number, theta2: number): number;
}

export function kernelSymbol(kernel: ConvKernel, strides: readonly [number, number], dilations: readonly [number, number]): KernelSymbol {
  const { kh, kw, cin, cout, data } = kernel;
  const [sh, sw] = strides;
  const [dh, dw] = dilations;
  const cols = sh * sw * cin;
  const taps = kh * kw;
  const jh = new Int32Array(taps);
  const jw = new Int32Array(taps);
  const colBase = new Int32Array(taps);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const t = a * kw + b;
      jh[t] = Math.floor((a * dh) / sh);
      jw[t] = Math.floor((b * dw) / sw);
      colBase[t] = (((a * dh) % sh) * sw + ((b * dw) % sw)) * cin;
    }
  }
  const degree: [number, number] = [Math.floor(((kh - 1) * dh) / sh), Math.floor(((kw - 1) * dw) / sw)];
  const fill = (theta1: number, theta2: number, re: Float64Array, im: Float64Array): void => {
    for (let t = 0; t < taps; t++) {
      const angle = theta1 * (jh[t] as number) + theta2 * (jw[t] as number);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      const base = colBase[t] as number;
      let at = t * cin * cout;
      for (let ci = 0; ci < cin; ci++) {
        for (let co = 0; co < cout; co++) {
          const k = data[at++] as number;
          const idx = co * cols + base + ci;
          re[idx] = (re[idx] as number) + k * c;
          im[idx] = (im[idx] as number) + k * s;
        }
      }
    }
  };
  // frobeniusSquared runs once per frequency of large grids: no allocation there.
  const scratchRe = new Float64Array(cout * cols);
  const scratchIm = new Float64Array(cout * cols);
  return {
    rows: cout,
    cols,
    degree,
    at(theta1, theta2) {
      const re = new Float64Array(cout * cols);
      const im = new Float64Array(cout * cols);
      fill(theta1, theta2, re, im);
      return { rows: cout, cols, re, im };
    },
    frobeniusSquared(theta1, theta2) {
      const re = scratchRe.fill(0);
      const im = scratchIm.fill(0);
      fill(theta1, theta2, re, im);
      let s = 0;
      for (let i = 0; i < re.length; i++) s += (re[i] as number) ** 2 + (im[i] as number) ** 2;
      return s;
    },
  };
}
