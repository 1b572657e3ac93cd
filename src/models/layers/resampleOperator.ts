import { LayerproofError } from '../../core/LayerproofError.js';
import type { ImageLayout } from '../../linear/conv2dMatrix.js';
import { resampleMatrix, resampleNnz, type AxisMap } from '../../linear/resampleMatrix.js';
import { checkRowRange, shapeSize, type AffineOperator } from '../AffineOperator.js';

export interface ResampleOperatorOptions {
  readonly kind: string;
  /** Maps along the height and the width axes. */
  readonly rows: AxisMap;
  readonly cols: AxisMap;
  readonly channels: number;
  readonly layout: ImageLayout;
  readonly note?: string;
}

/**
 * Zero padding, cropping and upsampling as an `AffineOperator` (T = A ⊗ B ⊗ I_C, no bias,
 * linear), built a row block at a time.
 */
export function resampleOperator(o: ResampleOperatorOptions): AffineOperator {
  const { rows: a, cols: b, channels: c } = o;
  const image = (h: number, w: number): number[] => (o.layout === 'channelsFirst' ? [c, h, w] : [h, w, c]);
  const inputShape = image(a.size, b.size);
  const outputShape = image(a.outSize, b.outSize);
  const rows = shapeSize(outputShape);
  if (rows === 0) {
    throw new LayerproofError(`Error in ${o.kind}: the output [${outputShape.join(', ')}] would be empty.`, { op: o.kind, value: outputShape });
  }
  return {
    kind: o.kind,
    inputShapes: [inputShape],
    outputShape,
    rows,
    cols: shapeSize(inputShape),
    nnz: resampleNnz(a, b, c),
    bias: new Float64Array(rows),
    activation: 'linear',
    ...(o.note !== undefined && { note: o.note }),
    rowBlock: (start, end) => {
      checkRowRange(`${o.kind}.rowBlock`, rows, start, end);
      return resampleMatrix(a, b, c, { start, end, layout: o.layout });
    },
  };
}
