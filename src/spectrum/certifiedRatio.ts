import { FLOAT64_EPS } from '../core/tolerance.js';

/** γ_k = k·u / (1 − k·u), Higham's constant for k roundings (u = 2⁻⁵³). */
export function gamma(k: number): number {
  const ku = k * FLOAT64_EPS;
  return ku / (1 - ku);
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  return Math.sqrt(s);
}

/**
 * A certified lower bound on ‖T‖₂ from one vector v: ‖Tv‖/‖v‖ evaluated in float64 with every
 * rounding bounded against it. With ŷ = fl(Tv) (each entry a sum of at most `terms` products),
 * |ŷ − Tv| ≤ γ_terms·|T||v| entry-wise (Higham, Thm 3.5) and ẑ = fl(|T||v|) ≥ (1 − γ_terms)|T||v|, so
 * ‖Tv‖ ≥ ‖ŷ‖ − γ_terms·‖ẑ‖/(1 − γ_terms); a norm of N non-negative squares is within a relative
 * γ_{N+2} of its float64 value. So rounding can only lower what is returned, never raise it above ‖T‖₂.
 */
export function certifiedRatio(v: Float64Array, y: Float64Array, absY: Float64Array, terms: number): number {
  const nv = norm(v);
  if (nv === 0) return 0;
  const gy = gamma(y.length + 2);
  const gq = gamma(terms);
  const top = norm(y) * (1 - gy) - (gq * norm(absY) * (1 + gy)) / (1 - gq);
  const ratio = (top / (nv * (1 + gamma(v.length + 2)))) * (1 - 8 * FLOAT64_EPS);
  return Math.max(0, ratio);
}
