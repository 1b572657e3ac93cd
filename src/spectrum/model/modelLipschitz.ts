import { LayerproofError } from '../../core/LayerproofError.js';
import { ACTIVATION_LIPSCHITZ, type Activation } from '../../models/activation.js';
import type { GraphDefJson, GraphNodeJson } from '../../models/graph/GraphDefJson.js';
import { graphNodes } from '../../models/graph/GraphDefJson.js';
import { graphModelSites } from '../../models/graph/graphModelSites.js';
import { parseTensorName } from '../../models/graph/graphStructure.js';
import type { LayerAnalysis } from '../../models/layers/LayerOperatorBuilder.js';
import { layersModelSites } from '../../models/layersModelSites.js';
import type { ModelSites, OperatorSite } from '../../models/ModelSites.js';
import { tf } from '../../tfjs/tf.js';
import type { NormBound } from '../NormBound.js';
import { graphOpLipschitzRule } from './graphOpLipschitzRule.js';
import { holderNormBounds } from './holderNormBounds.js';
import { layerLipschitzRule } from './layerLipschitzRule.js';
import { noBound, type LipschitzRule } from './LipschitzRule.js';
import { spectrumNormProvider, type NormOptions, type NormProvider } from './NormProvider.js';

/** A layers model, or a graph model with the GraphDef it was loaded from (its `modelTopology`). */
export type LipschitzModel = tf.LayersModel | { readonly model: tf.GraphModel; readonly topology: GraphDefJson };

export interface ModelLipschitzOptions {
  /** The input shape without the batch, where the model leaves sizes open (default: the declared one). */
  readonly inputShape?: readonly number[];
  /** Passed to every layer's norm bound (seed, iterations, target gap). */
  readonly norm?: NormOptions;
  /** Where the layers' norms come from (default: `src/spectrum`'s certified bounds). */
  readonly norms?: NormProvider;
  /** Called before each site: for progress bars. */
  readonly onProgress?: (done: number, total: number, name: string) => void;
}

/** One site of the model: its norm where it is affine, the rule it contributes, and the bound reached at its output. */
export interface SiteLipschitz {
  readonly name: string;
  /** Layer class or graph op, as verify-model names it. */
  readonly kind: string;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  readonly status: 'affine' | 'not linear' | 'not supported' | 'nested model' | 'failed' | 'after the logits';
  /** The certified interval of ‖T‖₂ (affine sites). */
  readonly norm?: NormBound;
  readonly activation?: Activation;
  /** L_out / L_in for a single-input site, where it has one. */
  readonly factor?: number;
  /** The rule this site contributes, in words. */
  readonly rule: string;
  /** A Lipschitz upper bound of the map from the model's input to this site's output; absent: no bound. */
  readonly bound?: number;
}

/** The tensor the bound and the certified radii are about: the logits, with any final softmax left out. */
export interface LogitsLocation {
  /** A site's output name (for `stripped: 'fused softmax'`, its value before the activation). */
  readonly tensor: string;
  /** The site that computes it. */
  readonly site: string;
  readonly stripped?: 'softmax layer' | 'fused softmax';
  readonly note: string;
}

export interface ModelLipschitz {
  readonly format: ModelSites['format'];
  readonly inputShape: readonly number[];
  /** A Lipschitz upper bound (ℓ₂ to ℓ₂) of the map from the input to the logits; absent when some site has none. */
  readonly bound?: number;
  readonly logits: LogitsLocation;
  readonly layers: readonly SiteLipschitz[];
  /** The rules used, stated once each. */
  readonly rules: readonly string[];
  /** The sites that have no bound of their own, and why. */
  readonly noBound: readonly { readonly layer: string; readonly reason: string }[];
}

/** How a site is found in its model: its layer (layers models), its GraphDef node (graph models), a nested model's own view. */
interface Lookup {
  layer(site: OperatorSite): tf.layers.Layer | undefined;
  node(site: OperatorSite): GraphNodeJson | undefined;
  nested(site: OperatorSite): Lookup;
}

const NONE: Lookup = { layer: () => undefined, node: () => undefined, nested: () => NONE };

