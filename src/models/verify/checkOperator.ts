import { LayerproofError } from '../../core/LayerproofError.js';
import { compareArrays, float32Accumulation, type Comparison, type Tolerance } from '../../core/tolerance.js';
import { ACTIVATION_LIPSCHITZ, applyActivation } from '../activation.js';
import { shapeSize, type AffineOperator } from '../AffineOperator.js';

export interface CheckOperatorOptions {
  /** Largest number of stored entries of T built at once (default `DEFAULT_BLOCK_NNZ`). */
  readonly blockNnz?: number;
  /**
   * Per sample, a bound on Σ|aᵢbᵢ| of each output row to hold it to, instead of the row's own
   * Σ|Tᵢⱼxⱼ| + |bᵢ| (a composed chain passes the magnitudes of its layer-by-layer evaluation).
   */
  readonly magnitudes?: readonly Float64Array[];
  /** Number of roundings per output to allow for, instead of the longest row of the block. */
  readonly terms?: number;
}

export interface OperatorCheck {
  readonly ok: boolean;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  /** The tolerance of the worst block, relative to which `worstRatio` is measured. */
  readonly tolerance: Tolerance;
  /** Largest error in units of the allowed error (≤ 1: within tolerance). */
  readonly worstRatio: number;
  /** Where the worst element is: sample, and index in the vectorised output. */
  readonly worst: { readonly sample: number; readonly index: number; readonly actual: number; readonly expected: number };
  /** Time spent building T's row blocks and applying them. */
  readonly buildMs: number;
  readonly applyMs: number;
  readonly samples: number;
  /** Stored entries of T counted while it was built (exact, also for a composed operator). */
  readonly nnz: number;
}

/**
 * 2¹⁸ stored entries (3 MiB of CSR) per block, small enough to stay in cache between being built
 * and applied and to be recycled by the allocator. On the 147×147 32→64 convolution (395 M
 * entries, 1 image, 2 cores): 2²³ 27 CPU s, 2²⁰ 4.6–9 s, 2¹⁸ 3.7 s, 2¹⁷ 3.0 s; MobileNetV2
 * (2 images): 2²⁰ 47 s, 2¹⁸ 33 s, 2¹⁷ 38 s (bench/verify-model.bench.ts).
 */
export const DEFAULT_BLOCK_NNZ = 2 ** 18;

/**
 * Compares act(T·x + b), computed in float64 from the explicit operator, with what a float32
 * framework computed (`actual`), on `samples` inputs. T is built in row blocks of about
 * `blockNnz` stored entries, so that memory stays bounded whatever the layer's size.
 *
 * `inputs[j]` holds input j of every sample, sample-major (`samples × size(inputShapes[j])`);
 * `actual` holds `samples × rows` values. Each row is held to float32's accumulation bound for its
 * number of terms and its Σ|Tᵢⱼxⱼ| + |bᵢ|, scaled by the activation's Lipschitz constant.
 */
