import { SparseMatrix } from '../linear/SparseMatrix.js';

/** One block of a block-diagonal (up to permutation) sparse matrix, and how many identical copies it has. */
export interface SparseComponent {
  readonly matrix: SparseMatrix;
  readonly copies: number;
}

function find(parent: Int32Array, i: number): number {
  let r = i;
  while ((parent[r] as number) !== r) r = parent[r] as number;
  let j = i;
  while ((parent[j] as number) !== r) {
    const next = parent[j] as number;
    parent[j] = r;
    j = next;
  }
  return r;
}

/**
 * The connected components of T's bipartite row–column graph (entries of value 0 ignored): up to
 * a permutation of rows and columns T is block diagonal with these blocks, so ‖T‖₂ is the largest
 * of their norms and its singular values are theirs together (plus zeros). A depthwise convolution
 * or a pooling splits into one block per channel. Columns keep their order within a block, so a
 * channel's Gram stays banded; identical blocks (every channel of a pooling) are kept once.
 */
export function sparseComponents(t: SparseMatrix): SparseComponent[] {
  const parent = Int32Array.from({ length: t.cols }, (_, i) => i);
  const { rowPtr, colIndex, values } = t;
  for (let r = 0; r < t.rows; r++) {
    let first = -1;
    for (let k = rowPtr[r] as number; k < (rowPtr[r + 1] as number); k++) {
      if (values[k] === 0) continue;
      const c = colIndex[k] as number;
      if (first < 0) first = find(parent, c);
      else {
        const root = find(parent, c);
        if (root !== first) parent[root] = first;
      }
    }
  }
  // Component of each column; rows join the component of their first non-zero column.
  const label = new Int32Array(t.cols).fill(-1);
  const local = new Int32Array(t.cols);
  const colCount: number[] = [];
  const rootLabel = new Map<number, number>();
  for (let c = 0; c < t.cols; c++) {
    const root = find(parent, c);
    let l = rootLabel.get(root);
    if (l === undefined) {
      l = colCount.length;
      rootLabel.set(root, l);
      colCount.push(0);
    }
    label[c] = l;
    local[c] = colCount[l] ?? 0;
    colCount[l] = (colCount[l] ?? 0) + 1;
  }
  const rowsOf: number[][] = colCount.map(() => []);
  for (let r = 0; r < t.rows; r++) {
    for (let k = rowPtr[r] as number; k < (rowPtr[r + 1] as number); k++) {
      if (values[k] === 0) continue;
      rowsOf[label[colIndex[k] as number] as number]?.push(r);
      break;
    }
  }
  const byKey = new Map<string, { matrix: SparseMatrix; copies: number }[]>();
  const out: { matrix: SparseMatrix; copies: number }[] = [];
  rowsOf.forEach((rows, l) => {
    if (rows.length === 0) return;
    let nnz = 0;
    for (const r of rows) for (let k = rowPtr[r] as number; k < (rowPtr[r + 1] as number); k++) if (values[k] !== 0) nnz++;
    const ptr = new Int32Array(rows.length + 1);
    const ci = new Int32Array(nnz);
    const vs = new Float64Array(nnz);
    let at = 0;
    let hash = 2166136261;
    rows.forEach((r, i) => {
      for (let k = rowPtr[r] as number; k < (rowPtr[r + 1] as number); k++) {
        const v = values[k] as number;
        if (v === 0) continue;
        const c = local[colIndex[k] as number] as number;
        ci[at] = c;
        vs[at] = v;
        hash = Math.imul(hash ^ c, 16777619) ^ Math.imul(Math.round(v * 1e6) | 0, 2654435761);
        at++;
      }
      ptr[i + 1] = at;
    });
    const matrix = new SparseMatrix(rows.length, colCount[l] ?? 0, ptr, ci, vs);
    const key = `${rows.length}:${matrix.cols}:${nnz}:${hash}`;
    const same = byKey.get(key)?.find((o) => equalCsr(o.matrix, matrix));
    if (same !== undefined) {
      same.copies++;
      return;
    }
    const entry = { matrix, copies: 1 };
    out.push(entry);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [entry]);
    else list.push(entry);
  });
  return out;
}

function equalCsr(a: SparseMatrix, b: SparseMatrix): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols || a.nnz !== b.nnz) return false;
  for (let i = 0; i <= a.rows; i++) if (a.rowPtr[i] !== b.rowPtr[i]) return false;
  for (let k = 0; k < a.nnz; k++) if (a.colIndex[k] !== b.colIndex[k] || a.values[k] !== b.values[k]) return false;
  return true;
}
