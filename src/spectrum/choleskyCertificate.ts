import { FLOAT64_EPS } from '../core/tolerance.js';
import type { BandedGram } from './bandedGram.js';
import { gamma } from './certifiedRatio.js';

/**
 * Certifies ‖T‖₂ ≤ μ (up to a rounding margin it adds) by a Cholesky factorisation of
 * A = μ²I − G in float64, G the band Gram of T: it runs to completion with positive pivots only
 * if A is (numerically) positive definite, and then, with R̂ᵀR̂ = Â + ΔA, |ΔA| ≤ γ_{b+1}|R̂ᵀ||R̂|
 * (Higham, Thm 10.3: no inner product has more than b + 1 terms), λ_min(Â) ≥ −γ_{b+1}‖R̂‖_F².
 * Adding the rounding of Ĝ = fl(TᵀT) (≤ γ_terms‖T‖₁‖T‖∞) and of the diagonal of Â, λ_max(TᵀT)
 * ≤ μ² + E, and the returned `upper` = √(μ² + E), rounded up, is certified (Sylvester's law of
 * inertia in the form of Rump's verification of positive definiteness).
 * Returns undefined when a pivot is not positive: then λ_max(G) ≳ μ², nothing is certified.
 */
export function choleskyCertificate(g: BandedGram, mu: number): { upper: number } | undefined {
  const { n, b } = g;
  const w = b + 1;
  const mu2 = mu * mu;
  const a = new Float64Array(g.band.length);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    const row = i * w;
    for (let k = 1; k < w; k++) a[row + k] = -(g.band[row + k] as number);
    const d = mu2 - (g.band[row] as number);
    a[row] = d;
    maxDiag = Math.max(maxDiag, Math.abs(d));
  }
  for (let i = 0; i < n; i++) {
    const rowI = i * w;
    const d = a[rowI] as number;
    if (!(d > 0)) return undefined;
    const r = Math.sqrt(d);
    a[rowI] = r;
    const jmax = Math.min(n - 1, i + b);
    for (let j = i + 1; j <= jmax; j++) a[rowI + j - i] = (a[rowI + j - i] as number) / r;
    for (let j = i + 1; j <= jmax; j++) {
      const rij = a[rowI + j - i] as number;
      if (rij === 0) continue;
      const rowJ = j * w - j;
      const offI = rowI - i;
      for (let l = j; l <= jmax; l++) a[rowJ + l] = (a[rowJ + l] as number) - rij * (a[offI + l] as number);
    }
  }
  let frob = 0;
  for (let k = 0; k < a.length; k++) frob += (a[k] as number) ** 2;
  // Each error term is itself computed in float64; 1.01 covers their own (tiny) rounding.
  const error = 1.01 * (gamma(b + 1) * frob + gamma(g.terms) * g.oneInf + FLOAT64_EPS * maxDiag);
  return { upper: Math.sqrt((mu2 + error) * (1 + 8 * FLOAT64_EPS)) * (1 + 4 * FLOAT64_EPS) };
}
