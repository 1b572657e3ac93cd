import type { TopLevelSpec } from 'vega-lite';
import type { EpochMetrics } from './EpochMetrics.js';

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/**
 * The specs below are plain data checked by vega-lite itself when compiled (it warns on
 * anything it does not understand); its TypeScript types are too deep to spell out here.
 */
function asVegaLite(spec: Record<string, unknown>): TopLevelSpec {
  return spec as unknown as TopLevelSpec;
}

/**
 * One panel of a side-by-side figure: the rows whose `panel` is `name`, `value` against epoch,
 * one line per `color` field, points drawn while there are few enough to read.
 */
function curvePanel(name: string, format: string, points: boolean, color: Record<string, unknown>): Record<string, unknown> {
  return {
    title: name,
    width: 300,
    height: 200,
    transform: [{ filter: { field: 'panel', equal: name } }],
    mark: { type: 'line', point: points },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: name, axis: { format }, scale: { zero: false } },
      color,
    },
  };
}

/**
 * Learning curves of one configuration: loss and accuracy per epoch, training against
 * validation, side by side. Training figures are measured on the augmented batches in
 * training mode, validation ones at inference; a gap between them is what to read.
 */
export function configurationCurvesSpec(title: string, metrics: readonly EpochMetrics[]): TopLevelSpec {
  const rows = metrics.flatMap((m) => [
    { epoch: m.epoch, panel: 'loss (cross-entropy)', split: 'training', value: m.trainLoss },
    { epoch: m.epoch, panel: 'accuracy', split: 'training', value: m.trainAccuracy },
    ...(m.validationLoss === undefined ? [] : [{ epoch: m.epoch, panel: 'loss (cross-entropy)', split: 'validation', value: m.validationLoss }]),
    ...(m.validationAccuracy === undefined ? [] : [{ epoch: m.epoch, panel: 'accuracy', split: 'validation', value: m.validationAccuracy }]),
  ]);
  const split = { field: 'split', type: 'nominal', scale: { domain: ['training', 'validation'], range: ['#1f77b4', '#d62728'] } };
  const panel = (name: string, format: string): Record<string, unknown> => curvePanel(name, format, rows.length < 80, split);
  return asVegaLite({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: { font: FONT },
    data: { values: rows },
    hconcat: [panel('loss (cross-entropy)', '.3f'), panel('accuracy', '.0%')],
  });
}

/** All configurations of the search on one figure: validation accuracy and loss per epoch, one colour each. */
export function overviewCurvesSpec(metrics: readonly EpochMetrics[]): TopLevelSpec {
  const rows = metrics
    .filter((m) => m.phase === 'search' && m.validationAccuracy !== undefined && m.validationLoss !== undefined)
    .flatMap((m) => [
      { epoch: m.epoch, configuration: m.configuration, panel: 'validation accuracy', value: m.validationAccuracy },
      { epoch: m.epoch, configuration: m.configuration, panel: 'validation loss', value: m.validationLoss },
    ]);
  const panel = (name: string, format: string): Record<string, unknown> =>
    curvePanel(name, format, rows.length < 200, { field: 'configuration', type: 'nominal' });
  return asVegaLite({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'The search: every configuration on the validation split',
    config: { font: FONT },
    data: { values: rows },
    hconcat: [panel('validation accuracy', '.0%'), panel('validation loss', '.3f')],
  });
}

/** The confusion matrix of the test set as a heat map with counts: rows the true class, columns the prediction. */
export function confusionMatrixSpec(confusion: readonly (readonly number[])[], classNames: readonly string[], title: string): TopLevelSpec {
  const rows = confusion.flatMap((row, t) => row.map((count, p) => ({
    true: classNames[t] ?? String(t), predicted: classNames[p] ?? String(p), count,
    share: count / Math.max(1, row.reduce((a, b) => a + b, 0)),
  })));
  return asVegaLite({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    config: { font: FONT },
    data: { values: rows },
    width: 360,
    height: 360,
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: [...classNames], axis: { labelAngle: -45 } },
      y: { field: 'true', type: 'nominal', sort: [...classNames] },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'share', type: 'quantitative', title: 'share of the row', scale: { scheme: 'viridis', domain: [0, 1] } } } },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.share > 0.5', value: 'black' }, value: 'white' },
        },
      },
    ],
  });
}
