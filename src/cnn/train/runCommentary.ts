import type { ModelSpec } from '../LayerSpec.js';
import { inferShapes } from '../inferShapes.js';
import type { EpochMetrics } from './EpochMetrics.js';
import type { TrainingConfiguration } from './TrainingConfiguration.js';
import type { FeatureMaps } from './writeFeatureMaps.js';

const SINGULAR = {
  'vertical edge': 'vertical edge', 'horizontal edge': 'horizontal edge', 'diagonal edge': 'diagonal edge',
  blob: 'blob (centre against surround)', smooth: 'smooth (low-pass) filter', irregular: 'without a clear pattern',
} as const;
const PLURAL = {
  'vertical edge': 'vertical edges', 'horizontal edge': 'horizontal edges', 'diagonal edge': 'diagonal edges',
  blob: 'blobs (centre against surround)', smooth: 'smooth (low-pass) filters', irregular: 'without a clear pattern',
} as const;

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/**
 * The short commentary of report.html, generated from what was measured: how the layers
 * change the shape of the input, how much of each activation is zero, what the first
 * layer's filters look like, and what the learning curves of the chosen configuration say.
 */
export function runCommentary(config: TrainingConfiguration, maps: FeatureMaps, chosenMetrics: readonly EpochMetrics[], retrained: boolean): string[] {
  const spec: ModelSpec = config.spec;
  const inferred = inferShapes(spec);
  const paragraphs: string[] = [];
  const images = inferred.filter((l) => l.outputShape.length === 3);
  const sizes = [spec.inputShape, ...images.map((l) => l.outputShape)];
  const spatial = [...new Set(sizes.map((s) => `${s[0]}×${s[1]}`))];
  const channels = [...new Set(sizes.map((s) => s[2]))];
  const params = inferred.reduce((n, l) => n + l.params, 0);
  paragraphs.push(
    `Shapes. The ${spec.inputShape.join('×')} input passes ${inferred.length} layers (${params.toLocaleString('en-US')} parameters). ` +
      `Its spatial size goes ${spatial.join(' → ')} (only the poolings and 'valid' convolutions shrink it) while the channels go ` +
      `${channels.join(' → ')}: the network trades where things are for what they are. The last image-shaped layer ` +
      `(${images[images.length - 1]?.label ?? 'none'}, ${images[images.length - 1]?.outputShape.join('×') ?? '-'}) is flattened into ` +
      `${inferred.find((l) => l.spec.kind === 'flatten')?.outputShape[0] ?? '?'} numbers for the classifier.`,
  );
  const rectified = maps.layers.filter((l) => {
    const s = inferred[l.index - 1]?.spec;
    return s !== undefined && (s.kind === 'relu' || ((s.kind === 'conv2d' || s.kind === 'dense') && s.activation === 'relu'));
  });
  if (rectified.length > 0) {
    const first = rectified[0];
    const last = rectified[rectified.length - 1];
    const dense = rectified.filter((l) => l.outputShape.length === 1);
    paragraphs.push(
      `Zeros. ReLU sets every negative pre-activation to zero, so its outputs are sparse: on the ${maps.images.length} chosen test image(s), ` +
        `${rectified.map((l) => `${inferred[l.index - 1]?.spec.name ?? l.label} ${pct(l.zeroFraction)}`).join(', ')} of the entries are exactly 0` +
        (first !== undefined && last !== undefined && first !== last
          ? `; from ${pct(first.zeroFraction)} after the first to ${pct(last.zeroFraction)} after the last.`
          : '.') +
        (dense.length > 0 ? ' A unit that is zero on almost every image carries no information for those images.' : '') +
        ' Max pooling keeps the largest value of each window, so a pooled map has fewer zeros than the map it pools whenever a window holds any positive value.',
    );
  }
  if (maps.filters.length > 0) {
    const count = (pred: (f: FeatureMaps['filters'][number]) => boolean): number => maps.filters.filter(pred).length;
    const structures = ['vertical edge', 'horizontal edge', 'diagonal edge', 'blob', 'smooth', 'irregular'] as const;
    const parts = structures.map((s) => [s, count((f) => f.structure === s)] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${n === 1 ? SINGULAR[s] : PLURAL[s]}`);
    const opponent = count((f) => f.colour === 'colour-opponent');
    const single = count((f) => f.colour === 'colour');
    const grey = count((f) => f.colour === 'grey');
    paragraphs.push(
      `First-layer filters. Of the ${maps.filters.length} filters of the first convolution, ${opponent} ${opponent === 1 ? 'is' : 'are'} colour-opponent ` +
        `(red, green and blue weights of opposite signs: one colour against another), ${single} ${single === 1 ? 'weighs' : 'weigh'} ` +
        `mostly one channel, and ${grey} ${grey === 1 ? 'treats' : 'treat'} the channels alike (brightness). By their spatial pattern: ${parts.join(', ')}. ` +
        'Edges and colour contrasts are what the first layer of a trained CNN usually looks for; the feature maps show where each filter fired on the input. ' +
        '(A rough classification by the signs and differences of the weights, not a measurement of what each filter detects.)',
    );
  }
  const best = [...chosenMetrics].filter((m) => m.validationAccuracy !== undefined).sort((a, b) => (b.validationAccuracy ?? 0) - (a.validationAccuracy ?? 0))[0];
  const last = chosenMetrics[chosenMetrics.length - 1];
  if (best?.validationAccuracy !== undefined && last !== undefined) {
    const gap = best.trainAccuracy - best.validationAccuracy;
    paragraphs.push(
      `Learning curves. The chosen configuration was best on validation at epoch ${best.epoch} of ${last.epoch} ` +
        `(${pct(best.validationAccuracy)} on validation, ${pct(best.trainAccuracy)} on its training batches). ` +
        (gap > 0.1
          ? `Training accuracy runs ${pct(gap)} above validation accuracy there: the network fits its training images better than new ones (overfitting); more data, augmentation or weight decay narrow that gap.`
          : gap < -0.02
            ? `Validation accuracy is above training accuracy there: training accuracy is averaged over the epoch while the weights still improve, in training mode${config.augment ? ' on augmented images' : ''}, and validation accuracy is measured at the epoch's end, at inference.`
            : 'Training and validation accuracy are close there: the network is not overfitting much yet.') +
        (retrained
          ? ' The model tested was then retrained with this configuration on training and validation images together, for all its epochs.'
          : best.epoch < last.epoch ? ` The model tested is the one of epoch ${best.epoch}, not the last one.` : ''),
    );
  }
  return paragraphs;
}
