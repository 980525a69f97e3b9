/**
 * `@initlab/results`: the initlab results format. The zod schemas of a `results.jsonl` line and of the
 * `experiment.json` header, kill-safe JSON Lines reading (every line validated) and writing, the stable run
 * id, the one list of per-layer diagnostics and the block diagnostics of residual networks, with their
 * averages over seeds. A leaf: no tensor library, no other initlab package.
 *
 * @packageDocumentation
 */
export { ResultsError, type ResultsErrorCode } from './errors.js';
export {
  LAYER_DIAGNOSTIC_FIELDS,
  LayerDiagnosticsSchema,
  averageLayerDiagnostics,
  finiteOrNull,
  meanOf,
  type LayerDiagnosticField,
  type LayerDiagnostics,
  type LayerDiagnosticsMean,
} from './diagnostics.js';
export {
  BlockDiagnosticsSchema,
  NetworkDiagnosticsSchema,
  NormDiagnosticsSchema,
  averageBlockDiagnostics,
  type BlockDiagnostics,
  type BlockDiagnosticsMean,
  type NetworkDiagnostics,
  type NormDiagnostics,
} from './network-diagnostics.js';
export {
  META_FORMAT,
  FEATURE_SCALINGS,
  HEATMAP_GRID_AXES,
  HEATMAP_THEORY_QUANTITIES,
  heatmapAxisParameter,
  heatmapAxisValue,
  ActivationConfigSchema,
  DataSummarySchema,
  EpochRecordSchema,
  ExperimentBaselineSchema,
  ExperimentMetaSchema,
  GridPointSchema,
  InitializerSpecObjectSchema,
  RunMetricsSchema,
  RunResultSchema,
  StoredExperimentConfigSchema,
  activationText,
  firstIssue,
  type ActivationConfig,
  type DataSummary,
  type ExperimentBaseline,
  type ExperimentMeta,
  type GridPoint,
  type InitializerSpecObject,
  type KnownFields,
  type RunMetrics,
  type RunResult,
  type StoredEpochRecord,
  type StoredExperimentConfig,
} from './schema.js';
export { RUN_FORMAT, canonicalJson, hash64, runIdOf } from './run-id.js';
export {
  META_FILE,
  RESULTS_FILE,
  ResultStore,
  inspectFolder,
  otherPlanWarning,
  parseResultsJsonl,
  readResults,
  selectPlanRuns,
  type InspectFolderOptions,
  type OpenStoreOptions,
  type OutOptionStyle,
  type ParsedResults,
  type ReadResultsOptions,
  type ReadResultsOutput,
} from './store.js';
export { mergeResultFolders, readResultFolders, type MergedResults } from './merge.js';
