/**
 * How one site of a model bounds the Lipschitz constant of its output from those of its inputs
 * (all in ℓ₂, from the model's input): `scale` multiplies the single input's bound by `factor`;
 * `root-sum-square` takes √(Σⱼ wⱼ·Lⱼ²) over its inputs (a comparison of inputs: max, min);
 * `none` gives no bound, and says why.
 */
export type LipschitzRule =
  | { readonly kind: 'scale'; readonly factor: number; readonly rule: string }
  | { readonly kind: 'root-sum-square'; readonly weights: readonly number[]; readonly rule: string }
  | { readonly kind: 'none'; readonly reason: string };

export const scaleRule = (factor: number, rule: string): LipschitzRule => ({ kind: 'scale', factor, rule });
export const noBound = (reason: string): LipschitzRule => ({ kind: 'none', reason });

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/**
 * An element-wise maximum or minimum of inputs broadcast to `outputShape`:
 * |max_j a_j − max_j b_j| ≤ max_j |a_j − b_j|, so each output cell's squared change is at most
 * Σ_j of its inputs' squared changes, and an input cell broadcast to r_j outputs counts r_j times:
 * L ≤ √(Σ_j r_j·L_j²).
 */
export function comparisonRule(what: string, inputShapes: readonly (readonly number[])[], outputShape: readonly number[]): LipschitzRule {
  const weights = inputShapes.map((s) => size(outputShape) / Math.max(1, size(s)));
  const broadcast = weights.some((w) => w !== 1) ? `, each input cell weighted by the r_j = ${weights.join(', ')} outputs it is broadcast to` : '';
  return { kind: 'root-sum-square', weights, rule: `${what} compares its inputs cell by cell: |max a − max b| ≤ max |a − b|, so L = √(Σ r_j·L_j²)${broadcast}` };
}
