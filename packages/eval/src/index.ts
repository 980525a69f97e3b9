/**
 * `@initlab/eval`: metrics, baselines and seed-aggregate statistics for initlab experiments. Pure
 * TypeScript on plain arrays; no tensor library.
 */
export { EvalError, type EvalErrorCode } from './errors.js';
export {
  mse,
  rmse,
  mae,
  r2,
  regressionMetrics,
  REGRESSION_OPTIONS,
  type RegressionMetrics,
  type RegressionOptions,
} from './regression.js';
export {
  accuracy,
  confusionMatrix,
  perClassScores,
  precisionRecallF1,
  logLoss,
  classificationMetrics,
  ACCURACY_OPTIONS,
  CLASSIFICATION_METRICS_OPTIONS,
  CONFUSION_MATRIX_OPTIONS,
  CONFUSION_NORMALIZE,
  PER_CLASS_SCORES_OPTIONS,
  LOG_LOSS_OPTIONS,
  PRECISION_RECALL_F1_OPTIONS,
  type ProbabilityRows,
  type AccuracyOptions,
  type ClassificationMetricsOptions,
  type ConfusionMatrixOptions,
  type PerClassScores,
  type PerClassScoresOptions,
  type LogLossOptions,
  type PrecisionRecallF1Options,
  type ClassScores,
  type AveragedScores,
  type IllDefinedScore,
  type PrecisionRecallF1,
  type ClassificationMetrics,
} from './classification.js';
export { METRICS, metricInfo, type MetricInfo, type KnownMetric } from './metrics-info.js';
export {
  regressionBaseline,
  classificationBaseline,
  compareToBaseline,
  beatsBaseline,
  BASELINE_COMPARISON_KEYS,
  type BaselineKind,
  type RegressionBaseline,
  type ClassificationBaseline,
  type ClassificationBaselineMetrics,
  type Verdict,
  type BaselineComparisonInput,
  type BaselineVerdict,
} from './baseline.js';
export { studentTQuantile, studentTCdf } from './tdist.js';
export {
  AT_BASELINE_TOLERANCE,
  BASELINE_ALPHA,
  BASELINE_TEST_VERDICTS,
  MIN_RUNS_FOR_BASELINE_TEST,
  baselineTestNote,
  testAgainstBaseline,
  BASELINE_TEST_OPTIONS,
  type BaselineTest,
  type BaselineTestVerdict,
} from './baseline-test.js';
export { summarize, intervalMethod, SUMMARIZE_OPTIONS, type Summary, type SummarizeOptions, type IntervalMethod } from './summarize.js';
export { BOOTSTRAP_RESAMPLES } from './bootstrap.js';
export { welchTTest, pairedTTest, TTEST_OPTIONS, type TTestResult, type TTestOptions } from './ttest.js';
export {
  compareGroups,
  COMPARE_GROUPS_OPTIONS,
  type ComparisonGroup,
  type CompareGroupsOptions,
  type ComparisonRow,
  type ComparisonTable,
} from './compare.js';
// The number rule of eval's notes and verdicts; @initlab/report renders tables with the same functions.
export { formatNumber, formatPercent, formatPValue } from './format.js';
export {
  LARGE_TARGET_STD,
  mainMetric,
  summarizeExperiment,
  SUMMARY_INPUT_KEYS,
  type Aggregate,
  type ExperimentSummary,
  type PerClassAggregate,
  type PerClassSummary,
  type ReferenceComparison,
  type SummaryInput,
} from './experiment.js';
export { FEW_TEST_ROWS, sizeWarnings } from './size-warnings.js';
