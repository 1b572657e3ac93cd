import { LayerproofError } from '../core/LayerproofError.js';
import { Matrix, SingularValueDecomposition } from '../core/mlMatrix.js';
import { float64Arithmetic } from '../exact/float64Arithmetic.js';
import { circularMatrixOver } from '../linear/circularMatrixOver.js';
import { convGeometry } from '../linear/convGeometry.js';
import { circularSpectrum } from '../spectrum/circularSpectrum.js';
import { convNormBounds } from '../spectrum/convNormBounds.js';
import { frequencyMatrix } from '../spectrum/frequencyMatrix.js';
import { reshapedKernelNorm } from '../spectrum/reshapedKernelNorm.js';
import { asConvRecord, convRecordOf, type ConvRecord } from './geometryRecords.js';
import { asMatrix, asSize, numericOfRank } from './numericArguments.js';
import { group, proofFunction, type ProofFunction } from './proofFunction.js';

function kernelOf(op: string, K: unknown, r: ConvRecord): { shape: number[]; data: Float64Array } {
  const k = numericOfRank(op, 'K', K, 4, 'a kernel [kh][kw][cin][cout]');
  const expected = [r.kh, r.kw, r.cin, r.cout];
  if (k.shape.some((d, i) => d !== expected[i])) {
    throw LayerproofError.invalid({ op, argument: 'K', value: `an array of shape [${k.shape.join(', ')}]`, expected: `of shape [${expected.join(', ')}], the kernel [kh][kw][cin][cout] of the geometry g` });
  }
  return k;
}

/** The singular values of a dense real matrix, descending, min(rows, cols) of them (ml-matrix's SVD, float64). */
export function denseSingularValues(m: readonly (readonly number[])[]): number[] {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  if (rows === 0 || cols === 0) return [];
  const svd = new SingularValueDecomposition(new Matrix(m), { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true });
  return Array.from(svd.diagonal).sort((a, b) => b - a).slice(0, Math.min(rows, cols));
}

/** The dense matrix of the circular convolution of g (no bias): `circularMatrixOver` in float64. */
export function circularMatrixOf(op: string, K: unknown, g: unknown): number[][] {
  const { record: r, geometry } = asConvRecord(op, 'g', g);
  return circularMatrixOver(float64Arithmetic, kernelOf(op, K, r).data, geometry);
}

/** The real 2r×2c matrix [[A, −B], [B, A]] of the complex r×c matrix A + iB: products and adjoints carry over (Uᴴ ↦ the transpose). */
function embed(rows: number, cols: number, entry: (i: number, j: number) => readonly [number, number]): number[][] {
  const out = Array.from({ length: 2 * rows }, () => new Array<number>(2 * cols).fill(0));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const [re, im] = entry(i, j);
      if (re === 0 && im === 0) continue;
      (out[i] as number[])[j] = re;
      (out[rows + i] as number[])[cols + j] = re;
      if (im === 0) continue; // no −0 in the matrices a reader sees
      (out[i] as number[])[cols + j] = -im;
      (out[rows + i] as number[])[j] = im;
    }
  }
  return out;
}

/** The geometry of the circular convolution on the padded grid that a zero-padded layer is a restriction of. */
export function circularHullRecord(op: string, g: unknown): ConvRecord {
  const { record: r } = asConvRecord(op, 'g', g);
  const grid = (n: number, before: number, after: number, s: number): number => Math.ceil((n + before + after) / s) * s;
  const [l1, l2] = [grid(r.h, r.pt, r.pb, r.sh), grid(r.w, r.pl, r.pr, r.sw)];
  // Window at the top left (no offset), and enough pads after for L/s outputs.
  const after = (k: number, d: number, s: number): number => Math.max(0, (k - 1) * d + 1 - s);
  const geometry = convGeometry({
    op, inputShape: [l1, l2, r.cin], kernelSize: [r.kh, r.kw], strides: [r.sh, r.sw], dilations: [r.dh, r.dw],
    padding: [[0, after(r.kh, r.dh, r.sh)], [0, after(r.kw, r.dw, r.sw)]],
  });
  return convRecordOf(geometry, r.cout, 'circular');
}

/**
 * Functions of the spectrum proof, float64 only (complex exponentials and SVDs have no exact
 * form here, so its claims are evidence): the matrices of circular convolutions, the 2-D DFT and
 * the per-frequency blocks as real embeddings of complex matrices, dense singular values, and the
 * spectrum library's own functions (Sedghi's spectrum, the certified interval, the reshaped norm).
 */
