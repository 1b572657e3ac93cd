import { LayerproofError } from '../core/LayerproofError.js';
import type { SparseMatrix } from '../linear/SparseMatrix.js';
import type { Activation } from './activation.js';

/**
 * A layer or op of a TensorFlow.js model written as an affine map of its inputs, with the
 * element-wise activation that follows it:
 *
 * $$\operatorname{vec}(y) = \operatorname{act}\big(T\,[\operatorname{vec}(x_1); \dots; \operatorname{vec}(x_k)] + b\big)$$
 *
 * Inputs are vectorised row-major without the batch (NHWC for images, as TensorFlow.js keeps
 * them) and stacked in order: the columns of input j start at Σ_{i<j} size(x_i). T is never
 * required whole: `rowBlock(start, end)` builds rows [start, end) only, so a layer whose T would
 * not fit in memory is built and checked a block at a time.
 */
export interface AffineOperator {
  /** The layer class (`Conv2D`) or graph op (`_FusedConv2D`) it was built from. */
  readonly kind: string;
  /** One shape per input, without the batch dimension. */
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** size(outputShape). */
  readonly rows: number;
  /** Σ size(inputShapes). */
  readonly cols: number;
  /** Exact number of stored entries of T (counted without building T). */
  readonly nnz: number;
  /** b, one entry per row (zeros for a layer without bias). */
  readonly bias: Float64Array;
  /** Applied element-wise (softmax: along the last axis) after T·x + b, in float64. */
  readonly activation: Activation;
  /** What a reader should know about this operator (e.g. Conv2DTranspose is the adjoint of a convolution). */
  readonly note?: string;
  /** Rows [start, end) of T as a CSR matrix of end − start rows and `cols` columns. */
  rowBlock(start: number, end: number): SparseMatrix;
}

/** Checks a row range against an operator's rows, for `rowBlock` implementations. */
export function checkRowRange(op: string, rows: number, start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > rows || start > end) {
    throw LayerproofError.invalid({ op, argument: '[start, end)', value: [start, end], expected: `integers with 0 ≤ start ≤ end ≤ ${rows}` });
  }
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export interface RowBlockOperatorOptions {
  readonly kind: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** Exact number of stored entries of T. */
  readonly nnz: number;
  /** Default zeros. */
  readonly bias?: Float64Array;
  /** Default `'linear'`. */
  readonly activation?: Activation;
  readonly note?: string | undefined;
  /** The name errors give (default `kind`). */
  readonly op?: string;
  /** Builds rows [start, end) of T (the range is checked before). */
  readonly build: (start: number, end: number) => SparseMatrix;
}

/**
 * The one assembly of an `AffineOperator` from its shapes and a builder of row blocks: rows and
 * columns derived from the shapes, the bias checked against them, `rowBlock`'s range checked.
 */
export function rowBlockOperator(options: RowBlockOperatorOptions): AffineOperator {
  const { kind, build } = options;
  const rows = shapeSize(options.outputShape);
  const cols = options.inputShapes.reduce((a, s) => a + shapeSize(s), 0);
  const bias = options.bias ?? new Float64Array(rows);
  if (bias.length !== rows) {
    throw LayerproofError.invalid({ op: options.op ?? kind, argument: 'bias.length', value: bias.length, expected: `${rows}, one entry per output element` });
  }
  return {
    kind,
    inputShapes: options.inputShapes,
    outputShape: options.outputShape,
    rows,
    cols,
    nnz: options.nnz,
    bias,
    activation: options.activation ?? 'linear',
    ...(options.note !== undefined && { note: options.note }),
    rowBlock: (start, end) => {
      checkRowRange(`${kind}.rowBlock`, rows, start, end);
      return build(start, end);
    },
  };
}

export interface MatrixOperatorOptions {
  readonly kind: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  readonly matrix: SparseMatrix;
  /** Default zeros. */
  readonly bias?: Float64Array;
  /** Default `'linear'`. */
  readonly activation?: Activation;
  readonly note?: string;
}

/**
 * An `AffineOperator` over a matrix that is already built whole (small layers, and the CSR
 * builders of `src/linear`): `rowBlock` slices it.
 */
export function matrixOperator(options: MatrixOperatorOptions): AffineOperator {
  const { matrix, kind } = options;
  const rows = shapeSize(options.outputShape);
  const cols = options.inputShapes.reduce((a, s) => a + shapeSize(s), 0);
  if (matrix.rows !== rows || matrix.cols !== cols) {
    throw new LayerproofError(
      `Error in matrixOperator(${kind}): the matrix is ${matrix.rows}×${matrix.cols} but the shapes need ${rows}×${cols} ` +
        `(output [${options.outputShape.join(', ')}], inputs ${options.inputShapes.map((s) => `[${s.join(', ')}]`).join(', ')}).`,
      { op: `matrixOperator(${kind})`, value: [matrix.rows, matrix.cols] },
    );
  }
  const { matrix: _matrix, ...rest } = options;
  return rowBlockOperator({
    ...rest,
    kind,
    op: `matrixOperator(${kind})`,
    nnz: matrix.nnz,
    build: (start, end) => (start === 0 && end === rows ? matrix : matrix.rowSlice(start, end)),
  });
}
