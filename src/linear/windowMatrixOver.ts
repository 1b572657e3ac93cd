import { LayerproofError } from '../core/LayerproofError.js';
import type { Arithmetic } from '../exact/Arithmetic.js';
import { buildWindowMatrix, type WindowMode } from './conv2dMatrix.js';
import type { ConvGeometry } from './convGeometry.js';
import { kernelLast } from './conv2dOver.js';
import type { SparseMatrix } from './SparseMatrix.js';

/**
 * A sparse matrix over some arithmetic, in the CSR layout of `SparseMatrix`: row `i` holds
 * `values[k]` at column `colIndex[k]` for `rowPtr[i] ≤ k < rowPtr[i + 1]`, columns increasing.
 */
export interface SparseOver<T> {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: T[];
}

/**
 * The weight of each cell in average pooling: 1/count, count the window's cells inside the input
 * (padding cells are not counted). Written once: `avgPoolMatrix` uses it over float64.
 */
export function avgPoolEntry<T>(ar: Arithmetic<T>, count: number): T {
  return ar.div(ar.one, ar.fromInt(count));
}

/**
 * The doubly-block-Toeplitz matrix of a convolution over any arithmetic, built by the float64
 * builder itself: `buildWindowMatrix` runs unchanged on a kernel of handles (entry i holds i), so
 * its own index arithmetic decides which kernel entry lands where; each stored handle is then
 * replaced by that kernel entry. The structure is exactly `conv2dMatrix`'s.
 *
 * @param kernel flat HWIO `[kh, kw, cin, cout]` (cout = kernel.length / (kh·kw·cin)).
 */
export function conv2dMatrixOver<T>(_ar: Arithmetic<T>, kernel: ArrayLike<T>, g: ConvGeometry): SparseOver<T> {
  const cout = kernelLast('conv2dMatrixOver', kernel.length, g);
  return kernelMatrixOver(kernel, g, cout, 'full');
}

/** The matrix of a depthwise convolution (kernel `[kh, kw, cin, multiplier]`) over any arithmetic, as `conv2dMatrixOver`. */
export function depthwiseConv2dMatrixOver<T>(_ar: Arithmetic<T>, kernel: ArrayLike<T>, g: ConvGeometry): SparseOver<T> {
  const multiplier = kernelLast('depthwiseConv2dMatrixOver', kernel.length, g);
  return kernelMatrixOver(kernel, g, g.inChannels * multiplier, 'diagonal');
}

/** The average pooling matrix over any arithmetic: entries `avgPoolEntry(ar, count)`, built by `buildWindowMatrix`. */
export function avgPoolMatrixOver<T>(ar: Arithmetic<T>, g: ConvGeometry): SparseOver<T> {
  return poolMatrixOver(g, (count) => avgPoolEntry(ar, count));
}

/** The sum pooling matrix over any arithmetic: entries one, built by `buildWindowMatrix`. */
export function sumPoolMatrixOver<T>(ar: Arithmetic<T>, g: ConvGeometry): SparseOver<T> {
  return poolMatrixOver(g, () => ar.one);
}

/** The handles 0, 1, …, n − 1: a kernel whose every entry names itself. */
export function kernelHandles(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_v, i) => i);
}

/**
 * Replaces each stored value of a matrix built on handles by `table[handle]`. The structure
 * (rowPtr, colIndex) is shared, not copied.
 *
 * @throws LayerproofError for a stored value that is not a handle into `table`.
 */
export function fromHandles<T>(m: SparseMatrix, table: ArrayLike<T>): SparseOver<T> {
  // Allocated once: pushing a million entries one at a time is five times slower.
  const values = new Array<T>(m.values.length);
  for (let k = 0; k < m.values.length; k++) {
    const handle = m.values[k] as number;
    if (!Number.isInteger(handle) || handle < 0 || handle >= table.length) {
      throw LayerproofError.invalid({ op: 'fromHandles', argument: `values[${k}]`, value: handle, expected: `a handle: an integer in [0, ${table.length})` });
    }
    values[k] = table[handle] as T;
  }
  return { rows: m.rows, cols: m.cols, rowPtr: m.rowPtr, colIndex: m.colIndex, values };
}

/** The dense matrix of a `SparseOver`, zeros where nothing is stored. */
export function denseOver<T>(ar: Arithmetic<T>, s: SparseOver<T>): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < s.rows; i++) {
    const row = Array.from({ length: s.cols }, () => ar.zero);
    for (let k = s.rowPtr[i] as number; k < (s.rowPtr[i + 1] as number); k++) row[s.colIndex[k] as number] = s.values[k] as T;
    out.push(row);
  }
  return out;
}

/** y = S·x, each row summed from zero over its stored entries in column order (as `SparseMatrix.multiply`). */
export function multiplyOver<T>(ar: Arithmetic<T>, s: SparseOver<T>, x: ArrayLike<T>): T[] {
  if (x.length !== s.cols) {
    throw LayerproofError.invalid({ op: 'multiplyOver', argument: 'x.length', value: x.length, expected: `${s.cols}, the columns of the matrix` });
  }
  const y: T[] = [];
  for (let i = 0; i < s.rows; i++) {
    let sum = ar.zero;
    for (let k = s.rowPtr[i] as number; k < (s.rowPtr[i + 1] as number); k++) sum = ar.add(sum, ar.mul(s.values[k] as T, x[s.colIndex[k] as number] as T));
    y.push(sum);
  }
  return y;
}

function kernelMatrixOver<T>(kernel: ArrayLike<T>, g: ConvGeometry, cout: number, mode: WindowMode): SparseOver<T> {
  return fromHandles(buildWindowMatrix(g, cout, { kernel: kernelHandles(kernel.length) }, mode), kernel);
}

/** Pooling: the builder's value callback returns a handle into a side table of weights, one per count. */
function poolMatrixOver<T>(g: ConvGeometry, weight: (count: number) => T): SparseOver<T> {
  const table: T[] = [];
  const handleOfCount: number[] = [];
  const handle = (count: number): number => {
    let h = handleOfCount[count];
    if (h === undefined) {
      h = table.push(weight(count)) - 1;
      handleOfCount[count] = h;
    }
    return h;
  };
  const m = buildWindowMatrix(g, g.inChannels, (_row, _ci, _co, _tap, count) => handle(count), 'diagonal');
  return fromHandles(m, table);
}
