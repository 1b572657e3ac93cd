import { remapImageOver } from './remapImageOver.js';

/**
 * `turns` quarter turns counterclockwise of an array `[H, W, …]`, as `numpy.rot90` and
 * `rotation90`: one turn gives $(R\,x)[i, j] = x[j,\ W - 1 - i]$, of shape `[W, H, …]`. Any
 * rectangle turns; only a square one is mapped to itself. Images and kernels alike.
 */
export function rotate90Over<T>(x: readonly T[], shape: readonly number[], turns = 1): { data: T[]; shape: number[] } {
  const [height = 1, width = 1, ...rest] = shape;
  const q = ((turns % 4) + 4) % 4;
  const odd = q % 2 === 1;
  const outSize: [number, number] = odd ? [width, height] : [height, width];
  const from: (i: number, j: number) => [number, number] = [
    (i: number, j: number): [number, number] => [i, j],
    (i: number, j: number): [number, number] => [j, width - 1 - i],
    (i: number, j: number): [number, number] => [height - 1 - i, width - 1 - j],
    (i: number, j: number): [number, number] => [height - 1 - j, i],
  ][q] ?? ((i: number, j: number): [number, number] => [i, j]);
  return { data: remapImageOver('rot90', x, shape, outSize, from), shape: [...outSize, ...rest] };
}
