import { LayerproofError } from '../../core/LayerproofError.js';
import { shapeSize } from '../AffineOperator.js';
import { affine, type LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import { stridesOf } from './broadcastIndex.js';
import { attrInts, attrString } from './graphAttributes.js';
import { argument, constantArgument, integerValues, isAnalysis, notSupported, type GraphOpContext, type GraphOpRegistry } from './GraphOpContext.js';
import { selectionOperator, unravel } from './selectionOperator.js';

/** The site's only operand: data input 0 must depend on the model's input. */
function operand(ctx: GraphOpContext): readonly number[] | LayerAnalysis {
  const x = argument(ctx, 0, 'input');
  return x.kind === 'value' ? x.shape : notSupported(`not supported: ${ctx.node.op} of a constant`);
}

/** An axis of the tensor with its batch (rank `rank`), negative counting from the end, as 0 … rank − 1. */
function normaliseAxis(ctx: GraphOpContext, axis: number, rank: number, role: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw LayerproofError.invalid({ op: ctx.op, argument: role, value: axis, expected: `an axis in [${-rank}, ${rank - 1}] of a tensor of rank ${rank}` });
  }
  return a;
}

const acrossBatch = (ctx: GraphOpContext, what: string): LayerAnalysis =>
  notSupported(`not supported: ${ctx.node.op} ${what} the batch axis (it mixes or moves samples)`);

/**
 * Identity, Reshape, Squeeze, ExpandDims: the same elements in the same row-major order, so T = I,
 * provided every sample keeps its own elements (same size, batch axis untouched).
 */
function sameElements(ctx: GraphOpContext): LayerAnalysis {
  const x = operand(ctx);
  if ('status' in x) return x;
  if (shapeSize(x) !== shapeSize(ctx.outputShape)) {
    return notSupported(`not supported: ${ctx.node.op} of [batch, ${x.join(', ')}] into [batch, ${ctx.outputShape.join(', ')}]: each output sample is not one input sample`);
  }
  if (ctx.node.op === 'Squeeze') {
    const axes = attrInts(ctx.node, 'squeeze_dims') ?? attrInts(ctx.node, 'axis') ?? [];
    if (axes.some((a) => normaliseAxis(ctx, a, x.length + 1, 'attr.squeeze_dims') === 0)) return acrossBatch(ctx, 'that squeezes');
  }
  if (ctx.node.op === 'ExpandDims') {
    const axis = constantArgument(ctx, 1, 'axis');
    if (isAnalysis(axis)) return axis;
    const [value] = integerValues(ctx, axis, 'axis');
    if (normaliseAxis(ctx, value ?? 0, x.length + 2, 'axis') === 0) return acrossBatch(ctx, 'that inserts an axis before');
  }
  return affine(selectionOperator(ctx, ctx.outputShape, (row) => row));
}

/** Transpose with a constant permutation that keeps the batch axis first: a permutation matrix. */
function transpose(ctx: GraphOpContext): LayerAnalysis {
  const x = operand(ctx);
  if ('status' in x) return x;
  const permC = constantArgument(ctx, 1, 'perm');
  if (isAnalysis(permC)) return permC;
  const perm = integerValues(ctx, permC, 'perm');
  const rank = x.length + 1;
  if (perm.length !== rank || [...perm].sort((p, q) => p - q).some((p, i) => p !== i)) {
    throw LayerproofError.invalid({ op: ctx.op, argument: 'perm', value: perm, expected: `a permutation of 0 … ${rank - 1}` });
  }
  if (perm[0] !== 0) return acrossBatch(ctx, 'that moves');
  const inStrides = stridesOf(x);
  const outShape = perm.slice(1).map((p) => x[p - 1] as number);
  const o: number[] = [];
  return affine(selectionOperator(ctx, outShape, (row) => {
    unravel(row, outShape, o);
    let col = 0;
    for (let d = 0; d < outShape.length; d++) col += (o[d] as number) * (inStrides[(perm[d + 1] as number) - 1] as number);
    return col;
  }));
}

/**
 * Pad (zeros), PadV2 (a constant: the bias of the padded cells) and MirrorPad (REFLECT or
 * SYMMETRIC: padded cells copy input cells), with constant paddings that leave the batch alone.
 */