function layersLookup(model: tf.LayersModel): Lookup {
  const layer = (site: OperatorSite): tf.layers.Layer | undefined => {
    try {
      return model.getLayer(site.name.replace(/#\d+$/, ''));
    } catch {
      return undefined;
    }
  };
  return {
    layer,
    node: () => undefined,
    nested: (site) => {
      const inner = layer(site);
      return inner instanceof tf.LayersModel ? layersLookup(inner) : NONE;
    },
  };
}

const COMPOSITION = 'along the graph, bounds multiply: Lip(g∘f) ≤ Lip(g)·Lip(f); the model\'s input has L = 1';
const AFFINE = 'an affine layer act(T·x + b) has L = ‖T‖₂·Lip(act), with ‖T‖₂ its certified upper bound (the bias does not count)';
const MERGE = 'an affine merge of inputs x_j, T = [T_1 … T_k], has L = min(Σ_j ‖T_j‖·L_j, ‖T‖·√(Σ_j L_j²)): a residual Add sums its branches\' bounds (‖T_j‖ = 1), a Concatenate takes √(Σ_j L_j²) (‖T‖ = 1); ‖T_j‖ ≤ √(‖T_j‖₁‖T_j‖∞)';

const show = (x: number): string => x.toPrecision(4);
/** Rounds a product of bounds up past its float64 rounding (relative error ≤ 2⁻⁵³), so that the bound stays a bound. */
const up = (x: number): number => x * (1 + 2 ** -52);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

interface Walk {
  readonly entries: SiteLipschitz[];
  readonly bounds: Map<string, number>;
  readonly rules: Set<string>;
  readonly noBound: { layer: string; reason: string }[];
}

interface Context {
  readonly norms: NormProvider;
  readonly options: ModelLipschitzOptions;
  readonly op: string;
}

/** The shape (without the batch) of every tensor the sites read or write, from one run on zeros. */
async function tensorShapes(op: string, sites: ModelSites, inputShape: readonly number[]): Promise<Map<string, number[]>> {
  const names = [...new Set(sites.sites.flatMap((s) => [...s.inputs, s.output]))];
  const x = tf.zeros([1, ...inputShape]);
  try {
    const values = await sites.run([x], names);
    return new Map([...values].map(([name, v]) => [name, [...v.shape.slice(1)]]));
  } catch (error) {
    if (error instanceof LayerproofError) throw error;
    throw new LayerproofError(`Error in ${op}: TensorFlow.js could not run the ${sites.format} on an input of shape [${inputShape.join(', ')}]: ${message(error)}`, { op, argument: 'inputShape', value: inputShape, cause: error });
  } finally {
    x.dispose();
  }
}

/** The name under which a model input appears among its sites' inputs. */
function inputName(sites: ModelSites, name: string): string {
  return sites.format === 'graph-model' ? parseTensorName(name).tensor : name;
}

function isSoftmaxLayer(site: OperatorSite, lookup: Lookup): boolean {
  if (site.kind === 'Softmax') return true;
  if (site.kind !== 'Activation') return false;
  const activation = lookup.layer(site)?.getConfig().activation;
  return typeof activation === 'string' && activation.toLowerCase() === 'softmax';
}

/** The last site that is not a graph Identity after it, and those Identities. */
function finalSite(sites: ModelSites): { site: OperatorSite | undefined; trailing: Set<OperatorSite> } {
  const trailing = new Set<OperatorSite>();
  let site = sites.sites[sites.sites.length - 1];
  while (site !== undefined && site.kind === 'Identity' && site.inputs.length === 1) {
    const input = site.inputs[0];
    const producer = sites.sites.find((s) => s.output === input);
    if (producer === undefined) break;
    trailing.add(site);
    site = producer;
  }
  return { site, trailing };
}

function ruleFor(analysis: LayerAnalysis | undefined, site: OperatorSite, lookup: Lookup, inputShapes: readonly (readonly number[])[], outputShape: readonly number[]): Promise<LipschitzRule> | LipschitzRule {
  const layer = lookup.layer(site);
  if (layer !== undefined) return layerLipschitzRule(layer, inputShapes, outputShape);
  const node = lookup.node(site);
  if (node !== undefined) return graphOpLipschitzRule(node, inputShapes, outputShape);
  return noBound(analysis !== undefined && analysis.status !== 'affine' ? analysis.reason : `no rule for ${site.kind}`);
}

/**
 * Walks the sites in execution order, keeping a bound per tensor: the input starts at
 * `inputBound`, each site's output gets its rule applied to its inputs' bounds.
 */
async function walk(sites: ModelSites, lookup: Lookup, inputShape: readonly number[], inputBound: number, prefix: string, ctx: Context, top?: { logits: OperatorSite | undefined; trailing: ReadonlySet<OperatorSite> }): Promise<Walk & { softmax?: 'softmax layer' | 'fused softmax' }> {
  const shapes = await tensorShapes(ctx.op, sites, inputShape);
  const bounds = new Map<string, number>();
  for (const input of sites.inputs) bounds.set(inputName(sites, input.name), inputBound);
  const entries: SiteLipschitz[] = [];
  const rules = new Set<string>();
  const noBounds: { layer: string; reason: string }[] = [];
  let softmax: 'softmax layer' | 'fused softmax' | undefined;
  const total = sites.sites.length;
  for (const [i, site] of sites.sites.entries()) {
    if (top !== undefined) ctx.options.onProgress?.(i, total, site.name);
    const name = `${prefix}${site.name}`;
    const inputShapes = site.inputs.map((n) => shapes.get(n) ?? []);
    const outputShape = shapes.get(site.output) ?? [];
    const base = { name, kind: site.kind, inputShapes, outputShape };
    const ins = site.inputs.map((n) => bounds.get(n) ?? Infinity);
    const single = ins[0] ?? Infinity;
    const record = (entry: Omit<SiteLipschitz, keyof typeof base | 'bound'>, raw: number): void => {
      const out = up(raw);
      bounds.set(site.output, out);
      entries.push({ ...base, ...entry, ...(Number.isFinite(out) && { bound: out }) });
    };
    const fail = (status: 'failed' | 'not linear' | 'not supported', reason: string): void => {
      noBounds.push({ layer: name, reason });
      record({ status, rule: `no bound: ${reason}` }, Infinity);
    };

    if (top?.trailing.has(site) === true) {
      record({ status: 'after the logits', rule: 'after the logits: not part of the bound' }, Infinity);
      continue;
    }
    if (site === top?.logits && isSoftmaxLayer(site, lookup)) {
      softmax = 'softmax layer';
      record({ status: 'after the logits', rule: 'the final softmax is left out: the bound and the radii are about the logits before it' }, Infinity);
      continue;
    }
    if (site.nested !== undefined) {
      if (site.nested.inputs.length !== 1 || inputShapes.length !== 1) {
        fail('not supported', `a nested model of ${site.nested.inputs.length} inputs has no rule in layerproof`);
        continue;
      }
      try {
        const inner = await walk(site.nested, lookup.nested(site), inputShapes[0] ?? [], single, `${name}/`, ctx);
        const last = site.nested.sites[site.nested.sites.length - 1];
        const out = last === undefined ? single : inner.bounds.get(last.output) ?? Infinity;
        inner.rules.forEach((r) => rules.add(r));
        noBounds.push(...inner.noBound);
        record({ status: 'nested model', rule: 'a nested model: the bound its own layers give, listed below', ...(Number.isFinite(out) && single > 0 && { factor: out / single }) }, out);
        entries.push(...inner.entries);
      } catch (error) {
        fail('failed', message(error));
      }
      continue;
    }

    let analysis: LayerAnalysis;
    try {
      analysis = await site.analyse(inputShapes, outputShape);
    } catch (error) {
      fail('failed', message(error));
      continue;
    }
    if (analysis.status !== 'affine') {
      let rule: LipschitzRule;
      try {
        rule = await ruleFor(analysis, site, lookup, inputShapes, outputShape);
      } catch (error) {
        rule = noBound(message(error));
      }
      if (rule.kind === 'none') {
        fail(analysis.status, rule.reason);
        continue;
      }
      rules.add(rule.rule);
      if (rule.kind === 'scale') {
        record({ status: analysis.status, factor: rule.factor, rule: rule.rule }, rule.factor * single);
      } else {
        const out = Math.sqrt(ins.reduce((a, l, j) => a + (rule.weights[j] ?? 1) * l * l, 0));
        record({ status: analysis.status, rule: rule.rule }, out);
      }
      continue;
    }

    const operator = analysis.operator;
    const fused = site === top?.logits && operator.activation === 'softmax';
    if (fused) softmax = 'fused softmax';
    const act = fused ? 1 : ACTIVATION_LIPSCHITZ[operator.activation];
    const actText = fused ? ' (its softmax left out: the logits are T·x + b)' : operator.activation === 'linear' ? '' : ` × Lip(${operator.activation}) = ${act}`;
    try {
      if (operator.inputShapes.length === 1) {
        const layer = lookup.layer(site);
        const norm = (layer === undefined ? undefined : await ctx.norms.layer(layer, inputShapes[0] ?? [], ctx.options.norm)) ?? await ctx.norms.operator(operator, ctx.options.norm);
        const factor = norm.upper * act;
        record({ status: 'affine', norm, activation: operator.activation, factor, rule: `‖T‖ ≤ ${show(norm.upper)} (${norm.method})${actText}` }, factor * single);
      } else {
        const norm = await ctx.norms.operator(operator, ctx.options.norm);
        const holder = holderNormBounds(operator);
        const whole = Math.min(norm.upper, holder.whole);
        const sum = ins.reduce((a, l, j) => a + (holder.blocks[j] ?? Infinity) * l, 0);
        const rss = whole * Math.sqrt(ins.reduce((a, l) => a + l * l, 0));
        const out = Math.min(sum, rss) * act;
        rules.add(MERGE);
        const used = sum <= rss ? `Σ_j ‖T_j‖·L_j with ‖T_j‖ ≤ ${holder.blocks.map(show).join(', ')}` : `‖T‖·√(Σ_j L_j²) with ‖T‖ ≤ ${show(whole)}`;
        record({ status: 'affine', norm, activation: operator.activation, rule: `${site.kind} of ${ins.length} inputs: L = ${used}${actText}` }, out);
      }
    } catch (error) {
      fail('failed', message(error));
    }
  }
  return { entries, bounds, rules, noBound: noBounds, ...(softmax !== undefined && { softmax }) };
}

/**
 * A Lipschitz upper bound, ℓ₂ to ℓ₂, of a whole model from its input to its logits: every
 * affine layer contributes its certified operator norm times its activation's constant, every
 * other site its own rule (ReLU and the other 1-Lipschitz activations 1, max pooling √(windows
 * per cell), a residual Add the sum of its branches' bounds, a Concatenate the root of the sum
 * of their squares), multiplied along the graph. A final softmax is left out (the bound is about
 * the logits, as certified radii need). A site with no rule (a product of inputs, a layer
 * layerproof does not know) leaves the model without a bound, reported with its reason rather
 * than guessed.
 */
export async function modelLipschitz(model: LipschitzModel, options: ModelLipschitzOptions = {}): Promise<ModelLipschitz> {
  const op = 'modelLipschitz';
  let sites: ModelSites;
  let lookup: Lookup;
  if (model instanceof tf.LayersModel) {
    if (model.outputs.length !== 1) {
      throw LayerproofError.invalid({ op, argument: 'model.outputs', value: model.outputs.map((o) => o.name), expected: 'a single output: the logits (or probabilities) the bound is about' });
    }
    sites = layersModelSites(model);
    lookup = layersLookup(model);
  } else if (typeof model === 'object' && (model as { model?: unknown }).model instanceof tf.GraphModel) {
    sites = graphModelSites(model.model, model.topology);
    const nodes = new Map(graphNodes(op, model.topology).map((n) => [n.name, n]));
    lookup = { layer: () => undefined, node: (site) => nodes.get(site.name), nested: () => NONE };
  } else {
    throw LayerproofError.invalid({ op, argument: 'model', value: model, expected: 'a tf.LayersModel, or { model: tf.GraphModel, topology } with the GraphDef it was loaded from' });
  }
  const input = sites.inputs[0];
  if (sites.inputs.length !== 1 || input === undefined) {
    throw LayerproofError.invalid({ op, argument: 'model.inputs', value: sites.inputs.map((i) => i.name), expected: 'a single input: the bound is from one input to the logits' });
  }
  const inputShape = options.inputShape ?? input.shape;
  const fits = inputShape.length === input.shape.length && inputShape.every((d, i) => d !== null && Number.isInteger(d) && d >= 1 && (input.shape[i] === null || input.shape[i] === d));
  if (!fits) {
    throw LayerproofError.invalid({
      op, argument: options.inputShape === undefined ? 'inputShape' : 'options.inputShape', value: options.inputShape ?? input.shape,
      expected: `positive integers that fill the sizes the model leaves open in [${input.shape.map((d) => d ?? 'any').join(', ')}] (without the batch), e.g. --input-shape 32,32,3`,
    });
  }
  const shape = inputShape as readonly number[];
  const norms = options.norms ?? await spectrumNormProvider();
  const { site: logits, trailing } = finalSite(sites);
  if (logits === undefined) throw LayerproofError.invalid({ op, argument: 'model', value: sites.format, expected: 'a model with at least one layer or op' });
  const result = await walk(sites, lookup, shape, 1, '', { norms, options, op }, { logits, trailing });
  const tensor = result.softmax === 'softmax layer' ? logits.inputs[0] ?? logits.output : logits.output;
  const bound = result.bounds.get(tensor) ?? Infinity;
  const note = result.softmax === 'softmax layer'
    ? `the final softmax (${logits.name}) is left out: the bound is for the logits that reach it`
    : result.softmax === 'fused softmax'
      ? `the softmax fused into ${logits.name} is left out: the bound is for its logits T·x + b`
      : `the bound is for the output of ${logits.name}, taken as the logits`;
  const usedRules = [COMPOSITION, AFFINE, ...result.rules, ...(result.softmax === undefined ? [] : [`softmax: ${note}`])];
  return {
    format: sites.format,
    inputShape: shape,
    ...(Number.isFinite(bound) && { bound }),
    logits: { tensor, site: logits.name, ...(result.softmax !== undefined && { stripped: result.softmax }), note },
    layers: result.entries,
    rules: usedRules,
    noBound: result.noBound,
  };
}