export function spectrumFunctions(): Record<string, ProofFunction> {
  return {
    circularMatrix: proofFunction({
      usage: 'circularMatrix(K, g)',
      description: "the matrix C of the circular convolution of g with kernel K (circularConv2d without bias), (oh·ow·cout) × (h·w·cin), dense",
      tex: ([k = '', g = '']) => `C_{${g}}\\left(${k}\\right)`,
      evaluate: (K, g) => circularMatrixOf('circularMatrix', K, g),
    }),
    dft2: proofFunction({
      usage: 'dft2(n, m, c)',
      description: 'the unitary 2-D DFT of an n×m grid with c channels, F ⊗ I_c with F[(ω₁,ω₂),(p₁,p₂)] = e^{−2πi(ω₁p₁/n + ω₂p₂/m)}/√(nm), as the real 2N×2N matrix [[Re, −Im], [Im, Re]] (N = nmc); its transpose is that of F*',
      tex: ([n = '', m = '', c = '']) => `\\mathcal{F}_{${n},${m}}^{(${c})}`,
      evaluate: (nv, mv, cv) => {
        const op = 'dft2';
        const [n, m, c] = [asSize(op, 'n', nv, 1), asSize(op, 'm', mv, 1), asSize(op, 'c', cv, 1)];
        const N = n * m * c;
        if (N > 256) throw LayerproofError.invalid({ op, argument: '(n, m, c)', value: [n, m, c], expected: 'at most 256 entries n·m·c (a dense 2N×2N matrix)' });
        const scale = 1 / Math.sqrt(n * m);
        return embed(N, N, (i, j) => {
          if (i % c !== j % c) return [0, 0];
          const [w, p] = [Math.floor(i / c), Math.floor(j / c)];
          const angle = -2 * Math.PI * (Math.floor(w / m) * Math.floor(p / m) / n + ((w % m) * (p % m)) / m);
          return [Math.cos(angle) * scale, Math.sin(angle) * scale];
        });
      },
    }),
    realPair: proofFunction({
      usage: 'realPair(T)',
      description: 'a real matrix T as a complex one, in the real embedding [[T, 0], [0, T]]',
      tex: ([t = '']) => `${group(t)}_{\\mathbb{C}}`,
      evaluate: (t) => {
        const T = asMatrix('realPair', 'T', t);
        return embed(T.length, T[0]?.length ?? 0, (i, j) => [(T[i] as number[])[j] as number, 0]);
      },
    }),
    frequencyBlocks: proofFunction({
      usage: 'frequencyBlocks(K, g)',
      description: "the block-diagonal matrix of the per-frequency matrices P(ω) (cout × cin, ω in row-major order) of a stride-1 circular convolution, each the spectrum library's frequencyMatrix times the phase e^{−2πi⟨ω, p⟩/n} of g's window offset p = (pt, pl), as a real embedding",
      tex: ([k = '', g = '']) => `\\operatorname{diag}_{\\omega}\\, P_{${g}}(\\omega;\\, ${k})`,
      evaluate: (K, g) => {
        const op = 'frequencyBlocks';
        const { record: r } = asConvRecord(op, 'g', g);
        if (r.sh !== 1 || r.sw !== 1) throw LayerproofError.invalid({ op, argument: 'g', value: `strides [${r.sh}, ${r.sw}]`, expected: 'strides 1 (a strided circular convolution mixes s² frequencies per block: see circularSpectrum)' });
        const kernel = kernelOf(op, K, r);
        const blocks = new Map<number, { re: Float64Array; im: Float64Array }>();
        for (let w1 = 0; w1 < r.h; w1++) {
          for (let w2 = 0; w2 < r.w; w2++) {
            const p = frequencyMatrix(kernel, [r.h, r.w], [w1, w2], { dilations: [r.dh, r.dw] });
            const phase = -2 * Math.PI * ((w1 * r.pt) / r.h + (w2 * r.pl) / r.w);
            const [c, s] = [Math.cos(phase), Math.sin(phase)];
            blocks.set(w1 * r.w + w2, { re: p.re.map((a, i) => a * c - (p.im[i] as number) * s), im: p.im.map((b, i) => (p.re[i] as number) * s + b * c) });
          }
        }
        return embed(r.h * r.w * r.cout, r.h * r.w * r.cin, (i, j) => {
          const [w, co] = [Math.floor(i / r.cout), i % r.cout];
          const [v, ci] = [Math.floor(j / r.cin), j % r.cin];
          const b = blocks.get(w);
          if (w !== v || b === undefined) return [0, 0];
          return [b.re[co * r.cin + ci] as number, b.im[co * r.cin + ci] as number];
        });
      },
    }),
    singularValues: proofFunction({
      usage: 'singularValues(M)',
      description: 'the singular values of a matrix, descending, with multiplicities (a dense float64 SVD, ml-matrix)',
      tex: ([m = '']) => `\\sigma\\left(${m}\\right)`,
      evaluate: (M) => denseSingularValues(asMatrix('singularValues', 'M', M)),
    }),
    opNorm: proofFunction({
      usage: 'opNorm(M)',
      description: 'the operator norm ‖M‖₂, the largest singular value (dense SVD)',
      tex: ([m = '']) => `\\left\\lVert ${m} \\right\\rVert_{2}`,
      evaluate: (M) => denseSingularValues(asMatrix('opNorm', 'M', M))[0] ?? 0,
    }),
    circularSpectrum: proofFunction({
      usage: 'circularSpectrum(K, g)',
      description: "every singular value of the circular convolution of g, descending, with multiplicities, by Sedghi, Gupta and Long's per-frequency SVDs (the spectrum library's circularSpectrum; strides by polyphase blocks)",
      tex: ([k = '', g = '']) => `\\sigma^{\\mathcal{F}}_{${g}}\\left(${k}\\right)`,
      evaluate: (K, g) => {
        const op = 'circularSpectrum';
        const { record: r } = asConvRecord(op, 'g', g);
        return Array.from(circularSpectrum(kernelOf(op, K, r), [r.h, r.w], { strides: [r.sh, r.sw], dilations: [r.dh, r.dw] }));
      },
    }),
    circularHull: proofFunction({
      usage: 'circularHull(g)',
      description: 'the circular convolution of which the zero-padded layer g is a restriction: the padded grid, rounded up to a multiple of the stride, with the window at its top left',
      tex: ([g = '']) => `\\widehat{${g.trim()}}`,
      evaluate: (g) => circularHullRecord('circularHull', g),
    }),
    unstrided: proofFunction({
      usage: 'unstrided(g)',
      description: "the layer g with strides 1 and g's own pads: its outputs include every output of g",
      tex: ([g = '']) => `${group(g)}_{s=1}`,
      evaluate: (g) => {
        const op = 'unstrided';
        const { record: r } = asConvRecord(op, 'g', g);
        const geometry = convGeometry({ op, inputShape: [r.h, r.w, r.cin], kernelSize: [r.kh, r.kw], dilations: [r.dh, r.dw], padding: [[r.pt, r.pb], [r.pl, r.pr]] });
        return convRecordOf(geometry, r.cout, 'explicit');
      },
    }),
    reshapedNorm: proofFunction({
      usage: 'reshapedNorm(K)',
      description: "the largest singular value of the kernel reshaped to a (kh·kw·cin) × cout matrix: what torch.nn.utils.spectral_norm normalises a convolution by (the spectrum library's reshapedKernelNorm)",
      tex: ([k = '']) => `\\left\\lVert \\operatorname{mat}${group(k)} \\right\\rVert_{2}`,
      evaluate: (K) => {
        const k = numericOfRank('reshapedNorm', 'K', K, 4, 'a kernel [kh][kw][cin][cout]');
        return reshapedKernelNorm(k);
      },
    }),
    normLower: proofFunction({
      usage: 'normLower(K, g)',
      description: "the lower end of the spectrum library's certified interval for ‖T‖₂ of the zero-padded layer (convNormBounds: power iteration with its rounding subtracted)",
      tex: ([k = '', g = '']) => `\\underline{\\sigma}_{${g}}\\left(${k}\\right)`,
      evaluate: (K, g) => normBound('normLower', K, g).lower,
    }),
    normUpper: proofFunction({
      usage: 'normUpper(K, g)',
      description: "the upper end of that interval (the circular restriction bound, refined by a Cholesky certificate)",
      tex: ([k = '', g = '']) => `\\overline{\\sigma}_{${g}}\\left(${k}\\right)`,
      evaluate: (K, g) => normBound('normUpper', K, g).upper,
    }),
  };
}

function normBound(op: string, K: unknown, g: unknown): { lower: number; upper: number } {
  const { record: r, geometry } = asConvRecord(op, 'g', g);
  const b = convNormBounds(kernelOf(op, K, r), geometry);
  return { lower: b.lower, upper: b.upper };
}

