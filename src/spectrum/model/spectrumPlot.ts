import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { LayerproofError } from '../../core/LayerproofError.js';
import type { CircularLayerSpectrum } from './spectrumReport.js';

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Points drawn per layer: the spectrum is sampled at evenly spaced ranks, first and last kept. */
const POINTS_PER_LAYER = 400;

/**
 * The sorted singular values of each circular convolution on one log-scale chart: x is the rank
 * as a share of the layer's count (so layers of different sizes overlay), y the singular value.
 * Zeros cannot be drawn on a log scale: they are counted in the legend instead.
 */
export function spectrumPlotSpec(spectra: readonly CircularLayerSpectrum[]): TopLevelSpec {
  const rows = spectra.flatMap((s) => {
    const n = s.values.length;
    const zeros = s.values.filter((v) => !(v > 0)).length;
    const label = `${s.name} (${s.grid[0]}×${s.grid[1]} grid${zeros > 0 ? `, ${zeros} zero${zeros === 1 ? '' : 's'} not drawn` : ''})`;
    const count = Math.min(n, POINTS_PER_LAYER);
    const picks = new Set(Array.from({ length: count }, (_v, i) => (count === 1 ? 0 : Math.round((i * (n - 1)) / (count - 1)))));
    return [...picks].flatMap((i) => {
      const value = s.values[i] ?? 0;
      return value > 0 ? [{ layer: label, rank: n === 1 ? 0 : i / (n - 1), value }] : [];
    });
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Singular values of each convolution with circular padding, sorted', subtitle: 'every σ of T on the layer\'s input grid (Sedghi, Gupta & Long), log scale' },
    config: { font: FONT },
    width: 480,
    height: 300,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'rank', type: 'quantitative', title: 'rank / number of singular values', axis: { format: '.0%' } },
      y: { field: 'value', type: 'quantitative', title: 'singular value σ', scale: { type: 'log' } },
      color: { field: 'layer', type: 'nominal', title: 'layer' },
    },
  } as unknown as TopLevelSpec;
}

/** Draws the chart to `file`: SVG for `.svg`, PNG for `.png`, through the renderer the trainer's report uses. */
export async function writeSpectrumPlot(file: string, spectra: readonly CircularLayerSpectrum[]): Promise<void> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.png' && ext !== '.svg') {
    throw LayerproofError.invalid({ op: 'writeSpectrumPlot', argument: 'file', value: file, expected: 'a file name ending in .png or .svg' });
  }
  const { renderChart } = await import('../../cnn/train/renderChart.js');
  const chart = await renderChart(spectrumPlotSpec(spectra));
  await writeFile(file, ext === '.svg' ? chart.svg : chart.png);
}