export function checkOperator(
  operator: AffineOperator,
  inputs: readonly ArrayLike<number>[],
  actual: ArrayLike<number>,
  samples: number,
  options: CheckOperatorOptions = {},
): OperatorCheck {
  const op = `checkOperator(${operator.kind})`;
  const { rows, cols } = operator;
  if (inputs.length !== operator.inputShapes.length) {
    throw LayerproofError.invalid({ op, argument: 'inputs.length', value: inputs.length, expected: `${operator.inputShapes.length}, one array per input of the operator` });
  }
  const sizes = operator.inputShapes.map(shapeSize);
  inputs.forEach((x, j) => {
    if (x.length !== samples * (sizes[j] ?? 0)) {
      throw LayerproofError.invalid({ op, argument: `inputs[${j}].length`, value: x.length, expected: `${samples * (sizes[j] ?? 0)} (${samples} samples of [${operator.inputShapes[j]?.join(', ')}])` });
    }
  });
  if (actual.length !== samples * rows) {
    throw LayerproofError.invalid({ op, argument: 'actual.length', value: actual.length, expected: `${samples * rows} (${samples} samples of [${operator.outputShape.join(', ')}])` });
  }
  // One stacked input vector per sample, as T's columns are laid out.
  const stacked: Float64Array[] = [];
  for (let s = 0; s < samples; s++) {
    const v = new Float64Array(cols);
    let offset = 0;
    inputs.forEach((x, j) => {
      const n = sizes[j] ?? 0;
      for (let i = 0; i < n; i++) v[offset + i] = x[s * n + i] as number;
      offset += n;
    });
    stacked.push(v);
  }
  const blockNnz = Math.max(1, options.blockNnz ?? DEFAULT_BLOCK_NNZ);
  const perRow = Math.max(1, operator.nnz / Math.max(1, rows));
  // Softmax normalises along the last axis, so a block must hold whole vectors of it.
  const lastAxis = operator.activation === 'softmax' ? operator.outputShape[operator.outputShape.length - 1] ?? 1 : 1;
  let blockRows = Math.max(1, Math.floor(blockNnz / perRow));
  blockRows = Math.max(lastAxis, blockRows - (blockRows % lastAxis));
  const lipschitz = ACTIVATION_LIPSCHITZ[operator.activation];
  const magnitudes = options.magnitudes;
  if (magnitudes !== undefined && (magnitudes.length !== samples || magnitudes.some((m) => m.length !== rows))) {
    throw LayerproofError.invalid({ op, argument: 'options.magnitudes', value: magnitudes.map((m) => m.length), expected: `${samples} arrays of ${rows} bounds` });
  }
  let storedEntries = 0;

  let worstCmp: Comparison | undefined;
  let worst = { sample: 0, index: 0, actual: 0, expected: 0 };
  let maxAbsError = 0;
  let maxRelError = 0;
  let ok = true;
  let buildMs = 0;
  let applyMs = 0;
  // One output buffer for every block, and the expected values read through a typed view: a copy
  // into a plain array (Array.prototype.slice of a Float32Array) boxes every element.
  const yBuffer = new Float64Array(Math.min(rows, blockRows));
  const expectedRange = (from: number, to: number): ArrayLike<number> =>
    ArrayBuffer.isView(actual) ? (actual as Float32Array).subarray(from, to) : (Array.prototype.slice.call(actual, from, to) as number[]);
  for (let start = 0; start < rows; start += blockRows) {
    const end = Math.min(rows, start + blockRows);
    let t0 = performance.now();
    const block = operator.rowBlock(start, end);
    buildMs += performance.now() - t0;
    storedEntries += block.nnz;
    t0 = performance.now();
    const { rowPtr, colIndex, values } = block;
    let terms = 1;
    for (let r = 0; r < end - start; r++) terms = Math.max(terms, (rowPtr[r + 1] as number) - (rowPtr[r] as number) + 1);
    if (options.terms !== undefined) terms = Math.max(terms, options.terms);
    for (let s = 0; s < samples; s++) {
      const x = stacked[s] as Float64Array;
      const y = yBuffer.subarray(0, end - start);
      let scale = 0;
      for (let r = 0; r < end - start; r++) {
        const b = operator.bias[start + r] as number;
        let sum = b;
        let abs = Math.abs(b);
        const stop = rowPtr[r + 1] as number;
        for (let k = rowPtr[r] as number; k < stop; k++) {
          const p = (values[k] as number) * (x[colIndex[k] as number] as number);
          sum += p;
          abs += Math.abs(p);
        }
        y[r] = sum;
        const bound = magnitudes?.[s]?.[start + r] ?? abs;
        if (bound > scale) scale = bound;
      }
      applyActivation(operator.activation, y, lastAxis);
      const base = float32Accumulation(terms, scale);
      const tolerance: Tolerance = lipschitz === 1 ? base : { ...base, atol: base.atol * Math.max(1, lipschitz), name: `${base.name}, ×${lipschitz} for ${operator.activation}` };
      const got = expectedRange(s * rows + start, s * rows + end);
      const cmp = compareArrays(got, y, tolerance);
      if (!cmp.ok) ok = false;
      maxAbsError = Math.max(maxAbsError, cmp.maxAbsError);
      maxRelError = Math.max(maxRelError, cmp.maxRelError);
      if (worstCmp === undefined || cmp.worstRatio > worstCmp.worstRatio) {
        worstCmp = cmp;
        const i = Math.max(0, cmp.worstIndex);
        worst = { sample: s, index: start + i, actual: got[i] ?? NaN, expected: y[i] ?? NaN };
      }
    }
    applyMs += performance.now() - t0;
  }
  const tolerance = worstCmp?.tolerance ?? float32Accumulation(1, 0);
  return { ok, maxAbsError, maxRelError, tolerance, worstRatio: worstCmp?.worstRatio ?? 0, worst, buildMs, applyMs, samples, nnz: storedEntries };
}
