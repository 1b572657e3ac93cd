import { LayerproofError } from '../core/LayerproofError.js';
import { plainObject } from '../core/validate.js';
import { convGeometry, type Padding } from '../linear/convGeometry.js';
import { checkShift, type Shift } from './Shift.js';

/** One zero-padded convolution (or any layer that reads a window of its input) of a stack. */
export interface BorderLayer {
  /** `k` or `[kh, kw]`. */
  readonly kernelSize: number | readonly [number, number];
  /** Default 1. */
  readonly strides?: number | readonly [number, number];
  /** Default 1. */
  readonly dilations?: number | readonly [number, number];
  /** Default `'valid'`, as in TensorFlow.js. */
  readonly padding?: Padding;
  /**
   * The layer adds a bias (or its activation moves 0, as a sigmoid does), so f(0) ≠ 0: then every
   * output position that the output's shift fills with zeros differs too. Default `true`, as
   * `tf.layers.conv2d` has one; `false` for a bias-free convolution (`tf.conv2d`).
   */
  readonly bias?: boolean;
}

export interface BorderBandOptions {
  /** `[height, width]` of the stack's input. */
  readonly inputSize: readonly [number, number];
  /** The layers in order; element-wise layers in between (bias, ReLU) change nothing and are left out. */
  readonly layers: BorderLayer | readonly BorderLayer[];
  /** The input's shift `[rows, columns]`, zero fill; a multiple of the product of the strides. */
  readonly shift: Shift;
}

/** Output rows and columns where f(shift(x)) may differ from shift(f(x)); every other output position agrees. */
export interface BorderBand {
  readonly rows: readonly number[];
  readonly columns: readonly number[];
  /** `[height, width]` of the output. */
  readonly outputSize: readonly [number, number];
  /** The shift the output undergoes: the input's divided by the product of the strides. */
  readonly outputShift: Shift;
}

interface AxisLayer {
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padBefore: number;
  readonly inSize: number;
  readonly outSize: number;
  readonly bias: boolean;
}

/**
 * The border band of a stack of zero-padded convolutions under a translation with zero fill:
 * the output positions where $f(S_a x) = S_{a/s} f(x)$ is not expected to hold.
 *
 * The rule, along one axis, for one layer of kernel k, dilation d, stride s and padding $p$ before
 * the input, on an input of n positions and an output of m, with the input shifted by $a = s\,t$ and
 * the output by t: output position i reads, through tap $u \in [0, k)$, input position
 * $j = (i - t)\,s + u\,d - p$ of the unshifted x. Both sides see the same $x_j$ unless exactly one
 * of them loses it: $f(S_a x)$ sees it iff $0 \le j + a < n$ (the shift did not push it out) and
 * $S_t f(x)$ iff $0 \le i - t < m$ (the output position was not filled with zeros). So i is in the
 * band iff some tap reads a $0 \le j < n$ for which those two conditions differ, or, for a layer
 * with a bias (`bias`, default true), iff the output's shift fills i with zeros ($i - t \notin [0, m)$),
 * where $f(S_a x)$ holds at least the bias. For a bias-free layer with `'same'` padding, stride 1,
 * dilation 1 and $0 < a < n$ the band is $[\max(0, a - q), a) \cup [\max(a, n - q), n)$ with
 * $q = k - 1 - p$, the padding after the input: the rows the shift fills and the kernel still reaches
 * data from, and the last q rows, whose window loses the rows pushed out. For $a < 0$ it is the
 * mirror image, $[0, \min(n - |a|, p)) \cup [n - |a|, \min(n, n - |a| + p))$. None for $a = 0$, for
 * $|a| \ge n$ (both sides are zero) or for a bias-free 1×1 kernel; a dilation leaves out the positions
 * no tap lands on.
 *
 * Through a stack, a position is in the band when its own layer puts it there or it reads a
 * position of the previous layer's band (element-wise layers keep positions apart). In two
 * dimensions the band is every row of `rows` and every column of `columns`: exact along each axis,
 * and a superset of the positions that can differ.
 */
export function borderBand(options: BorderBandOptions): BorderBand {
  const op = 'borderBand';
  const o = plainObject(op, 'options', options);
  const size = o.inputSize;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw LayerproofError.invalid({ op, argument: 'options.inputSize', value: size, expected: '[height, width], two positive integers' });
  }
  const layers = (Array.isArray(o.layers) ? o.layers : [o.layers]) as readonly BorderLayer[];
  if (layers.length === 0) throw LayerproofError.invalid({ op, argument: 'options.layers', value: layers, expected: 'a layer { kernelSize, strides?, dilations?, padding? } or a non-empty array of them' });
  const shift = checkShift(op, o.shift, [1, 1]);
  const rows: AxisLayer[] = [];
  const columns: AxisLayer[] = [];
  let [height, width] = size as [number, number];
  layers.forEach((layer, l) => {
    const g = convGeometry({
      op: `${op} (options.layers[${l}])`, inputShape: [height, width, 1], kernelSize: layer.kernelSize,
      ...(layer.strides !== undefined && { strides: layer.strides }), ...(layer.dilations !== undefined && { dilations: layer.dilations }),
      padding: layer.padding ?? 'valid',
    });
    const bias = layer.bias ?? true;
    if (typeof bias !== 'boolean') throw LayerproofError.invalid({ op, argument: `options.layers[${l}].bias`, value: bias, expected: 'true or false' });
    rows.push({ kernel: g.kernelHeight, stride: g.strideHeight, dilation: g.dilationHeight, padBefore: g.padTop, inSize: height, outSize: g.outHeight, bias });
    columns.push({ kernel: g.kernelWidth, stride: g.strideWidth, dilation: g.dilationWidth, padBefore: g.padLeft, inSize: width, outSize: g.outWidth, bias });
    [height, width] = [g.outHeight, g.outWidth];
  });
  const r = bandAlongAxis(rows, shift[0], 'rows');
  const c = bandAlongAxis(columns, shift[1], 'columns');
  return { rows: r.band, columns: c.band, outputSize: [height, width], outputShift: [r.outShift, c.outShift] };
}

function bandAlongAxis(layers: readonly AxisLayer[], shift: number, axis: string): { band: number[]; outShift: number } {
  let tainted = new Uint8Array(layers[0]?.inSize ?? 0);
  let a = shift;
  layers.forEach((L, l) => {
    if (a % L.stride !== 0) {
      throw LayerproofError.invalid({
        op: 'borderBand', argument: 'options.shift', value: shift,
        expected: `a multiple of the product of the strides along the ${axis} (layer ${l} has stride ${L.stride} and receives a shift of ${a}): ` +
          'a strided layer commutes only with shifts by multiples of its stride',
      });
    }
    const t = a / L.stride;
    const next = new Uint8Array(L.outSize);
    for (let i = 0; i < L.outSize; i++) {
      const filled = i - t < 0 || i - t >= L.outSize;
      if (L.bias && filled) next[i] = 1;
      for (let u = 0; u < L.kernel && next[i] === 0; u++) {
        const read = i * L.stride + u * L.dilation - L.padBefore;
        if (read >= 0 && read < L.inSize && tainted[read] === 1) next[i] = 1;
        const j = read - t * L.stride;
        if (j < 0 || j >= L.inSize) continue;
        const shiftedInputSees = j + a >= 0 && j + a < L.inSize;
        if (shiftedInputSees === filled) next[i] = 1;
      }
    }
    tainted = next;
    a = t;
  });
  const band: number[] = [];
  tainted.forEach((v, i) => {
    if (v === 1) band.push(i);
  });
  return { band, outShift: a };
}
