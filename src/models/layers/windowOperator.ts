import { LayerproofError } from '../../core/LayerproofError.js';
import { buildWindowMatrix, windowMatrixNnz, type ImageLayout, type WindowEntries, type WindowMode } from '../../linear/conv2dMatrix.js';
import type { ConvGeometry } from '../../linear/convGeometry.js';
import type { SparseMatrix } from '../../linear/SparseMatrix.js';
import { buildTransposedWindowMatrix, type TransposedWindowValue } from '../../linear/transposedWindowMatrix.js';
import type { Activation } from '../activation.js';
import { rowBlockOperator, shapeSize, type AffineOperator } from '../AffineOperator.js';

interface WindowOperatorBase {
  /** The layer class. */
  readonly kind: string;
  /** Geometry of the sliding window C (for a transposed convolution: of the convolution it is the adjoint of). */
  readonly geometry: ConvGeometry;
  /** Output channels of C. */
  readonly cout: number;
  readonly mode: WindowMode;
  readonly layout: ImageLayout;
  /** The layer's input and output shapes without the batch (Conv1D: [steps, channels]). */
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** One bias per output channel of the layer; none: zeros. */
  readonly bias?: ArrayLike<number> | undefined;
  readonly activation: Activation;
  readonly note?: string | undefined;
}

export interface WindowOperatorOptions extends WindowOperatorBase {
  /** The entries: the kernel itself (fast) or a function of (row, ci, co, tap, count). */
  readonly value: WindowEntries;
}

export interface TransposedWindowOperatorOptions extends WindowOperatorBase {
  readonly value: TransposedWindowValue;
}

/** The bias vector of an image of `positions` cells and `channels` channels, from one bias per channel. */
function channelBias(bias: ArrayLike<number> | undefined, channels: number, positions: number, layout: ImageLayout): Float64Array {
  const out = new Float64Array(positions * channels);
  if (bias === undefined) return out;
  for (let c = 0; c < channels; c++) {
    const b = bias[c] as number;
    if (layout === 'channelsFirst') out.fill(b, c * positions, (c + 1) * positions);
    else for (let p = 0; p < positions; p++) out[p * channels + c] = b;
  }
  return out;
}

function make(o: WindowOperatorBase, rows: number, cols: number, channels: number, nnz: number, build: (start: number, end: number) => SparseMatrix): AffineOperator {
  if (shapeSize(o.outputShape) !== rows || shapeSize(o.inputShape) !== cols) {
    throw new LayerproofError(
      `Error in ${o.kind}: the window operator is ${rows}×${cols} but the layer maps [${o.inputShape.join(', ')}] to [${o.outputShape.join(', ')}].`,
      { op: o.kind, value: { rows, cols } },
    );
  }
  return rowBlockOperator({
    kind: o.kind, inputShapes: [o.inputShape], outputShape: o.outputShape, nnz,
    bias: channelBias(o.bias, channels, rows / channels, o.layout), activation: o.activation, note: o.note, build,
  });
}

/**
 * A convolution or pooling layer as an `AffineOperator` whose `rowBlock(start, end)` builds
 * those rows of T only (never all of T), with nnz counted exactly without building.
 */
export function windowOperator(o: WindowOperatorOptions): AffineOperator {
  const g = o.geometry;
  return make(
    o, g.outHeight * g.outWidth * o.cout, g.inHeight * g.inWidth * g.inChannels, o.cout, windowMatrixNnz(g, o.cout, o.mode),
    (start, end) => buildWindowMatrix(g, o.cout, o.value, o.mode, { start, end, layout: o.layout }),
  );
}

/**
 * A transposed convolution as an `AffineOperator`: T = Cᵀ for the convolution C of `geometry`
 * (which maps the layer's output space to its input space), built a row block at a time.
 */
export function transposedWindowOperator(o: TransposedWindowOperatorOptions): AffineOperator {
  const g = o.geometry;
  return make(
    o, g.inHeight * g.inWidth * g.inChannels, g.outHeight * g.outWidth * o.cout, g.inChannels, windowMatrixNnz(g, o.cout, o.mode),
    (start, end) => buildTransposedWindowMatrix(g, o.cout, o.value, o.mode, { start, end, layout: o.layout }),
  );
}
