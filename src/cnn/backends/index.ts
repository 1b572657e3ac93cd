// Public exports of this module; re-exported by src/index.ts.
export {
  selectBackend, type BackendChoice, type BackendInfo, type BackendName, type DeviceChoice, type SelectBackendOptions,
} from './selectBackend.js';
export { conv2dFilterGradient, im2colIndex, type FilterGradientStrategy } from './conv2dFilterGradient.js';
export { conv2dInputGradient } from './conv2dInputGradient.js';
export { batchNormGradient } from './batchNormGradient.js';
export { depthwiseConv2dFilterGradient, depthwiseConv2dInputGradient } from './depthwiseConv2dGradients.js';
export type { Conv2dGradientOptions, ConvLayerOptions } from './gradientOptions.js';
export {
  installTrainingKernels, installedTrainingKernels, uninstallTrainingKernels, type TrainingKernelOptions,
} from './trainingKernels.js';
export { registerWebGpuBackend, setWebGpuUploads, type WebGpuAdapter, type WebGpuRegistration } from './webgpuBackend.js';
export {
  bindGroupKey, bindingCacheStats, cacheWebGpuBindings, setWebGpuBindingCache, uniformKey, type BindingCacheStats, type InstalledBindingCache,
} from './webgpuBindingCache.js';
export { adamMoment, adamStep, momentumAccumulate, momentumStep } from './optimizerUpdates.js';
export { OPTIMIZER_KERNELS } from './webgpuOptimizerKernels.js';
export { registerTensorflowBackend, TFJS_NODE_GPU_REQUIREMENTS, type TensorflowRegistration } from './tensorflowBackend.js';
export { fixWasmSamePadding, wasmSamePaddingFixed, stockWasmConv2dCounterexample } from './fixWasmSamePadding.js';
