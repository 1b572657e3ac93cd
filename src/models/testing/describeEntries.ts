/** A number as a reader wants it in a counterexample: integers and short decimals as they are, others to 6 digits. */
export function formatNumber(v: number): string {
  const text = String(v);
  // Short binary fractions (0.125, −0.0244140625) exactly; float32 noise (0.30000001192092896) to 6 digits.
  if (!Number.isFinite(v) || Number.isInteger(v) || (text.length <= 13 && !text.includes('e'))) return text;
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(3);
}

/** The position of flat (row-major) index `flat` in `shape`, e.g. `[1, 0, 2]`; `[flat]` without a shape. */
export function multiIndex(flat: number, shape: readonly number[] | undefined): number[] {
  if (shape === undefined || shape.length === 0) return [flat];
  const index: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis] ?? 1;
    index.unshift(rest % size);
    rest = Math.floor(rest / size);
  }
  return index;
}

/** `[1, 0, 2]`. */
export function formatIndex(flat: number, shape: readonly number[] | undefined): string {
  return `[${multiIndex(flat, shape).join(', ')}]`;
}

/**
 * A vector compactly, by its non-zero entries (generated inputs shrink towards zero, so a shrunk
 * counterexample has few): `[4, 4, 2], 2 of 32 entries non-zero: [0, 1, 0] = 0.5, [2, 3, 1] = -1.25`.
 * At most `max` entries are listed.
 */
export function describeEntries(values: ArrayLike<number>, shape: readonly number[] | undefined, max = 8): string {
  const head = shape === undefined ? `${values.length} entries` : `[${shape.join(', ')}]`;
  const nonZero: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero.push(i);
  if (nonZero.length === 0) return `${head}, all ${values.length} entries zero`;
  const listed = nonZero.slice(0, max).map((i) => `${formatIndex(i, shape)} = ${formatNumber(values[i] ?? NaN)}`);
  if (nonZero.length > max) listed.push(`… ${nonZero.length - max} more`);
  const count = nonZero.length === values.length ? `all ${values.length} entries non-zero` : `${nonZero.length} of ${values.length} entries non-zero`;
  return `${head}, ${count}: ${listed.join(', ')}`;
}
