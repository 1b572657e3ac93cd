import { interpolateViridis } from 'd3-scale-chromatic';
import { PNG } from 'pngjs';

let viridis: Uint8Array | undefined;

/** Viridis (perceptually uniform, readable in grey and by colour-blind readers) as a 256-entry RGB table. */
function viridisTable(): Uint8Array {
  if (viridis !== undefined) return viridis;
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const hex = interpolateViridis(i / 255);
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
    const rgb = m === null ? /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(hex)?.slice(1) : m.slice(1).map((h) => String(parseInt(h, 16)));
    for (let c = 0; c < 3; c++) table[3 * i + c] = Number(rgb?.[c] ?? 0);
  }
  viridis = table;
  return table;
}

export interface FeatureGridOptions {
  /** Cells per row of the grid. Default ⌈√channels⌉. */
  readonly columns?: number;
  /** Pixels per activation. Default: enough for a cell of at least 64 pixels. */
  readonly scale?: number;
  /** Gap between cells in pixels. Default 2. */
  readonly gap?: number;
}

/**
 * Every channel of one activation map `[h, w, c]` (NHWC, one image) as a grid of cells in a
 * PNG, each channel scaled from its own minimum (dark) to its maximum (bright) through the
 * viridis colour map; a constant channel (a dead ReLU, say) is drawn all dark.
 */
export function renderFeatureGrid(values: ArrayLike<number>, shape: readonly [number, number, number], options: FeatureGridOptions = {}): Uint8Array {
  const [h, w, c] = shape;
  const columns = options.columns ?? Math.ceil(Math.sqrt(c));
  const rows = Math.ceil(c / columns);
  const scale = options.scale ?? Math.max(1, Math.ceil(64 / Math.max(h, w)));
  const gap = options.gap ?? 2;
  const width = columns * w * scale + (columns + 1) * gap;
  const height = rows * h * scale + (rows + 1) * gap;
  const png = new PNG({ width, height });
  png.data.fill(255);
  const table = viridisTable();
  for (let ch = 0; ch < c; ch++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = 0; p < h * w; p++) {
      const v = values[p * c + ch] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi - lo;
    const x0 = gap + (ch % columns) * (w * scale + gap);
    const y0 = gap + Math.floor(ch / columns) * (h * scale + gap);
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const v = values[(Math.floor(y / scale) * w + Math.floor(x / scale)) * c + ch] as number;
        const level = range > 0 && Number.isFinite(range) ? Math.round(((v - lo) / range) * 255) : 0;
        const o = ((y0 + y) * width + x0 + x) * 4;
        png.data[o] = table[3 * level] as number;
        png.data[o + 1] = table[3 * level + 1] as number;
        png.data[o + 2] = table[3 * level + 2] as number;
        png.data[o + 3] = 255;
      }
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

/** An RGB image (bytes 0–255, `[h, w, 3]`) enlarged `scale` times without smoothing, as a PNG. */
export function renderRgbImage(pixels: ArrayLike<number>, shape: readonly [number, number], scale = 4): Uint8Array {
  const [h, w] = shape;
  const png = new PNG({ width: w * scale, height: h * scale });
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) {
      const s = (Math.floor(y / scale) * w + Math.floor(x / scale)) * 3;
      const o = (y * w * scale + x) * 4;
      for (let k = 0; k < 3; k++) png.data[o + k] = Math.max(0, Math.min(255, Math.round(pixels[s + k] as number)));
      png.data[o + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}
