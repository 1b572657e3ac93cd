import { LayerproofError } from '../../core/LayerproofError.js';
import { graphNodes, type GraphNodeJson } from './GraphDefJson.js';
import { nodeLabel } from './graphAttributes.js';

/**
 * What a tensor of the graph is, for one run of the model:
 * - `value`: depends on the values the model is fed (a site's operand);
 * - `constant`: a Const node's weight, possibly through Identity (read from `model.weights`);
 * - `computed`: fixed for a given input shape but not a stored weight (a `Shape`, a `Pack` of
 *   sizes, arithmetic on constants); layerproof does not evaluate it.
 */
export type TensorKind = 'value' | 'constant' | 'computed';

/** The GraphDef, indexed: nodes by name, topological order, and what each node's output is. */
export interface GraphStructure {
  readonly nodes: ReadonlyMap<string, GraphNodeJson>;
  /** Every node, each after the nodes it reads (GraphDef order is kept where it allows). */
  readonly order: readonly GraphNodeJson[];
  /** Data inputs of a node (control inputs `^x` dropped) as tensor names `node` or `node:k`. */
  dataInputs(node: GraphNodeJson): readonly string[];
  kind(tensor: string): TensorKind;
  /** For a constant tensor, the Const node that holds its value. */
  constSource(tensor: string): string | undefined;
}

/** Ops that pass their input through unchanged: a constant seen through them is still that constant. */
const PASS_THROUGH = new Set(['Identity', 'StopGradient', 'Snapshot']);
/** Ops whose output depends on the input's shape only, never on its values. */
const SHAPE_OPS = new Set(['Shape', 'ShapeN', 'Size', 'Rank']);

/** `node` → { node, index 0 }; `node:k` → { node, k }; tfjs also writes `node:output_name:k` in function bodies. */
export function parseTensorName(name: string): { node: string; index: number; tensor: string } {
  const parts = name.split(':');
  const node = parts[0] ?? name;
  const last = parts.length > 1 ? Number(parts[parts.length - 1]) : 0;
  const index = Number.isInteger(last) && last >= 0 ? last : 0;
  return { node, index, tensor: index === 0 ? node : `${node}:${index}` };
}

export function graphStructure(op: string, topology: unknown): GraphStructure {
  const list = graphNodes(op, topology);
  const nodes = new Map(list.map((n) => [n.name, n]));
  const inputsOf = new Map<string, string[]>();
  const dependsOn = new Map<string, string[]>();
  for (const node of list) {
    const data: string[] = [];
    const deps: string[] = [];
    for (const raw of node.input ?? []) {
      const control = raw.startsWith('^');
      const { node: source, tensor } = parseTensorName(control ? raw.slice(1) : raw);
      if (!nodes.has(source)) {
        throw LayerproofError.invalid({ op, argument: `input '${raw}' of ${nodeLabel(node)}`, value: raw, expected: 'the name of a node of the same graph' });
      }
      deps.push(source);
      if (!control) data.push(tensor);
    }
    inputsOf.set(node.name, data);
    dependsOn.set(node.name, deps);
  }

  // Kahn's algorithm, taking ready nodes in GraphDef order; nodes on a cycle (control-flow
  // loops: NextIteration → Merge) keep their GraphDef order at the end.
  const pending = new Map(list.map((n) => [n.name, new Set(dependsOn.get(n.name)).size]));
  const readers = new Map<string, string[]>();
  for (const node of list) {
    for (const d of new Set(dependsOn.get(node.name))) readers.set(d, [...(readers.get(d) ?? []), node.name]);
  }
  const position = new Map(list.map((n, i) => [n.name, i]));
  const ready = list.filter((n) => pending.get(n.name) === 0).map((n) => n.name);
  const order: GraphNodeJson[] = [];
  const placed = new Set<string>();
  while (ready.length > 0) {
    ready.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    const name = ready.shift() as string;
    placed.add(name);
    order.push(nodes.get(name) as GraphNodeJson);
    for (const r of readers.get(name) ?? []) {
      const left = (pending.get(r) ?? 0) - 1;
      pending.set(r, left);
      if (left === 0) ready.push(r);
    }
  }
  for (const node of list) if (!placed.has(node.name)) order.push(node);

  const kinds = new Map<string, TensorKind>();
  const sources = new Map<string, string>();
  const kindOfTensor = (tensor: string): TensorKind => {
    const { node, index } = parseTensorName(tensor);
    const k = kinds.get(node) ?? 'value';
    // Only output 0 of a Const (or its pass-through) is the constant.
    return k === 'constant' && index !== 0 ? 'computed' : k;
  };
  for (const node of order) {
    const data = inputsOf.get(node.name) ?? [];
    let kind: TensorKind;
    if (node.op.startsWith('Placeholder')) kind = 'value';
    else if (node.op === 'Const') {
      kind = 'constant';
      sources.set(node.name, node.name);
    } else if (SHAPE_OPS.has(node.op)) kind = 'computed';
    else if (PASS_THROUGH.has(node.op) && data.length === 1 && kindOfTensor(data[0] as string) === 'constant') {
      kind = 'constant';
      sources.set(node.name, sources.get(parseTensorName(data[0] as string).node) ?? '');
    } else kind = data.some((t) => kindOfTensor(t) === 'value') ? 'value' : 'computed';
    kinds.set(node.name, kind);
  }

  return {
    nodes,
    order,
    dataInputs: (node) => inputsOf.get(node.name) ?? [],
    kind: kindOfTensor,
    constSource: (tensor) => (kindOfTensor(tensor) === 'constant' ? sources.get(parseTensorName(tensor).node) : undefined),
  };
}
