// Public exports of this module; re-exported by src/index.ts.
export {
  CIFAR_CLASS_NAMES, CIFAR_CLASSES, CIFAR_IMAGE_SIZE, CIFAR_META_FILE, CIFAR_PIXELS, CIFAR_RECORD_BYTES, CIFAR_TEST_FILE, CIFAR_TRAIN_FILES,
  type CifarImages,
} from './cifarFormat.js';
export { checkCifarFile, readCifarFile } from './readCifarFile.js';
export { concatImages, selectImages } from './imageSets.js';
export { locateCifarFiles, type CifarFiles } from './locateCifarFiles.js';
export { readClassNames } from './readClassNames.js';
export { downloadCifar, CIFAR_ARCHIVE_URL, CIFAR_ARCHIVE_MD5, type DownloadCifarOptions } from './downloadCifar.js';
export { stratifiedSplit, shuffle, type Split } from './stratifiedSplit.js';
export { computeNormalisation, type Normalisation } from './normalisation.js';
export { fillBatch, type Augmentation } from './fillBatch.js';
export { lenetSpec, LENET_KERNELS } from './lenetSpec.js';
export { defaultModelSpec, type DefaultModelOptions } from './defaultModelSpec.js';
export { checkClassifierSpec } from './checkClassifierSpec.js';
export { readModelSpecFile } from './readModelSpecFile.js';
export {
  describeConfiguration, type OptimizerName, type ScheduleName, type TrainingConfiguration,
} from './TrainingConfiguration.js';
export { learningRateAt, ONE_CYCLE_WARMUP } from './learningRateAt.js';
export {
  modelDefaults, modelSpecFor, searchConfigurations, type ModelDefaults, type SearchKind, type SearchOptions,
} from './searchConfigurations.js';
export { createOptimizer, FusedMomentum, ScheduledAdam, SGD_MOMENTUM, type ScheduledOptimizer } from './createOptimizer.js';
export { initializeWeights } from './initializeWeights.js';
export { mixSeed } from './mixSeed.js';
export { readCheckpoint, writeCheckpoint, restoreWeights, type CheckpointContents } from './checkpointFile.js';
export { evaluateModel, type Evaluation } from './evaluateModel.js';
export type { ConfigurationProgress, EpochMetrics } from './EpochMetrics.js';
export {
  trainConfiguration, type CheckpointState, type ConfigurationOutcome, type TrainConfigurationInput, type TrainingObserver,
} from './trainConfiguration.js';
export { readRunState, runPaths, type ConfigurationRecord, type RunState, type StoredTrainOptions } from './RunState.js';
export { train, type TrainOptions, type TrainResult } from './train.js';
export { writeRunOutputs, type RunReport } from './writeRunOutputs.js';
export { renderChart, type RenderedChart } from './renderChart.js';
export { configurationCurvesSpec, confusionMatrixSpec, overviewCurvesSpec } from './learningCurveCharts.js';
export { renderFeatureGrid, renderRgbImage, type FeatureGridOptions } from './renderFeatureGrid.js';
export { describeFirstLayerFilters, type FilterDescription } from './describeFirstLayerFilters.js';
export { writeFeatureMaps, type FeatureMaps, type LayerActivation } from './writeFeatureMaps.js';
export { runCommentary } from './runCommentary.js';
export { useTrainingBackend, type TrainingBackend } from './useTrainingBackend.js';
export { createProgressObserver, formatEpoch } from './createProgressObserver.js';
export { isRunFolder, loadRunModel, type RunModel } from './loadRunModel.js';
