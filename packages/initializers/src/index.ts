/**
 * @initlab/initializers — the weight-initializer catalogue with each framework's exact semantics:
 * Keras variance scaling (with its truncation correction), PyTorch xavier/kaiming/orthogonal/dirac/sparse,
 * fans for both layouts, PyTorch's gain table, layer presets and metadata for the CLI and docs.
 *
 * @example
 * ```ts
 * import { getInitializer } from '@initlab/initializers';
 * const w = getInitializer('he_normal').sample([784, 256], { seed: 42 });
 * ```
 *
 * @packageDocumentation
 */
export { InitializerError, type InitializerErrorCode, type InitializerErrorDetails } from './errors.js';
export { computeFans } from './fans.js';
export { calculateGain, NONLINEARITIES, type Nonlinearity } from './gain.js';
export { KERAS_TRUNCATION_CORRECTION } from './moments.js';
export { COMPUTE_FANS_OPTION_NAMES, PRESET_SAMPLE_OPTION_NAMES, SAMPLE_OPTION_NAMES, SPLIT_LIST_OPTION_NAMES } from './options.js';
export { getLayerPreset, listLayerPresets, type LayerPreset, type LayerPresetInfo } from './presets.js';
export { formatInitializerSpec, getInitializer, listInitializers, parseInitializerSpec, splitInitializerList } from './registry.js';
export { histogramBins, sampleStats, type HistogramBin, type SampleStats } from './sample-stats.js';
export type {
  ComputeFansOptions,
  DistributionInfo,
  Dtype,
  Fans,
  FrameworkMatch,
  Initializer,
  InitializerConfig,
  InitializerFamily,
  InitializerInfo,
  InitializerSpec,
  Layout,
  NestedNumbers,
  ParameterInfo,
  ParameterRange,
  ParameterValue,
  ResolvedParameters,
  SampleOptions,
  SeedNotebookName,
  ShapeSupport,
  TargetVariance,
} from './types.js';
