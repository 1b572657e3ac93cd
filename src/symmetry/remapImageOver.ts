import { LayerproofError } from '../core/LayerproofError.js';

/**
 * Moves the pixels of an array `[H, W, ...rest]` (flat, row-major: an image `[H, W, C]` or a kernel
 * `[kh, kw, cin, cout]`) to an `outSize[0] × outSize[1]` grid: output pixel (h, w) takes every entry
 * of input pixel `source(h, w)`, or `fill` where `source` returns undefined. Nothing is computed, so
 * the same code moves float64 numbers, exact polynomials or residues: the symmetries of images are
 * index maps, and what a bounded proof proves about them is what the float64 face computes.
 */
export function remapImageOver<T>(
  op: string,
  x: readonly T[],
  shape: readonly number[],
  outSize: readonly [number, number],
  source: (h: number, w: number) => readonly [number, number] | undefined,
  fill?: T,
): T[] {
  if (shape.length < 2 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'x', value: `an array of shape [${shape.join(', ')}]`, expected: 'an array [H, W, …] of rank ≥ 2 with positive sizes (an image [H, W, C] or a kernel [kh, kw, cin, cout])' });
  }
  const [height = 0, width = 0, ...rest] = shape;
  const depth = rest.reduce((p, d) => p * d, 1);
  if (x.length !== height * width * depth) {
    throw LayerproofError.invalid({ op, argument: 'x.length', value: x.length, expected: `${height * width * depth}, the entries of an array of shape [${shape.join(', ')}]` });
  }
  const out: T[] = [];
  for (let h = 0; h < outSize[0]; h++) {
    for (let w = 0; w < outSize[1]; w++) {
      const from = source(h, w);
      if (from === undefined) {
        if (fill === undefined) throw LayerproofError.invalid({ op, argument: 'fill', value: 'none', expected: `a value for output pixel (${h}, ${w}), which no input pixel reaches` });
        for (let k = 0; k < depth; k++) out.push(fill);
        continue;
      }
      const base = (from[0] * width + from[1]) * depth;
      for (let k = 0; k < depth; k++) out.push(x[base + k] as T);
    }
  }
  return out;
}
