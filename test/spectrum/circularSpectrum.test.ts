import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LayerproofError } from '../../src/core/LayerproofError.js';
import { compareArrays, describeComparison, tolerances } from '../../src/core/tolerance.js';
import { circularNormBound } from '../../src/spectrum/circularNormBound.js';
import { circularSpectrum } from '../../src/spectrum/circularSpectrum.js';
import { realEmbedding, type ComplexMatrix } from '../../src/spectrum/complexSingularValues.js';
import { frequencyMatrix } from '../../src/spectrum/frequencyMatrix.js';
import { circularMatrix, denseSingularValues, uniformData, type CircularCase } from './support/denseOperators.js';

/** Small circular convolutions: kernel ≤ 3×3, ≤ 3 channels, strides and dilations ≤ 2, grids ≤ 8. */
const caseArb: fc.Arbitrary<CircularCase & { readonly seed: number }> = fc
  .record({
    kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
    cin: fc.integer({ min: 1, max: 3 }), last: fc.integer({ min: 1, max: 3 }),
    s1: fc.integer({ min: 1, max: 2 }), s2: fc.integer({ min: 1, max: 2 }),
    d1: fc.integer({ min: 1, max: 2 }), d2: fc.integer({ min: 1, max: 2 }),
    extra1: fc.integer({ min: 0, max: 3 }), extra2: fc.integer({ min: 0, max: 3 }),
    depthwise: fc.boolean(), seed: fc.nat(),
  })
  .map((r) => {
    // The smallest multiple of the stride that holds the kernel's span, plus a few strides.
    const grid = (span: number, s: number, extra: number): number => (Math.ceil(span / s) + extra) * s;
    const n1 = Math.min(grid((r.kh - 1) * r.d1 + 1, r.s1, r.extra1), 8 - (8 % r.s1));
    const n2 = Math.min(grid((r.kw - 1) * r.d2 + 1, r.s2, r.extra2), 8 - (8 % r.s2));
    return {
      kernel: { shape: [r.kh, r.kw, r.cin, r.last] as [number, number, number, number], data: uniformData(r.kh * r.kw * r.cin * r.last, r.seed) },
      grid: [n1, n2] as const, strides: [r.s1, r.s2] as const, dilations: [r.d1, r.d2] as const, depthwise: r.depthwise, seed: r.seed,
    };
  })
  .filter((c) => c.grid[0] >= ((c.kernel.shape[0] - 1) * (c.dilations?.[0] ?? 1)) + 1 && c.grid[1] >= ((c.kernel.shape[1] - 1) * (c.dilations?.[1] ?? 1)) + 1);

function describeCircular(c: CircularCase): string {
  return `k=[${c.kernel.shape.join(',')}]${c.depthwise === true ? ' depthwise' : ''} grid=${c.grid.join('x')} s=${(c.strides ?? [1, 1]).join('x')} d=${(c.dilations ?? [1, 1]).join('x')}`;
}

type PerFrequency = (c: CircularCase, omega: readonly [number, number], channel: number) => ComplexMatrix;

const library: PerFrequency = (c, omega, channel) => frequencyMatrix(c.kernel, c.grid, omega, { ...c, channel });
/** Negative control: the DFT with the opposite sign, e^{−2πi⟨ω, j⟩/m}, i.e. conj P(ω). */
const conjugated: PerFrequency = (c, omega, channel) => {
  const p = library(c, omega, channel);
  return { ...p, im: p.im.map((v) => -v) };
};
/** Negative control: the per-frequency matrix transposed (cin × cout read as cout × cin). */
const transposed: PerFrequency = (c, omega, channel) => {
  const p = library(c, omega, channel);
  const re = new Float64Array(p.re.length);
  const im = new Float64Array(p.im.length);
  for (let i = 0; i < p.rows; i++) for (let j = 0; j < p.cols; j++) {
    re[j * p.rows + i] = p.re[i * p.cols + j] ?? 0;
    im[j * p.rows + i] = p.im[i * p.cols + j] ?? 0;
  }
  return { rows: p.cols, cols: p.rows, re, im };
};

/**
 * The lemma behind Sedghi's theorem, checked on the dense circular T: for every output frequency ω,
 * every polyphase input mode x[s·j + φ, c] = e^{2πi⟨ω, j⟩/m}·u[φ, c] (u random complex) is mapped to
 * y[p] = e^{2πi⟨ω, p⟩/m}·P(ω)u. Returns the first failure, or undefined.
 */
