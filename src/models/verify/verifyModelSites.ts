import { LayerproofError } from '../../core/LayerproofError.js';
import type { Tolerance } from '../../core/tolerance.js';
import { tf } from '../../tfjs/tf.js';
import { shapeSize, type AffineOperator } from '../AffineOperator.js';
import { composeOperators } from '../composeOperators.js';
import type { LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import type { ModelSites, OperatorSite, TensorValues } from '../ModelSites.js';
import { checkOperator, DEFAULT_BLOCK_NNZ, type OperatorCheck } from './checkOperator.js';

/** `checked`: act(T·x + b) matched TensorFlow.js within tolerance on every input; `failed`: it did not, or the operator could not be built. */
export type LayerStatus = 'checked' | 'failed' | 'not linear' | 'not supported';

export interface LayerReport {
  readonly name: string;
  /** Layer class or graph op, as the model names it. */
  readonly kind: string;
  /** Shape of the (first) input without the batch; `inputShapes` lists every input. */
  readonly inputShape: readonly number[];
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  readonly status: LayerStatus;
  readonly rows?: number;
  readonly cols?: number;
  readonly nnz?: number;
  /** Time to build T (all its row blocks, summed over input chunks). */
  readonly buildMs?: number;
  /** Time to apply T to the inputs and compare. */
  readonly applyMs?: number;
  readonly maxAbsError?: number;
  readonly maxRelError?: number;
  readonly tolerance?: Tolerance;
  readonly activation?: string;
  /** Why the layer is not linear, not supported, or failed; or a note on its operator. */
  readonly reason?: string;
  readonly note?: string;
}

export interface ChainReport {
  /** The sites multiplied, first applied first. */
  readonly layers: readonly string[];
  readonly kind: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly status: 'checked' | 'failed';
  readonly rows: number;
  readonly cols: number;
  readonly nnz?: number;
  readonly buildMs?: number;
  readonly applyMs?: number;
  readonly maxAbsError?: number;
  readonly maxRelError?: number;
  readonly tolerance?: Tolerance;
  readonly reason?: string;
}

export interface ModelReport {
  /** No layer and no chain failed. */
  readonly ok: boolean;
  readonly format: ModelSites['format'];
  readonly samples: number;
  readonly layers: readonly LayerReport[];
  readonly chains: readonly ChainReport[];
}

export interface VerifyModelSitesOptions {
  /** Largest number of stored entries of T built at once (default `DEFAULT_BLOCK_NNZ`, 2²⁰). */
  readonly blockNnz?: number;
  /** Multiply each maximal chain of affine layers into one operator and check it too (default true). */
  readonly compose?: boolean;
  /** Samples propagated together; activations of a chunk are kept in memory (default: as many as fit in `activationBytes`). */
  readonly chunkSize?: number;
  /** Memory for the activations of one chunk (default 512 MiB). */
  readonly activationBytes?: number;
  /** Called as each site (then each chain) is checked: for progress bars. */
  readonly onProgress?: (done: number, total: number, name: string) => void;
}

interface Accumulated {
  analysis?: LayerAnalysis;
  error?: string;
  inputShapes: (readonly number[])[];
  outputShape: readonly number[];
  checks: OperatorCheck[];
}

interface ChainAccumulated {
  sites: readonly OperatorSite[];
  operator?: AffineOperator;
  error?: string;
  checks: OperatorCheck[];
}

const stripBatch = (v: TensorValues): number[] => [...v.shape.slice(1)];
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Sample-range view of one tensor's values. */
function samplesOf(v: TensorValues, from: number, to: number): Float32Array {
  const per = shapeSize(v.shape.slice(1));
  return v.data.subarray(from * per, to * per);
}

/**
 * Multiply-adds to form T_k⋯T_1 row by row: rows(T_k)·Π(entries per row of each factor), which
 * is also about the product's nnz until its rows fill up.
 */
function productWork(operators: readonly AffineOperator[]): number {
  const last = operators[operators.length - 1];
  return (last?.rows ?? 0) * operators.reduce((a, o) => a * (o.nnz / Math.max(1, o.rows)), 1);
}

/**
 * A link is composed only while the product costs at most this many times its factors' entries
 * (or 2²⁴ multiply-adds, a small layer's worth): batch-norm folding costs 1×, but two 1×1
 * convolutions through a bottleneck multiply their row lengths (MobileNetV2's block_16_project →
 * Conv_1 is 1.9·10¹⁰ multiply-adds against 2·10⁷ entries) and pooling then dense does too.
 */
const COMPOSE_WORK_RATIO = 4;

/** Maximal chains of single-input affine sites, each feeding only the next, cut where composing would cost far more than the layers. */
function findChains(sites: readonly OperatorSite[], analyses: ReadonlyMap<OperatorSite, LayerAnalysis | undefined>): OperatorSite[][] {
  const consumers = new Map<string, number>();
  for (const s of sites) for (const i of s.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const affineSingle = (s: OperatorSite): AffineOperator | undefined => {
    const a = analyses.get(s);
    return a?.status === 'affine' && a.operator.inputShapes.length === 1 ? a.operator : undefined;
  };
  const chains: OperatorSite[][] = [];
  const used = new Set<OperatorSite>();
  for (const start of sites) {
    if (used.has(start) || affineSingle(start) === undefined) continue;
    const chain = [start];
    for (;;) {
      const tail = chain[chain.length - 1] as OperatorSite;
      if (affineSingle(tail)?.activation !== 'linear' || consumers.get(tail.output) !== 1) break;
      const next = sites.find((s) => s.inputs.length === 1 && s.inputs[0] === tail.output);
      const nextOperator = next === undefined || used.has(next) ? undefined : affineSingle(next);
      if (next === undefined || nextOperator === undefined) break;
      const operators = [...chain.map((s) => affineSingle(s) as AffineOperator), nextOperator];
      if (productWork(operators) > Math.max(COMPOSE_WORK_RATIO * operators.reduce((a, o) => a + o.nnz, 0), 2 ** 24)) break;
      chain.push(next);
    }
    chain.forEach((s) => used.add(s));
    if (chain.length >= 2) chains.push(chain);
  }
  return chains;
}

function merged(checks: readonly OperatorCheck[]): { ok: boolean; maxAbsError: number; maxRelError: number; tolerance?: Tolerance; buildMs: number; applyMs: number; nnz?: number } {
  const worst = checks.reduce<OperatorCheck | undefined>((w, c) => (w === undefined || c.worstRatio > w.worstRatio ? c : w), undefined);
  return {
    ok: checks.every((c) => c.ok),
    maxAbsError: Math.max(0, ...checks.map((c) => c.maxAbsError)),
    maxRelError: Math.max(0, ...checks.map((c) => c.maxRelError)),
    ...(worst !== undefined && { tolerance: worst.tolerance, nnz: worst.nnz }),
    buildMs: checks.reduce((a, c) => a + c.buildMs, 0),
    applyMs: checks.reduce((a, c) => a + c.applyMs, 0),
  };
}

/**
 * Checks every operator site of a model on real inputs: the model runs in TensorFlow.js, each
 * affine site's explicit operator is applied in float64 to the activations that reach it, and the
 * result is compared with what TensorFlow.js computed there; then each maximal chain of affine
 * sites is multiplied into one operator and checked against the chain. Numerical evidence on these
 * inputs, not a proof.
 */
export async function verifyModelSites(model: ModelSites, inputs: readonly tf.Tensor[], options: VerifyModelSitesOptions = {}): Promise<ModelReport> {
  const op = 'verifyModelSites';
  if (inputs.length !== model.inputs.length) {
    throw LayerproofError.invalid({ op, argument: 'inputs.length', value: inputs.length, expected: `${model.inputs.length}, one batch tensor per model input (${model.inputs.map((i) => i.name).join(', ')})` });
  }
  const samples = inputs[0]?.shape[0] ?? 0;
  if (samples < 1 || inputs.some((t) => t.shape[0] !== samples)) {
    throw LayerproofError.invalid({ op, argument: 'inputs[*].shape[0]', value: inputs.map((t) => t.shape[0]), expected: 'the same positive number of samples in every input' });
  }
  const blockNnz = options.blockNnz ?? DEFAULT_BLOCK_NNZ;
  const names = [...new Set(model.sites.flatMap((s) => [...s.inputs, s.output]))];
  const accumulated = new Map<OperatorSite, Accumulated>();
  const nested = new Map<OperatorSite, ModelReport[]>();
  let chains: ChainAccumulated[] | undefined;
  const total = model.sites.length;

  let chunk = options.chunkSize ?? 0;
  for (let from = 0; from < samples;) {
    const size = chunk > 0 ? Math.min(chunk, samples - from) : 1;
    const part = inputs.map((t) => t.slice(from, size));
    let values: Map<string, TensorValues>;
    try {
      values = await model.run(part, names);
    } catch (error) {
      if (error instanceof LayerproofError) throw error;
      // An op or layer TensorFlow.js cannot run on these inputs (an op it parsed but has no kernel for, say).
      throw new LayerproofError(
        `Error in ${op}: TensorFlow.js could not run the ${model.format} on inputs of shape ${inputs.map((t) => `[${t.shape.join(', ')}]`).join(', ')}: ${message(error)}`,
        { op, argument: 'inputs', value: inputs.map((t) => t.shape), cause: error },
      );
    } finally {
      tf.dispose(part);
    }
    if (chunk === 0) {
      // First chunk of one sample: size the following chunks to the memory its activations took.
      const bytes = [...values.values()].reduce((a, v) => a + v.data.byteLength, 0);
      chunk = Math.max(1, Math.floor((options.activationBytes ?? 2 ** 29) / Math.max(1, bytes)));
    }
    const get = (name: string): TensorValues => {
      const v = values.get(name);
      if (v === undefined) throw new LayerproofError(`Error in ${op}: the model did not produce tensor '${name}'.`, { op, value: name });
      return v;
    };
    for (const [i, site] of model.sites.entries()) {
      options.onProgress?.(i, total, site.name);
      const ins = site.inputs.map(get);
      const out = get(site.output);
      let acc = accumulated.get(site);
      if (acc === undefined) {
        acc = { inputShapes: ins.map(stripBatch), outputShape: stripBatch(out), checks: [] };
        accumulated.set(site, acc);
        try {
          acc.analysis = await site.analyse(acc.inputShapes, acc.outputShape);
        } catch (error) {
          acc.error = message(error);
        }
      }
      if (site.nested !== undefined) {
        const tensors = ins.map((v) => tf.tensor(v.data, [...v.shape]));
        try {
          const { onProgress: _progress, ...inner } = options;
          const report = await verifyModelSites(site.nested, tensors, { ...inner, chunkSize: size });
          nested.set(site, [...(nested.get(site) ?? []), report]);
        } finally {
          tf.dispose(tensors);
        }
      }
      if (acc.analysis?.status !== 'affine' || acc.error !== undefined) continue;
      try {
        acc.checks.push(checkOperator(acc.analysis.operator, ins.map((v) => v.data), out.data, size, { blockNnz }));
      } catch (error) {
        acc.error = message(error);
      }
    }
    if (options.compose !== false) {
      chains ??= findChains(model.sites, new Map([...accumulated].map(([s, a]) => [s, a.error === undefined ? a.analysis : undefined]))).map((sites) => {
        const operators = sites.map((s) => {
          const a = accumulated.get(s)?.analysis;
          if (a?.status !== 'affine') throw new Error('findChains returned a site that is not affine');
          return a.operator;
        });
        try {
          return { sites, operator: composeOperators(operators, { blockNnz }), checks: [] };
        } catch (error) {
          return { sites, error: message(error), checks: [] };
        }
      });
      for (const [i, c] of chains.entries()) {
        const first = c.sites[0];
        const last = c.sites[c.sites.length - 1];
        if (c.operator === undefined || c.error !== undefined || first === undefined || last === undefined) continue;
        options.onProgress?.(total + i, total + chains.length, c.sites.map((s) => s.name).join('→'));
        try {
          const x = samplesOf(get(first.inputs[0] ?? ''), 0, size);
          const composed = c.operator as ReturnType<typeof composeOperators>;
          const per = composed.cols;
          const magnitudes = Array.from({ length: size }, (_v, s) => composed.magnitudes(x.subarray(s * per, (s + 1) * per), blockNnz));
          c.checks.push(checkOperator(composed, [x], get(last.output).data, size, { blockNnz, magnitudes, terms: composed.terms }));
        } catch (error) {
          c.error = message(error);
        }
      }
    }
    values.clear();
    from += size;
  }

  const layers: LayerReport[] = [];
  for (const site of model.sites) {
    const acc = accumulated.get(site);
    if (acc === undefined) continue;
    const base = { name: site.name, kind: site.kind, inputShape: acc.inputShapes[0] ?? [], inputShapes: acc.inputShapes, outputShape: acc.outputShape };
    const a = acc.analysis;
    if (acc.error !== undefined) {
      layers.push({ ...base, status: 'failed', reason: acc.error });
    } else if (a === undefined) {
      layers.push({ ...base, status: 'failed', reason: 'no analysis' });
    } else if (a.status !== 'affine') {
      layers.push({ ...base, status: a.status, reason: a.reason });
    } else {
      const m = merged(acc.checks);
      const o = a.operator;
      layers.push({
        ...base, status: m.ok ? 'checked' : 'failed', rows: o.rows, cols: o.cols, nnz: o.nnz, buildMs: m.buildMs, applyMs: m.applyMs,
        maxAbsError: m.maxAbsError, maxRelError: m.maxRelError, activation: o.activation,
        ...(m.tolerance !== undefined && { tolerance: m.tolerance }),
        ...(o.note !== undefined && { note: o.note }),
      });
    }
    for (const report of nested.get(site) ?? []) {
      // One nested report per chunk: keep the worst per inner layer.
      for (const inner of report.layers) {
        const name = `${site.name}/${inner.name}`;
        const at = layers.findIndex((l) => l.name === name);
        const entry = { ...inner, name };
        if (at === -1) layers.push(entry);
        else if (layers[at]?.status !== 'failed' && (inner.status === 'failed' || (inner.maxAbsError ?? 0) > (layers[at]?.maxAbsError ?? 0))) layers[at] = entry;
      }
    }
  }
  const chainReports: ChainReport[] = (chains ?? []).map((c) => {
    const m = merged(c.checks);
    const o = c.operator;
    return {
      layers: c.sites.map((s) => s.name),
      kind: c.sites.map((s) => s.kind).join('→'),
      inputShape: accumulated.get(c.sites[0] as OperatorSite)?.inputShapes[0] ?? [],
      outputShape: o?.outputShape ?? [],
      status: c.error === undefined && m.ok ? 'checked' : 'failed',
      rows: o?.rows ?? 0,
      cols: o?.cols ?? 0,
      ...(m.nnz !== undefined && { nnz: m.nnz }),
      buildMs: m.buildMs, applyMs: m.applyMs, maxAbsError: m.maxAbsError, maxRelError: m.maxRelError,
      ...(m.tolerance !== undefined && { tolerance: m.tolerance }),
      ...(c.error !== undefined && { reason: c.error }),
    };
  });
  for (const [site, reports] of nested) {
    // One nested report per chunk: keep the worst per inner chain.
    const worst = new Map<string, ChainReport>();
    for (const r of reports) {
      for (const c of r.chains) {
        const entry = { ...c, layers: c.layers.map((l) => `${site.name}/${l}`) };
        const key = entry.layers.join('→');
        const seen = worst.get(key);
        if (seen === undefined || c.status === 'failed' || (c.maxAbsError ?? 0) > (seen.maxAbsError ?? 0)) worst.set(key, entry);
      }
    }
    chainReports.push(...worst.values());
  }
  return {
    ok: layers.every((l) => l.status !== 'failed') && chainReports.every((c) => c.status !== 'failed'),
    format: model.format,
    samples,
    layers,
    chains: chainReports,
  };
}
