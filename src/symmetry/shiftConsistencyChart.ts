import type { TopLevelSpec } from 'vega-lite';
import type { FlipConsistencyRow, ShiftConsistencyRow } from './shiftConsistency.js';

/**
 * Shift consistency per shift size as a small vega-lite chart: one line per mode (circular, zero
 * fill) over the shift sizes, the flips as dashed reference lines; render with `renderChart`.
 */
export function shiftConsistencyChart(shifts: readonly ShiftConsistencyRow[], flips: readonly FlipConsistencyRow[], title: string): TopLevelSpec {
  const y = { field: 'consistency', type: 'quantitative', title: 'top-1 class unchanged', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  const layers: Record<string, unknown>[] = [{
    data: { values: shifts.map((r) => ({ shift: r.size, series: `shift, ${r.mode === 'circular' ? 'circular' : 'zero fill'}`, consistency: r.consistency })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'shift', type: 'quantitative', title: 'shift (pixels, max(|a|, |b|))', axis: { tickMinStep: 1 } },
      y,
      color: { field: 'series', type: 'nominal', title: null },
    },
  }];
  if (flips.length > 0) {
    layers.push({
      data: { values: flips.map((r) => ({ series: `${r.flip} flip`, consistency: r.consistency })) },
      mark: { type: 'rule', strokeDash: [4, 3] },
      encoding: { y, color: { field: 'series', type: 'nominal', title: null } },
    });
  }
  // Plain data, checked by vega-lite when compiled; its TypeScript types are too deep to spell out.
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Shift consistency (Zhang 2019)', subtitle: title },
    config: { font: 'DejaVu Sans, Helvetica, Arial, sans-serif' },
    width: 260,
    height: 160,
    layer: layers,
  } as unknown as TopLevelSpec;
}
