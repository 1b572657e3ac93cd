/** What a first-layer filter looks like, in words a reader can check against the picture. */
export interface FilterDescription {
  readonly filter: number;
  /** `colour-opponent` (channels of opposite sign), `colour` (one channel dominates), or `grey` (channels alike). */
  readonly colour: 'colour-opponent' | 'colour' | 'grey';
  /** `vertical edge`, `horizontal edge`, `diagonal edge`, `blob` (centre against surround), `smooth` (low-pass) or `irregular` (none of these: untrained filters look like this). */
  readonly structure: 'vertical edge' | 'horizontal edge' | 'diagonal edge' | 'blob' | 'smooth' | 'irregular';
}

/**
 * Classifies the filters of the first convolution (`[kh, kw, 3, filters]`, HWIO) by colour
 * (signs and sizes of their summed R, G, B weights) and by spatial structure (energy of
 * horizontal against vertical differences of the channel-summed kernel, centre against
 * surround). A rough reading for the commentary, not a measurement of what a filter detects.
 */
export function describeFirstLayerFilters(kernel: ArrayLike<number>, shape: readonly number[]): FilterDescription[] {
  const [kh = 1, kw = 1, cin = 1, filters = 0] = shape;
  const at = (y: number, x: number, c: number, f: number): number => kernel[((y * kw + x) * cin + c) * filters + f] as number;
  const out: FilterDescription[] = [];
  for (let f = 0; f < filters; f++) {
    const perChannel = Array.from({ length: cin }, (_v, c) => {
      let s = 0;
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) s += at(y, x, c, f);
      return s;
    });
    const magnitudes = perChannel.map(Math.abs);
    const total = magnitudes.reduce((a, b) => a + b, 0);
    const hasPositive = perChannel.some((v) => v > 0.15 * total);
    const hasNegative = perChannel.some((v) => v < -0.15 * total);
    const colour: FilterDescription['colour'] = hasPositive && hasNegative ? 'colour-opponent'
      : Math.max(...magnitudes) > 0.6 * total && cin > 1 ? 'colour' : 'grey';
    // Channel-summed kernel: its spatial pattern.
    const g = (y: number, x: number): number => {
      let s = 0;
      for (let c = 0; c < cin; c++) s += at(y, x, c, f);
      return s;
    };
    let dx = 0;
    let dy = 0;
    let diagonalDown = 0;
    let diagonalUp = 0;
    let energy = 0;
    let mean = 0;
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) {
        const v = g(y, x);
        energy += v * v;
        mean += v;
        if (x + 1 < kw) dx += (g(y, x + 1) - v) ** 2;
        if (y + 1 < kh) dy += (g(y + 1, x) - v) ** 2;
        if (x + 1 < kw && y + 1 < kh) diagonalDown += (g(y + 1, x + 1) - v) ** 2;
        if (x >= 1 && y + 1 < kh) diagonalUp += (g(y + 1, x - 1) - v) ** 2;
      }
    }
    mean /= kh * kw;
    const rms = Math.sqrt(energy / (kh * kw));
    const centre = g(Math.floor(kh / 2), Math.floor(kw / 2));
    let structure: FilterDescription['structure'];
    if (dx + dy < 0.5 * energy && Math.abs(mean) > 0.5 * rms) structure = 'smooth';
    else if (dx > 2 * dy) structure = 'vertical edge';
    else if (dy > 2 * dx) structure = 'horizontal edge';
    // An edge along one diagonal changes little along it and much across it.
    else if (Math.min(diagonalDown, diagonalUp) < 0.4 * Math.max(diagonalDown, diagonalUp)) structure = 'diagonal edge';
    else if (Math.abs(centre - mean) > 1.5 * rms) structure = 'blob';
    else structure = 'irregular';
    out.push({ filter: f, colour, structure });
  }
  return out;
}
