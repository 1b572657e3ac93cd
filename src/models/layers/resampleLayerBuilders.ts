import { LayerproofError } from '../../core/LayerproofError.js';
import { axisMap, type AxisMap } from '../../linear/resampleMatrix.js';
import { ConvConfig, imageShape } from './convConfig.js';
import { affine, type LayerAnalysis, type LayerContext, type LayerOperatorRegistry } from './LayerOperatorBuilder.js';
import { resampleOperator } from './resampleOperator.js';

/** An axis shifted by `offset` (output o reads input o + offset; cells outside read zero padding). */
const shift = (size: number, outSize: number, offset: number): AxisMap => axisMap(size, outSize, (o) => [[o + offset, 1]]);

function padOrCrop(context: LayerContext, key: 'padding' | 'cropping'): LayerAnalysis {
  const c = new ConvConfig(context);
  const layout = c.dataFormat();
  const [h, w, channels] = c.image(layout);
  const [[top, bottom], [left, right]] = c.pairs(key);
  const sign = key === 'padding' ? 1 : -1;
  const [oh, ow] = [h + sign * (top + bottom), w + sign * (left + right)];
  if (oh < 1 || ow < 1) {
    throw LayerproofError.invalid({ op: c.op, argument: `config.${key}`, value: [[top, bottom], [left, right]], expected: `a cropping that leaves at least one cell of the ${h}×${w} input` });
  }
  c.expectOutput(imageShape(layout, oh, ow, channels));
  return affine(resampleOperator({
    kind: context.className, channels, layout,
    rows: shift(h, oh, key === 'padding' ? -top : top),
    cols: shift(w, ow, key === 'padding' ? -left : left),
  }));
}

/**
 * One axis of tf.image.resizeNearestNeighbor / resizeBilinear as tfjs-backend-cpu computes them
 * with alignCorners = false and halfPixelCenters = false (what tfjs-layers' UpSampling2D passes):
 * output o reads input o·(in/out), rounded down (nearest) or interpolated between its floor and
 * ceiling, the ceiling clamped to the last cell (bilinear).
 */
function upsampleAxis(size: number, factor: number, bilinear: boolean): AxisMap {
  const outSize = size * factor;
  const ratio = size / outSize;
  return axisMap(size, outSize, (o) => {
    const source = ratio * o;
    if (!bilinear) return [[Math.min(size - 1, Math.floor(source)), 1]];
    const low = Math.max(0, Math.floor(source));
    const frac = source - low;
    return [[low, 1 - frac], [Math.min(size - 1, Math.ceil(source)), frac]];
  });
}

function upSampling2d(context: LayerContext): LayerAnalysis {
  const c = new ConvConfig(context);
  const layout = c.dataFormat();
  const [h, w, channels] = c.image(layout);
  const [fh, fw] = c.tuple('size', 2, 2) as [number, number];
  const interpolation = c.choice('interpolation', ['nearest', 'bilinear']);
  c.expectOutput(imageShape(layout, h * fh, w * fw, channels));
  const bilinear = interpolation === 'bilinear';
  return affine(resampleOperator({
    kind: context.className, channels, layout,
    rows: upsampleAxis(h, fh, bilinear),
    cols: upsampleAxis(w, fw, bilinear),
    note: bilinear
      ? 'bilinear as TensorFlow.js 4.22 computes it (resizeBilinear, alignCorners and halfPixelCenters false): output o reads input o/s, ' +
        'interpolating its floor and ceiling, the last rows and columns clamped to the border. Keras (TF 2) uses half-pixel centres, ' +
        '(o + ½)/s − ½, so a Keras model upsampled bilinearly computes other values in TensorFlow.js.'
      : 'nearest: output o copies input ⌊o/s⌋, each cell repeated s times, as in Keras.',
  }));
}

/** Padding, cropping and upsampling layers by class name. */
export const RESAMPLE_LAYER_BUILDERS: LayerOperatorRegistry = {
  ZeroPadding2D: (context) => padOrCrop(context, 'padding'),
  Cropping2D: (context) => padOrCrop(context, 'cropping'),
  UpSampling2D: upSampling2d,
};
