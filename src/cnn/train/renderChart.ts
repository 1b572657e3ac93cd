import type { TopLevelSpec } from 'vega-lite';

/** A chart as SVG text and as PNG bytes. */
export interface RenderedChart {
  readonly svg: string;
  readonly png: Uint8Array;
}

/**
 * A vega-lite chart, compiled to vega and rendered headless to SVG (no canvas needed),
 * then rasterised by resvg at twice the size for a sharp PNG.
 */
export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  // Loaded on first use: vega alone takes about a second to import, and most users of the library never draw.
  const [vega, { compile }, { Resvg }] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: true } }).render().asPng();
    return { svg, png: new Uint8Array(png) };
  } finally {
    view.finalize();
  }
}
