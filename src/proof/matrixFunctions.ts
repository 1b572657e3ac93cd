import { LayerproofError } from '../core/LayerproofError.js';
import { plainValue, reshape, shapeOf, flattenValue, type ClaimValue } from './ClaimValue.js';
import { asMatrix, asNumber, asSquareMatrix, asVector } from './numericArguments.js';
import { group, proofFunction, type ProofFunction } from './proofFunction.js';

/** Applies `f` to every number of a numeric value, keeping its shape. */
function mapEntries(op: string, value: unknown, f: (v: number) => number): ClaimValue {
  const v = plainValue(value);
  const shape = shapeOf(v, op, 'M');
  const data = flattenValue(v, op, 'M').map(f);
  return shape.length === 0 ? (data[0] ?? NaN) : reshape(data, shape);
}

/**
 * Functions of vectors and matrices that every proof may use: vec, ReLU, homogeneous
 * coordinates, powers of diagonal matrices.
 */
export function matrixFunctions(): Record<string, ProofFunction> {
  return {
    vec: proofFunction({
      usage: 'vec(x)',
      description: 'the entries of a vector, matrix or image in row-major order (for an image [H][W][C], entry (h, w, c) at (h·W + w)·C + c)',
      tex: ([x = '']) => `\\operatorname{vec}${group(x)}`,
      evaluate: (x) => Array.from(flattenValue(x, 'vec', 'x')),
    }),
    relu: proofFunction({
      usage: 'relu(M)',
      description: 'max(0, ·) applied to every entry of a number, vector, matrix or image',
      tex: ([m = '']) => `\\operatorname{ReLU}\\left(${m}\\right)`,
      evaluate: (m) => mapEntries('relu', m, (v) => (v > 0 ? v : 0)),
    }),
    homogeneous: proofFunction({
      usage: 'homogeneous(T, c)',
      description: 'the (m+1)×(n+1) matrix [[T, c], [0, 1]] of the affine map x ↦ T·x + c in homogeneous coordinates',
      tex: ([t = '', c = '']) => `\\begin{pmatrix} ${t} & ${c} \\\\ \\mathbf{0}^{\\top} & 1 \\end{pmatrix}`,
      evaluate: (t, c) => {
        const T = asMatrix('homogeneous', 'T', t);
        const v = asVector('homogeneous', 'c', c);
        if (v.length !== T.length) {
          throw LayerproofError.invalid({ op: 'homogeneous', argument: 'c', value: `a vector of length ${v.length}`, expected: `a vector of length ${T.length}, the rows of T` });
        }
        const n = T[0]?.length ?? 0;
        return [...T.map((row, i) => [...row, v[i] ?? NaN]), [...Array.from({ length: n }, () => 0), 1]];
      },
    }),
    append1: proofFunction({
      usage: 'append1(v)',
      description: 'the vector v with a 1 appended: v in homogeneous coordinates',
      tex: ([v = '']) => `\\begin{pmatrix} ${v} \\\\ 1 \\end{pmatrix}`,
      evaluate: (v) => [...asVector('append1', 'v', v), 1],
    }),
    diagPow: proofFunction({
      usage: 'diagPow(D, e)',
      description: 'the power D^e of a diagonal matrix with positive diagonal, taken entry by entry on the diagonal (a diagonal matrix function)',
      tex: ([d = '', e = '']) => `${group(d)}^{${e}}`,
      evaluate: (d, e) => {
        const D = asSquareMatrix('diagPow', 'D', d);
        const p = asNumber('diagPow', 'e', e);
        return D.map((row, i) => row.map((v, j) => {
          if (i !== j) {
            if (v !== 0) throw LayerproofError.invalid({ op: 'diagPow', argument: `D[${i}][${j}]`, value: v, expected: '0: D must be diagonal' });
            return 0;
          }
          if (!(v > 0)) throw LayerproofError.invalid({ op: 'diagPow', argument: `D[${i}][${i}]`, value: v, expected: 'a positive number (a degree)' });
          return v ** p;
        }));
      },
    }),
    firstRow: proofFunction({
      usage: 'firstRow(H)',
      description: 'the first row of a matrix: a readout that depends on the numbering of the nodes',
      tex: ([h = '']) => `${group(h)}_{1,:}`,
      evaluate: (h) => {
        const H = asMatrix('firstRow', 'H', h);
        const row = H[0];
        if (row === undefined) throw LayerproofError.invalid({ op: 'firstRow', argument: 'H', value: H, expected: 'a matrix with at least one row' });
        return row;
      },
    }),
  };
}
