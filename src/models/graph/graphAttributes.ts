import { LayerproofError } from '../../core/LayerproofError.js';
import type { GraphAttrJson, GraphNodeJson } from './GraphDefJson.js';

/** `graph node 'conv1' (_FusedConv2D)`: the op named in every message about a node. */
export function nodeLabel(node: GraphNodeJson): string {
  return `graph node '${node.name}' (${node.op})`;
}

function attr(node: GraphNodeJson, name: string): GraphAttrJson | undefined {
  return node.attr?.[name];
}

function bad(node: GraphNodeJson, name: string, value: unknown, expected: string): LayerproofError {
  return LayerproofError.invalid({ op: nodeLabel(node), argument: `attr.${name}`, value, expected });
}

/** A GraphDef string: base64 in model.json (tfjs also accepts a byte array). */
function decodeString(node: GraphNodeJson, name: string, s: unknown): string {
  if (Array.isArray(s) && s.every((c) => typeof c === 'number')) return String.fromCharCode(...s);
  if (typeof s === 'string') {
    try {
      return atob(s);
    } catch {
      throw bad(node, name, s, 'a base64 string, as the converter writes GraphDef strings');
    }
  }
  throw bad(node, name, s, 'a base64 string, as the converter writes GraphDef strings');
}

function toInteger(node: GraphNodeJson, name: string, v: unknown): number {
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  throw bad(node, name, v, "an integer (int64 attributes are strings in model.json, e.g. '2')");
}

function toNumber(node: GraphNodeJson, name: string, v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n === 'number' && !Number.isNaN(n)) return n;
  throw bad(node, name, v, 'a number');
}

/** A string attribute (`padding`, `data_format`, `mode`), decoded, case kept; undefined when absent. */
export function attrString(node: GraphNodeJson, name: string): string | undefined {
  const a = attr(node, name);
  if (a === undefined) return undefined;
  if (a.s === undefined) throw bad(node, name, a, "a string attribute { s: '<base64>' }");
  return decodeString(node, name, a.s);
}

/** A list of strings (`fused_ops`), decoded; undefined when absent. */
export function attrStrings(node: GraphNodeJson, name: string): string[] | undefined {
  const a = attr(node, name);
  if (a === undefined) return undefined;
  const list = a.list?.s ?? (a.list !== undefined ? [] : undefined);
  if (list === undefined) throw bad(node, name, a, "a list of strings { list: { s: ['<base64>', ...] } }");
  return list.map((s) => decodeString(node, name, s));
}

/** A list of integers (`strides`, `ksize`, `explicit_paddings`); undefined when absent. */
export function attrInts(node: GraphNodeJson, name: string): number[] | undefined {
  const a = attr(node, name);
  if (a === undefined) return undefined;
  if (a.list === undefined) throw bad(node, name, a, "a list of integers { list: { i: ['1', '2', '2', '1'] } }");
  const list = a.list.i ?? a.list.f ?? [];
  return list.map((v) => toInteger(node, name, v));
}

/** A number (`epsilon`, `leakyrelu_alpha` as `f`, or an integer `i`); undefined when absent. */
export function attrNumber(node: GraphNodeJson, name: string): number | undefined {
  const a = attr(node, name);
  if (a === undefined) return undefined;
  if (a.f !== undefined) return toNumber(node, name, a.f);
  if (a.i !== undefined) return toInteger(node, name, a.i);
  throw bad(node, name, a, 'a number { f: 0.2 } or { i: \'1\' }');
}

/** A boolean (`transpose_b`, `keep_dims`); undefined when absent. */
export function attrBool(node: GraphNodeJson, name: string): boolean | undefined {
  const a = attr(node, name);
  if (a === undefined) return undefined;
  if (typeof a.b === 'boolean') return a.b;
  // proto3 JSON omits false values: `{}` is false.
  if (a.b === undefined && Object.keys(a).length === 0) return false;
  throw bad(node, name, a, 'a boolean { b: true }');
}
