import { LayerproofError } from '../../core/LayerproofError.js';

/**
 * One attribute of a GraphDef node as the TensorFlow.js converter writes it in model.json:
 * `{ i: '1' }` (int64 as a string), `{ f: 0.2 }`, `{ b: true }`, `{ s: '<base64>' }`,
 * `{ type: 'DT_FLOAT' }`, `{ list: { i: ['1', '2', '2', '1'] } }`, `{ list: { s: [...] } }`, ...
 */
export interface GraphAttrJson {
  readonly s?: string | readonly number[];
  readonly i?: string | number;
  readonly f?: number | string;
  readonly b?: boolean;
  readonly type?: string | number;
  readonly shape?: unknown;
  readonly tensor?: unknown;
  readonly func?: unknown;
  readonly list?: {
    readonly s?: readonly (string | readonly number[])[];
    readonly i?: readonly (string | number)[];
    readonly f?: readonly (number | string)[];
    readonly b?: readonly boolean[];
    readonly type?: readonly (string | number)[];
    readonly shape?: readonly unknown[];
  };
}

/** One node of the GraphDef: `input` names are `node`, `node:k` (k-th output) or `^node` (control). */
export interface GraphNodeJson {
  readonly name: string;
  readonly op: string;
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, GraphAttrJson>>;
  readonly device?: string;
}

/** A graph model's `modelTopology`: the TensorFlow GraphDef as JSON. */
export interface GraphDefJson {
  readonly node: readonly GraphNodeJson[];
  readonly versions?: unknown;
  readonly library?: unknown;
}

/** Validates the GraphDef's shape at the boundary: a list of uniquely named nodes with an op each. */
export function graphNodes(op: string, topology: unknown): readonly GraphNodeJson[] {
  if (typeof topology !== 'object' || topology === null || !Array.isArray((topology as { node?: unknown }).node)) {
    throw LayerproofError.invalid({
      op, argument: 'topology', value: topology,
      expected: "a graph model's modelTopology (the GraphDef as JSON, { node: [{ name, op, input, attr }], versions })",
    });
  }
  const nodes = (topology as { node: unknown[] }).node;
  const seen = new Set<string>();
  nodes.forEach((node, k) => {
    const n = node as Partial<Record<keyof GraphNodeJson, unknown>> | null;
    if (typeof n !== 'object' || n === null || typeof n.name !== 'string' || n.name === '' || typeof n.op !== 'string' || n.op === '') {
      throw LayerproofError.invalid({ op, argument: `topology.node[${k}]`, value: node, expected: 'a node { name, op, input?, attr? } with a non-empty name and op' });
    }
    if (n.input !== undefined && !(Array.isArray(n.input) && n.input.every((i) => typeof i === 'string'))) {
      throw LayerproofError.invalid({ op, argument: `topology.node[${k}].input (node '${n.name}')`, value: n.input, expected: "a list of tensor names ('node', 'node:1' or '^node')" });
    }
    if (n.attr !== undefined && (typeof n.attr !== 'object' || n.attr === null || Array.isArray(n.attr))) {
      throw LayerproofError.invalid({ op, argument: `topology.node[${k}].attr (node '${n.name}')`, value: n.attr, expected: 'an object of attributes by name' });
    }
    if (seen.has(n.name)) {
      throw LayerproofError.invalid({ op, argument: `topology.node[${k}].name`, value: n.name, expected: 'a name no other node has (GraphDef node names are unique)' });
    }
    seen.add(n.name);
  });
  return nodes as GraphNodeJson[];
}
