/**
 * layerproof: the mathematics of neural-network layers, checked.
 *
 * This entry is the library with TensorFlow.js: everything of `layerproof/math` (the
 * framework-free operators, which load without tfjs), plus the tfjs faces of layers, any
 * tfjs model's operators (models), the backends and the CIFAR-10 trainer. The proof engine is
 * `layerproof/proof` (it loads mathjs); fast-check helpers are `layerproof/testing`.
 *
 * Conventions: tensors are NHWC as in TensorFlow.js; an input of shape [H, W, C] is
 * vectorised row-major, element (h, w, c) at index (h·W + w)·C + c; convolution weights
 * are [kh, kw, cin, cout] (HWIO); outputs are vectorised the same way.
 */
export * from './math.js';

export { tf, quietTfjs } from './tfjs/tf.js';
export { requireSynchronousReads } from './tfjs/requireSynchronousReads.js';
export { useTfjsBackend } from './cnn/backends/useTfjsBackend.js';
export { toTfjs, type ToTfjsOptions } from './cnn/tfjs/toTfjs.js';
export { SumPooling2D } from './cnn/tfjs/SumPooling2D.js';
export { layerWeights } from './cnn/tfjs/layerWeights.js';
export { verifyLayer, type LayerVerification, type VerifiableLayer } from './cnn/tfjs/verifyLayer.js';
export { createModel } from './cnn/tfjs/createModel.js';

// Each module keeps its own barrel; names must not collide across them (a name that math.ts
// re-exports from the same declaration, as the float64 GCN's, is one export, not a collision).
export * from './gcn/index.js';
export * from './models/index.js';
export * from './cnn/backends/index.js';
export * from './cnn/train/index.js';

// Spectra of real layers and whole models (issue 12), and shift consistency (issue 13): these use TensorFlow.js.
export { layerNormBounds } from './spectrum/layerNormBounds.js';
export { modelLipschitz, type LipschitzModel, type ModelLipschitz, type ModelLipschitzOptions, type SiteLipschitz } from './spectrum/model/modelLipschitz.js';
export { certifiedRadii, DEFAULT_RADII, type CertifiedRadii, type CertifiedRadiiOptions, type ImageRadius } from './spectrum/model/certifiedRadii.js';
export { logitsFunction, type LogitsFunction, type ModelLogits } from './spectrum/model/logitsFunction.js';
export { spectrumReport, type SpectrumLayer, type SpectrumOptions, type SpectrumReport } from './spectrum/model/spectrumReport.js';
export {
  shiftConsistency, type FlipConsistencyRow, type ImageBatch, type ShiftConsistency, type ShiftConsistencyOptions, type ShiftConsistencyRow, type ShiftMode,
} from './symmetry/shiftConsistency.js';
export { shiftConsistencyChart } from './symmetry/shiftConsistencyChart.js';