function lemmaFailure(c: CircularCase, perFrequency: PerFrequency, seed: number): string | undefined {
  const t = circularMatrix(c);
  const [, , cin, last] = c.kernel.shape;
  const depthwise = c.depthwise === true;
  const [n1, n2] = c.grid;
  const [s1, s2] = c.strides ?? [1, 1];
  const [m1, m2] = [n1 / s1, n2 / s2];
  const cout = depthwise ? cin * last : last;
  const components = depthwise ? cin : 1;
  const inPer = depthwise ? 1 : cin;
  const outPer = depthwise ? last : cout;
  for (let w1 = 0; w1 < m1; w1++) for (let w2 = 0; w2 < m2; w2++) for (let channel = 0; channel < components; channel++) {
    const p = perFrequency(c, [w1, w2], channel);
    if (p.rows !== outPer || p.cols !== s1 * s2 * inPer) return `ω=(${w1},${w2}): P is ${p.rows}×${p.cols}, expected ${outPer}×${s1 * s2 * inPer}`;
    const ur = uniformData(p.cols, seed + w1 * 31 + w2 * 7 + channel);
    const ui = uniformData(p.cols, seed + 1000 + w1 * 31 + w2 * 7 + channel);
    // x and the expected y, real and imaginary parts.
    const xr = new Float64Array(n1 * n2 * cin);
    const xi = new Float64Array(n1 * n2 * cin);
    for (let q1 = 0; q1 < n1; q1++) for (let q2 = 0; q2 < n2; q2++) for (let ci = 0; ci < inPer; ci++) {
      const a = (2 * Math.PI * (w1 * Math.floor(q1 / s1))) / m1 + (2 * Math.PI * (w2 * Math.floor(q2 / s2))) / m2;
      const col = ((q1 % s1) * s2 + (q2 % s2)) * inPer + ci;
      const at = (q1 * n2 + q2) * cin + (depthwise ? channel : ci);
      xr[at] = Math.cos(a) * (ur[col] ?? 0) - Math.sin(a) * (ui[col] ?? 0);
      xi[at] = Math.sin(a) * (ur[col] ?? 0) + Math.cos(a) * (ui[col] ?? 0);
    }
    const outR = new Float64Array(m1 * m2 * cout);
    const outI = new Float64Array(m1 * m2 * cout);
    const expR = new Float64Array(m1 * m2 * cout);
    const expI = new Float64Array(m1 * m2 * cout);
    for (let row = 0; row < t.rows; row++) {
      let sr = 0;
      let si = 0;
      for (let col = 0; col < t.columns; col++) {
        const v = t.get(row, col);
        if (v === 0) continue;
        sr += v * (xr[col] ?? 0);
        si += v * (xi[col] ?? 0);
      }
      outR[row] = sr;
      outI[row] = si;
    }
    for (let p1 = 0; p1 < m1; p1++) for (let p2 = 0; p2 < m2; p2++) for (let o = 0; o < outPer; o++) {
      let pr = 0;
      let pi = 0;
      for (let j = 0; j < p.cols; j++) {
        const a = p.re[o * p.cols + j] ?? 0;
        const b = p.im[o * p.cols + j] ?? 0;
        pr += a * (ur[j] ?? 0) - b * (ui[j] ?? 0);
        pi += a * (ui[j] ?? 0) + b * (ur[j] ?? 0);
      }
      const angle = (2 * Math.PI * w1 * p1) / m1 + (2 * Math.PI * w2 * p2) / m2;
      const at = (p1 * m2 + p2) * cout + (depthwise ? channel * last + o : o);
      expR[at] = Math.cos(angle) * pr - Math.sin(angle) * pi;
      expI[at] = Math.sin(angle) * pr + Math.cos(angle) * pi;
    }
    const cr = compareArrays(outR, expR, tolerances.float64);
    const ci2 = compareArrays(outI, expI, tolerances.float64);
    if (!cr.ok || !ci2.ok) return `ω=(${w1},${w2}) channel ${channel}: ${describeComparison(cr.ok ? ci2 : cr)}`;
  }
  return undefined;
}

describe('the 2-D DFT block-diagonalises a circular convolution (lemma)', () => {
  test.prop([caseArb], { numRuns: 40 })('T maps each polyphase Fourier mode through P(ω) (frequencyMatrix)', (c) => {
    const failure = lemmaFailure(c, library, c.seed);
    expect(failure, describeCircular(c)).toBeUndefined();
  });

  it('negative control: a conjugated DFT sign is caught (k=[2,3,2,2] grid=5x6)', () => {
    const c: CircularCase = { kernel: { shape: [2, 3, 2, 2], data: uniformData(24, 3) }, grid: [5, 6] };
    expect(lemmaFailure(c, library, 1)).toBeUndefined();
    expect(lemmaFailure(c, conjugated, 1)).toMatch(/ω=/);
  });

  it('negative control: a transposed per-frequency matrix is caught (k=[3,3,2,2] grid=4x4, cin = cout)', () => {
    const c: CircularCase = { kernel: { shape: [3, 3, 2, 2], data: uniformData(36, 4) }, grid: [4, 4] };
    expect(lemmaFailure(c, transposed, 1)).toMatch(/ω=/);
  });

  test.prop([caseArb], { numRuns: 15 })('negative controls fail the same property wherever P(ω) is not real and symmetric', (c) => {
    // Where every phase e^{2πi⟨ω, j⟩/m} is ±1 (output grids of 1 or 2 cells along every axis the
    // kernel's taps spread over) P(ω) is real and the sign cannot matter.
    const spreads = (axis: 0 | 1): boolean => ((c.kernel.shape[axis] - 1) * (c.dilations?.[axis] ?? 1)) >= (c.strides?.[axis] ?? 1) && c.grid[axis] / (c.strides?.[axis] ?? 1) >= 3;
    fc.pre(spreads(0) || spreads(1));
    expect(lemmaFailure(c, conjugated, c.seed), describeCircular(c)).toBeDefined();
  });
});

