/**
 * `@initlab/report`: reports of initlab experiments. Markdown, CSV (one row per run) and one self-contained
 * HTML page whose charts are Vega-Lite specs rendered to SVG without a browser; the same specs serve the docs
 * site through vega-embed.
 *
 * @packageDocumentation
 */
export { ReportError, type ReportErrorCode } from './errors.js';
export {
  CHART_FONT,
  VEGA_LITE_SCHEMA,
  GRID_VERDICT_MARKS,
  activationStdSpec,
  gridHeatmapSpec,
  lossCurvesSpec,
  metricDistributionSpec,
  type ActivationStdOptions,
  type ChartOptions,
  type GridHeatmapOptions,
  type LossCurvesOptions,
  type MetricDistributionOptions,
  type SeriesInfo,
  type VegaLiteSpec,
} from './specs.js';
export {
  heatmapCurve,
  heatmapSection,
  numericHeatmapCells,
  numericHeatmapSpec,
  type HeatmapCurve,
  type HeatmapSection,
  type NumericHeatmapCell,
} from './numeric-heatmap.js';
export { LOG_SPAN, type ScaleMode } from './scale.js';
export type { DiagnosticsPhase, LossBand, LossSplit } from './data.js';
export { compileSpec, renderSvg, type CompiledSpec } from './render-svg.js';
export { colorDomainGaps, invisibleMarks } from './chart-check.js';
export { csvColumns, csvField, historyToCsv, runsToCsv } from './csv.js';
export {
  comparisonCaption,
  comparisonTextTable,
  escapeHtml,
  escapeMarkdown,
  formatComparisonTable,
  formatPValue,
  formatValue,
  htmlTable,
  markdownTable,
  notesBesideWarnings,
  plainTextTable,
  type ComparisonLayoutOptions,
  type ExtraColumn,
  type FormatTableOptions,
  type TextTable,
} from './renderers.js';
// The one number rule (implemented in @initlab/eval, whose notes print numbers too).
export { formatNumber } from '@initlab/eval';
// The per-class view of multi-class data: report.md, report.html, the CLI's line and its --json.
export {
  confusionCaption,
  confusionTable,
  perClassCaption,
  perClassLine,
  perClassReport,
  perClassTable,
  type PerClassReport,
  type PerClassRow,
} from './per-class.js';
// The per-block view of residual networks: report.md, report.html and the CLI's table.
export { blockRatioTable, type BlockRatioTable } from './block-diagnostics.js';
// The setup's model and training lines, for the CLI's line before its table.
export { modelText, trainingText } from './model.js';
export {
  REPORT_FILES,
  renderReport,
  writeReport,
  type RenderedReport,
  type ReportInput,
  type WriteReportOptions,
  type WriteReportResult,
} from './report.js';