function pad(ctx: GraphOpContext): LayerAnalysis {
  const x = operand(ctx);
  if ('status' in x) return x;
  const pc = constantArgument(ctx, 1, 'paddings');
  if (isAnalysis(pc)) return pc;
  const p = integerValues(ctx, pc, 'paddings');
  const rank = x.length + 1;
  if (p.length !== 2 * rank || p.some((v) => v < 0)) {
    throw LayerproofError.invalid({ op: ctx.op, argument: 'paddings', value: p, expected: `[${rank}, 2] non-negative integers, [before, after] per axis` });
  }
  if (p[0] !== 0 || p[1] !== 0) return acrossBatch(ctx, 'that pads');
  const before = x.map((_n, d) => p[2 * (d + 1)] as number);
  const after = x.map((_n, d) => p[2 * (d + 1) + 1] as number);
  const outShape = x.map((n, d) => n + (before[d] as number) + (after[d] as number));
  let value = 0;
  let mirror: 'reflect' | 'symmetric' | undefined;
  if (ctx.node.op === 'PadV2') {
    const c = constantArgument(ctx, 2, 'constant_values');
    if (isAnalysis(c)) return c;
    value = c.data[0] ?? 0;
  }
  if (ctx.node.op === 'MirrorPad') {
    const mode = (attrString(ctx.node, 'mode') ?? '').toLowerCase();
    if (mode !== 'reflect' && mode !== 'symmetric') throw LayerproofError.invalid({ op: ctx.op, argument: 'attr.mode', value: mode, expected: "'REFLECT' or 'SYMMETRIC'" });
    mirror = mode;
    const limit = mode === 'reflect' ? 1 : 0;
    x.forEach((n, d) => {
      if (Math.max(before[d] as number, after[d] as number) > n - limit) {
        throw LayerproofError.invalid({ op: ctx.op, argument: `paddings of axis ${d + 1}`, value: [before[d], after[d]], expected: `at most ${n - limit} for an axis of ${n} in ${mode} mode` });
      }
    });
  }
  const inStrides = stridesOf(x);
  const o: number[] = [];
  const source = (row: number): number => {
    unravel(row, outShape, o);
    let col = 0;
    for (let d = 0; d < x.length; d++) {
      const n = x[d] as number;
      let i = (o[d] as number) - (before[d] as number);
      if (i < 0 || i >= n) {
        if (mirror === undefined) return -1;
        i = i < 0 ? (mirror === 'reflect' ? -i : -i - 1) : (mirror === 'reflect' ? 2 * (n - 1) - i : 2 * n - 1 - i);
      }
      col += i * (inStrides[d] as number);
    }
    return col;
  };
  const rows = shapeSize(outShape);
  const bias = new Float64Array(rows);
  if (value !== 0) for (let r = 0; r < rows; r++) if (source(r) < 0) bias[r] = value;
  return affine(selectionOperator(ctx, outShape, source, bias));
}

/** ConcatV2 (axis last) and Concat (axis first) of operands along a constant axis other than the batch. */
function concat(axisFirst: boolean) {
  return (ctx: GraphOpContext): LayerAnalysis => {
    const n = ctx.args.length - 1;
    const axisIndex = axisFirst ? 0 : n;
    const ac = constantArgument(ctx, axisIndex, 'axis');
    if (isAnalysis(ac)) return ac;
    const parts = ctx.args.filter((_a, i) => i !== axisIndex);
    if (parts.some((a) => a.kind !== 'value')) return notSupported(`not supported: ${ctx.node.op} of a constant (it would need the batch size)`);
    const shapes = ctx.inputShapes;
    const rank = (shapes[0]?.length ?? 0) + 1;
    const axis = normaliseAxis(ctx, integerValues(ctx, ac, 'axis')[0] ?? 0, rank, 'axis');
    if (axis === 0) return acrossBatch(ctx, 'along');
    const d = axis - 1;
    shapes.forEach((s, j) => {
      if (s.length !== rank - 1 || s.some((v, i) => i !== d && v !== shapes[0]?.[i])) {
        throw LayerproofError.invalid({ op: ctx.op, argument: `input ${j} shape`, value: s, expected: `[${(shapes[0] ?? []).map((v, i) => (i === d ? '*' : v)).join(', ')}]: all operands agree except on the concatenation axis` });
      }
    });
    const inner = shapeSize((shapes[0] ?? []).slice(d + 1));
    const blocks = shapes.map((s) => (s[d] as number) * inner);
    const outBlock = blocks.reduce((a, b) => a + b, 0);
    const offsets: number[] = [];
    let offset = 0;
    for (const s of shapes) {
      offsets.push(offset);
      offset += shapeSize(s);
    }
    const outShape = (shapes[0] ?? []).map((v, i) => (i === d ? outBlock / inner : v));
    return affine(selectionOperator(ctx, outShape, (row) => {
      const outer = Math.floor(row / outBlock);
      let within = row - outer * outBlock;
      let j = 0;
      while (within >= (blocks[j] as number)) within -= blocks[j++] as number;
      return (offsets[j] as number) + outer * (blocks[j] as number) + within;
    }));
  };
}

/** Ops that move elements without arithmetic, by op. */
export const SHAPE_OPS: GraphOpRegistry = {
  Identity: sameElements,
  StopGradient: sameElements,
  Snapshot: sameElements,
  EnsureShape: sameElements,
  Reshape: sameElements,
  Squeeze: sameElements,
  ExpandDims: sameElements,
  Transpose: transpose,
  Pad: pad,
  PadV2: pad,
  MirrorPad: pad,
  ConcatV2: concat(false),
  Concat: concat(true),
};
