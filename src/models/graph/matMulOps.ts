import { LayerproofError } from '../../core/LayerproofError.js';
import { affine, notLinear, type LayerAnalysis } from '../layers/LayerOperatorBuilder.js';
import { constantOnOutput } from './elementwiseOperator.js';
import { fusedOps } from './fusedOps.js';
import { attrBool } from './graphAttributes.js';
import { argument, constantArgument, isAnalysis, notSupported, type GraphOpContext, type GraphOpRegistry } from './GraphOpContext.js';
import { rowOperator } from '../rowOperator.js';

/**
 * x·W with x the operand (batch first) and W a constant matrix: MatMul, _FusedMatMul (bias and
 * activation after it), BatchMatMul/V2 (x of any rank ≥ 2, W broadcast over its leading axes).
 * Row (l, i, m) of T holds W[·, m] at the columns of row i of matrix l of x:
 *
 * $$y_{l,i,m} = \sum_k x_{l,i,k}\,W_{k,m} + b_m.$$
 */
function matMul(fused: boolean, transposeA: string, transposeB: string) {
  return (ctx: GraphOpContext): LayerAnalysis => {
    const a = argument(ctx, 0, 'a');
    const b = argument(ctx, 1, 'b');
    if (a.kind === 'value' && b.kind === 'value') return notLinear(`${ctx.node.op} of two tensors is bilinear, not linear`);
    if (a.kind !== 'value') return notSupported(`not supported: ${ctx.node.op} with a constant first operand (the output's first axis would not be the batch)`);
    const w = constantArgument(ctx, 1, 'b', true);
    if (isAnalysis(w)) return w;
    const ta = attrBool(ctx.node, transposeA) ?? false;
    const tb = attrBool(ctx.node, transposeB) ?? false;
    // The operand without the batch: [K] for a rank-2 MatMul, [...lead, R, K] for batched products.
    const x = a.shape;
    if (x.length === 1 && ta) return notSupported(`not supported: ${ctx.node.op} with ${transposeA} on a matrix whose rows are the batch`);
    if (w.shape.length < 2 || w.shape.slice(0, -2).some((d) => d !== 1)) {
      return notSupported(`not supported: ${ctx.node.op} with a constant of shape [${w.shape.join(', ')}] (layerproof takes one matrix, not a batch of them)`);
    }
    const [w0, w1] = w.shape.slice(-2) as [number, number];
    const [k, m] = tb ? [w1, w0] : [w0, w1];
    const lead = x.length === 1 ? [] : x.slice(0, -2);
    const [r, kx] = x.length === 1 ? [1, x[0] as number] : ta ? [x[x.length - 1] as number, x[x.length - 2] as number] : [x[x.length - 2] as number, x[x.length - 1] as number];
    if (kx !== k) {
      throw LayerproofError.invalid({ op: ctx.op, argument: 'b shape', value: w.shape, expected: `${tb ? `[M, ${kx}]` : `[${kx}, M]`}: its ${tb ? 'second' : 'first'} axis must match the ${kx} columns of the operand of shape [batch, ${x.join(', ')}]` });
    }
    const outputShape = x.length === 1 ? [m] : [...lead, r, m];
    let bias: Float64Array | undefined;
    const f = fused ? fusedOps(ctx) : { bias: false, activation: 'linear' as const };
    if ('status' in f) return f;
    if (f.bias) {
      const c = constantArgument(ctx, 2, 'bias');
      if (isAnalysis(c)) return c;
      const values = constantOnOutput({ ...ctx, outputShape }, c, 'bias');
      if ('status' in values) return values;
      bias = values;
    }
    // The operand is the site's only input: its columns start at 0.
    const wData = w.data;
    return affine(rowOperator({
      kind: ctx.node.op,
      inputShapes: ctx.inputShapes,
      outputShape,
      ...(bias !== undefined && { bias }),
      activation: f.activation,
      rowLength: () => k,
      fillRow: (row, colIndex, values, at) => {
        const col = row % m;
        const li = (row - col) / m;
        const i = li % r;
        const l = (li - i) / r;
        for (let q = 0; q < k; q++) {
          colIndex[at + q] = ta ? (l * k + q) * r + i : (l * r + i) * k + q;
          values[at + q] = tb ? (wData[col * k + q] as number) : (wData[q * m + col] as number);
        }
      },
    }));
  };
}

/** Matrix products, by op. */
export const MATMUL_OPS: GraphOpRegistry = {
  MatMul: matMul(false, 'transpose_a', 'transpose_b'),
  _FusedMatMul: matMul(true, 'transpose_a', 'transpose_b'),
  BatchMatMul: matMul(false, 'adj_x', 'adj_y'),
  BatchMatMulV2: matMul(false, 'adj_x', 'adj_y'),
};
