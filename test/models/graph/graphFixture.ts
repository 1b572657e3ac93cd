import { tf } from '../../../src/tfjs/tf.js';
import type { GraphAttrJson, GraphDefJson, GraphNodeJson } from '../../../src/models/graph/GraphDefJson.js';
import { graphModelSites } from '../../../src/models/graph/graphModelSites.js';
import type { LayerAnalysis } from '../../../src/models/layers/LayerOperatorBuilder.js';
import type { OperatorSite } from '../../../src/models/ModelSites.js';
import { checkOperator, type OperatorCheck } from '../../../src/models/verify/checkOperator.js';
import { uniformData } from '../../support/arbitraries.js';

/** GraphDef attributes as the converter writes them in model.json. */
export const attr = {
  s: (v: string): GraphAttrJson => ({ s: btoa(v) }),
  i: (v: number): GraphAttrJson => ({ i: String(v) }),
  f: (v: number): GraphAttrJson => ({ f: v }),
  b: (v: boolean): GraphAttrJson => ({ b: v }),
  ints: (v: readonly number[]): GraphAttrJson => ({ list: { i: v.map(String) } }),
  strs: (v: readonly string[]): GraphAttrJson => ({ list: { s: v.map((x) => btoa(x)) } }),
  dtype: (v = 'DT_FLOAT'): GraphAttrJson => ({ type: v }),
};

export interface FixtureWeight {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
  /** Default float32. */
  readonly dtype?: 'float32' | 'int32';
}

export interface GraphFixture {
  /** Placeholders, shapes without the batch (declared as −1). */
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  /** The op nodes (Placeholder and Const nodes are added from `inputs` and `weights`). */
  readonly nodes: readonly GraphNodeJson[];
  /** Const nodes and their values; `omit` leaves a Const node without a weight. */
  readonly weights?: Readonly<Record<string, FixtureWeight>>;
  readonly constsWithoutWeights?: readonly string[];
}

/** The model.json of a fixture: its GraphDef, weight specs and the bytes of the weights. */
export function fixtureArtifacts(f: GraphFixture): { topology: GraphDefJson; weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer } {
  const placeholders: GraphNodeJson[] = Object.entries(f.inputs).map(([name, shape]) => ({
    name, op: 'Placeholder', attr: { dtype: attr.dtype(), shape: { shape: { dim: [-1, ...shape].map((size) => ({ size: String(size) })) } } },
  }));
  const weights = Object.entries(f.weights ?? {});
  const consts: GraphNodeJson[] = [...weights.map(([name]) => name), ...(f.constsWithoutWeights ?? [])].map((name) => ({
    name, op: 'Const', attr: { dtype: attr.dtype(f.weights?.[name]?.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT') },
  }));
  const weightSpecs = weights.map(([name, w]) => ({ name, shape: [...w.shape], dtype: w.dtype ?? 'float32' }));
  const arrays = weights.map(([, w]) => (w.dtype === 'int32' ? Int32Array.from(w.data) : Float32Array.from(w.data)));
  const bytes = new Uint8Array(arrays.reduce((a, x) => a + x.byteLength, 0));
  let at = 0;
  for (const x of arrays) {
    bytes.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength), at);
    at += x.byteLength;
  }
  return { topology: { node: [...placeholders, ...consts, ...f.nodes], versions: { producer: 1 } }, weightSpecs, weightData: bytes.buffer };
}

export async function loadFixture(f: GraphFixture): Promise<{ model: tf.GraphModel; topology: GraphDefJson }> {
  const { topology, weightSpecs, weightData } = fixtureArtifacts(f);
  const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs, weightData, format: 'graph-model' }));
  return { model, topology };
}

export interface SiteResult {
  readonly site: OperatorSite;
  readonly analysis: LayerAnalysis;
  /** For affine sites: act(T·x + b) against what the model computed. */
  readonly check?: OperatorCheck;
}

/**
 * Runs the model on `batch` random samples, fetches every site's operands and output through the
 * sites' own `run`, and checks each affine site with `checkOperator`. `topology` may differ from
 * the model's own (a negative control: operators built from wrong attributes, checked against
 * the real model's activations).
 */
export async function checkSites(model: tf.GraphModel, topology: GraphDefJson, seed: number, batch = 2): Promise<SiteResult[]> {
  const ms = graphModelSites(model, topology);
  const inputs = ms.inputs.map((input, j) => {
    const shape = input.shape.map((d) => d ?? 1);
    const n = batch * shape.reduce((a, b) => a * b, 1);
    return tf.tensor(uniformData(n, seed + 17 * j), [batch, ...shape]);
  });
  try {
    const names = [...new Set(ms.sites.flatMap((s) => [...s.inputs, s.output]))];
    const values = await ms.run(inputs, names);
    const value = (name: string) => {
      const v = values.get(name);
      if (v === undefined) throw new Error(`run returned no value for '${name}'`);
      return v;
    };
    const results: SiteResult[] = [];
    for (const site of ms.sites) {
      const operands = site.inputs.map(value);
      const output = value(site.output);
      const analysis = await site.analyse(operands.map((v) => v.shape.slice(1)), output.shape.slice(1));
      results.push({
        site,
        analysis,
        ...(analysis.status === 'affine' && { check: checkOperator(analysis.operator, operands.map((v) => v.data), output.data, batch) }),
      });
    }
    return results;
  } finally {
    tf.dispose(inputs);
  }
}

/** The one result of site `name`. */
export function siteResult(results: readonly SiteResult[], name: string): SiteResult {
  const r = results.find((x) => x.site.name === name);
  if (r === undefined) throw new Error(`no site '${name}' among ${results.map((x) => x.site.name).join(', ')}`);
  return r;
}

/** Random weights in [−1, 1] from a seed. */
export function randomWeight(shape: readonly number[], seed: number): FixtureWeight {
  return { shape, data: uniformData(shape.reduce((a, b) => a * b, 1), seed) };
}

/** A copy of `topology` with node `name` changed by `change` (negative controls). */
export function mutateNode(topology: GraphDefJson, name: string, change: (node: GraphNodeJson) => GraphNodeJson): GraphDefJson {
  return { ...topology, node: topology.node.map((n) => (n.name === name ? change(n) : n)) };
}

/** Summary of a check for assertion messages. */
export function describeCheck(r: SiteResult): string {
  if (r.check === undefined) return `${r.site.name}: ${r.analysis.status}${r.analysis.status === 'affine' ? '' : ` (${r.analysis.reason})`}`;
  const c = r.check;
  return `${r.site.name}: ok=${c.ok} worst ratio ${c.worstRatio.toPrecision(3)} max |err| ${c.maxAbsError.toExponential(2)} (tolerance ${c.tolerance.name}) at sample ${c.worst.sample} index ${c.worst.index}: ${c.worst.actual} vs ${c.worst.expected}`;
}
