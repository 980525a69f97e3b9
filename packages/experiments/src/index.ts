/**
 * `@initlab/experiments`: validated experiment configs (JSON or YAML, a zod schema and its JSON Schema), grid
 * expansion with stable run ids and sharding, and the runner that loads data once, trains one ensemble per
 * grid point, evaluates against the baseline on the same split, and streams one JSON line per finished run
 * (kill-safe, resumable).
 *
 * @packageDocumentation
 */
export { ExperimentError, type ExperimentErrorCode } from './errors.js';
export type {
  ActivationConfig,
  ActivationName,
  CsvDataConfig,
  DataConfig,
  DatasetDataConfig,
  DiagnosticsConfig,
  ExperimentConfig,
  GridConfig,
  HiddenLayerConfig,
  InitializerEntry,
  ModelLayerConfig,
  TypedLayerConfig,
  LossName,
  ModelConfig,
  OptimizerConfig,
  OutputLayerConfig,
  PreprocessConfig,
  ReferenceConfig,
  SplitConfig,
  TaskName,
  TrainingConfig,
} from './config.js';
export { ExperimentConfigSchema, type ExperimentConfigInput } from './schema.js';
export type { HeatmapConfig, HeatmapOverlay } from './heatmap.js';
// The heatmap quantities the theory curve draws (the results format owns the list).
export { HEATMAP_THEORY_QUANTITIES } from '@initlab/results';
// The scalings preprocess.features takes (the results format owns the list).
export { FEATURE_SCALINGS } from '@initlab/results';
export { parseExperiment, validateExperiment, loadExperimentFile, type ValidateExperimentOptions } from './parse.js';
export { lsuvParameterProblem, memberKernelInitializer, parseInitializerEntry } from './initializer-text.js';
export { compareExperiment, compareFlagOf, type CompareOptions } from './compare.js';
export {
  deepNetworkSpec,
  diagnosticBatch,
  diagnoseDeepNetwork,
  normalBatch,
  type DeepNetworkOptions,
  type DiagnosticBatch,
  type DiagnoseDeepNetworkOptions,
} from './deep-network.js';
export { experimentJsonSchema } from './json-schema.js';
export {
  planRuns,
  shardRuns,
  groupEnsembles,
  gridPoints,
  gridLabelOf,
  hiddenAt,
  canonicalInitializer,
  planKey,
  type GridPoint,
  type PlannedRun,
  type PlannedEnsemble,
} from './plan.js';
export { EXTENDABLE_PLAN_KEYS, planChange, planRunIdsOf } from './plan-change.js';
export { buildModelSpec, toOptimizerSpec, type DataShape } from './model-spec.js';
export {
  prepareData,
  preparedFor,
  type DataSummary,
  type ExperimentBaseline,
  type PrepareDataOptions,
  type PreparedData,
} from './prepare.js';
// The results format and the seed aggregates moved to @initlab/results and @initlab/eval; re-exported so
// this package's API stays what it was.
export type { ExperimentMeta } from './results.js';
export {
  META_FILE,
  META_FORMAT,
  RESULTS_FILE,
  RUN_FORMAT,
  activationText,
  parseResultsJsonl,
  readResults,
  mergeResultFolders,
  readResultFolders,
  type MergedResults,
  type InitializerSpecObject,
  type LayerDiagnosticsMean,
  type ParsedResults,
  type ReadResultsOutput,
  type RunMetrics,
  type RunResult,
} from '@initlab/results';
export {
  LARGE_TARGET_STD,
  mainMetric,
  summarizeExperiment,
  type Aggregate,
  type ExperimentSummary,
  type ReferenceComparison,
  type SummaryInput,
} from '@initlab/eval';
export {
  runExperiment,
  type ExperimentProgressEvent,
  type ExperimentResult,
  type RunExperimentOptions,
} from './run.js';
export { estimateExperiment, type PlanEstimate } from './estimate.js';
export { seedExperimentFile, seedExperiments, type SeedExperimentName } from './seeds.js';
export { PaperFileSchema, type PaperFile, type PaperMeasure, type PaperCheck, type PublishedNumber } from './paper-schema.js';
export { estimateOf, type Estimate } from './paper-estimate.js';
export { VERDICTS, evaluateCheck, formatEstimate, verdictOf, type CheckResult, type Verdict } from './paper-checks.js';
export { PAPER_MODES, measurementsFor, paperDefinition, parsePaper, runPaper, validatePaper, type PaperDefinition, type PaperMode, type PaperResult, type PublishedRow, type RunPaperOptions } from './paper-run.js';
export { loadPaper, paperFolder, paperIds } from './paper-files.js';