describe('circularSpectrum (Sedghi, Gupta & Long): every singular value, with multiplicities', () => {
  test.prop([caseArb], { numRuns: 60 })('equals the dense SVD of the explicit circular T, sorted', (c) => {
    const actual = circularSpectrum(c.kernel, c.grid, c);
    const expected = denseSingularValues(circularMatrix(c));
    const cmp = compareArrays(actual, expected, tolerances.float64);
    expect(cmp.ok, `${describeCircular(c)}: ${actual.length} vs ${expected.length} values; ${describeComparison(cmp)}`).toBe(true);
  });

  it('negative control: a spectrum that ignores the stride is caught (k=[3,3,2,2] grid=6x6 s=2x2)', () => {
    const c: CircularCase = { kernel: { shape: [3, 3, 2, 2], data: uniformData(36, 9) }, grid: [6, 6], strides: [2, 2] };
    const expected = denseSingularValues(circularMatrix(c));
    expect(compareArrays(circularSpectrum(c.kernel, c.grid, c), expected, tolerances.float64).ok).toBe(true);
    expect(compareArrays(circularSpectrum(c.kernel, c.grid, { strides: 1 }), expected, tolerances.float64).ok).toBe(false);
  });

  it('singular values cannot see a conjugated sign or a transpose (why the lemma is checked too): P(−ω) = conj P(ω), and Pᵀ has P\'s values', () => {
    const c: CircularCase = { kernel: { shape: [2, 3, 2, 2], data: uniformData(24, 5) }, grid: [5, 6] };
    const values = (f: PerFrequency): number[] => {
      const out: number[] = [];
      for (let w1 = 0; w1 < 5; w1++) for (let w2 = 0; w2 < 6; w2++) out.push(...denseSingularValues(realEmbedding(f(c, [w1, w2], 0))).filter((_, i) => i % 2 === 0));
      return out.sort((a, b) => b - a);
    };
    const right = values(library);
    expect(compareArrays(values(conjugated), right, tolerances.float64).ok).toBe(true);
    expect(compareArrays(values(transposed), right, tolerances.float64).ok).toBe(true);
    expect(compareArrays(Float64Array.from(right), circularSpectrum(c.kernel, c.grid), tolerances.float64).ok).toBe(true);
  });

  it('circularNormBound: σ₁ and the smallest value of the spectrum, exact (k=[3,3,2,3] grid=5x5)', () => {
    const c: CircularCase = { kernel: { shape: [3, 3, 2, 3], data: uniformData(54, 2) }, grid: [5, 5] };
    const values = denseSingularValues(circularMatrix(c));
    const b = circularNormBound(c.kernel, c.grid);
    expect(b).toMatchObject({ exact: true, method: 'sedghi-circular' });
    expect(compareArrays([b.upper, b.smallest ?? NaN], [values[0] ?? 0, values[values.length - 1] ?? 0], tolerances.float64).ok).toBe(true);
  });

  it('counts min(rows, cols) values for a wide and a tall kernel (k=[3,3,1,3] and [3,3,3,1] on 4x4, s=2)', () => {
    expect(circularSpectrum({ shape: [3, 3, 1, 3], data: uniformData(27, 1) }, [4, 4], { strides: 2 })).toHaveLength(2 * 2 * 3);
    expect(circularSpectrum({ shape: [3, 3, 3, 1], data: uniformData(27, 1) }, [4, 4], { strides: 2 })).toHaveLength(2 * 2 * 1);
  });

  it.each([
    ['a kernel of rank 3', { shape: [3, 3, 2], data: new Float64Array(18) }, [4, 4], {}, /kernel\.shape must be \[kh, kw, inChannels, outChannels\]/],
    ['a grid smaller than the kernel', { shape: [3, 3, 1, 1], data: new Float64Array(9) }, [2, 4], {}, /grid must be at least the kernel's span 3×3/],
    ['a dilated kernel wider than the grid', { shape: [3, 3, 1, 1], data: new Float64Array(9) }, [4, 4], { dilations: 2 }, /span 5×5/],
    ['a NaN entry', { shape: [1, 1, 1, 2], data: [1, Number.NaN] }, [4, 4], {}, /kernel\.data\[1\] must be a finite number, but got NaN/],
    ['a grid the stride does not divide', { shape: [1, 1, 1, 1], data: [1] }, [5, 4], { strides: 2 }, /divisible by the strides \[2, 2\]/],
    ['a grid that is not a pair', { shape: [1, 1, 1, 1], data: [1] }, 4, {}, /grid must be/],
  ] as const)('refuses %s with a LayerproofError', (_name, kernel, grid, options, message) => {
    const call = (): unknown => circularSpectrum(kernel, grid as never, options);
    expect(call).toThrow(LayerproofError);
    expect(call).toThrow(message);
  });
});
