// A test-local NormProvider: the exact ‖T‖₂ of small operators from ml-matrix's dense SVD, so the
// model-level tests do not depend on how src/spectrum bounds a layer.
import { SVD } from 'ml-matrix';
import type { AffineOperator } from '../../../../src/models/AffineOperator.js';
import { layerOperator } from '../../../../src/models/layers/layerOperator.js';
import type { NormBound } from '../../../../src/spectrum/NormBound.js';
import type { NormProvider } from '../../../../src/spectrum/model/NormProvider.js';

export function denseNorm(op: AffineOperator): NormBound {
  const start = performance.now();
  const m = op.rowBlock(0, op.rows).toDense();
  const sigma = new SVD(m, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal;
  const top = Math.max(0, ...sigma);
  return { lower: top, upper: top, exact: true, method: 'dense-svd', rests: 'a float64 SVD of the dense T (test reference)', ms: performance.now() - start };
}

export const denseNorms: NormProvider = {
  layer: async (layer, inputShape) => {
    const a = await layerOperator(layer, inputShape);
    return a.status === 'affine' ? denseNorm(a.operator) : undefined;
  },
  operator: (op) => Promise.resolve(denseNorm(op)),
};
