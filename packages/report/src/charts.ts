// The report's three charts: spec, rendered SVG, text alternative and the table of numbers behind each.
import type { Aggregate } from '@initlab/eval';
import type { RunResult } from '@initlab/results';
import { layerSummaries, lossCurveData, metricData } from './data.js';
import { metricLabel } from './format.js';
import { formatValue, type TextTable } from './renderers.js';
import { renderSvg } from './render-svg.js';
import { numericHeatmapChart, type HeatmapSection } from './numeric-heatmap.js';
import { GRID_VERDICT_MARKS, activationStdSpec, gridCells, gridHeatmapSpec, lossCurvesSpec, metricDistributionSpec, type VegaLiteSpec } from './specs.js';

/** One chart of a report. */
export interface ReportChart {
  /** Stable id: `numeric-heatmap` (a grid on two numeric axes), `grid-heatmap` (experiments with a grid), `loss-curves`, `metric-distribution`, `activation-std`. */
  id: string;
  title: string;
  /** The chart in words (the spec's `description`). */
  description: string;
  spec: VegaLiteSpec;
  svg: string;
  /** The numbers the chart draws. */
  table: TextTable;
}

function titleOf(spec: VegaLiteSpec): string {
  const t = (spec as { title?: { text?: string } }).title;
  return t?.text ?? '';
}

function lossTable(results: readonly RunResult[]): TextTable {
  const data = lossCurveData(results, 'train', 'minmax');
  const epochs = [...new Set(data.points.map((p) => p.epoch))].sort((a, b) => a - b);
  const rows = epochs.map((epoch) => [
    String(epoch),
    ...data.series.map((s) => {
      const p = data.points.find((q) => q.series === s && q.epoch === epoch);
      if (p === undefined) return '—';
      return p.min === p.max ? formatValue(p.mean) : `${formatValue(p.mean)} (${formatValue(p.min, 3)} to ${formatValue(p.max, 3)})`;
    }),
  ]);
  return { headers: ['epoch', ...data.series.map((s) => `${s}: mean (min to max)`)], align: ['right', ...data.series.map(() => 'right' as const)], rows };
}

function metricTable(results: readonly RunResult[], metric: string): TextTable {
  const data = metricData(results, metric);
  const rows = data.points.map((p) => [
    p.series,
    String(p.seed),
    p.value === null ? '—' : formatValue(p.value, 6),
    p.status === 'ok' ? 'ok' : p.divergedAtEpoch === null ? 'diverged (test predictions not finite)' : `diverged at epoch ${p.divergedAtEpoch}`,
  ]);
  return { headers: ['initializer', 'seed', `test ${metricLabel(metric)}`, 'status'], align: ['left', 'right', 'right', 'left'], rows };
}

function activationTable(results: readonly RunResult[]): TextTable {
  const all = layerSummaries(results);
  const init = all.filter((r) => r.phase === 'init');
  const hasFinal = all.some((r) => r.phase === 'final');
  const rows = init.map((r) => {
    const cells = [r.series, `${r.layer + 1}: ${r.activation} ×${r.units}${r.isOutput ? ' (output)' : ''}`, formatValue(r.activationStd, 4)];
    if (hasFinal) cells.push(formatValue(all.find((f) => f.phase === 'final' && f.series === r.series && f.layer === r.layer)?.activationStd, 4));
    return cells;
  });
  const headers = ['initializer', 'layer', 'activation std at init', ...(hasFinal ? ['after training'] : [])];
  return { headers, align: ['left', 'left', 'right', ...(hasFinal ? ['right' as const] : [])], rows };
}

// The heatmap's numbers: one row per initializer, one column per grid point, each cell "mean [low, high] verdict".
function gridTable(aggregates: readonly Aggregate[], metric: string): TextTable {
  const cells = gridCells(aggregates);
  const points = [...new Set(cells.map((c) => c.point))];
  const initializers = [...new Set(cells.map((c) => c.initializer))];
  const rows = initializers.map((init) => [
    init,
    ...points.map((point) => {
      const c = cells.find((x) => x.initializer === init && x.point === point);
      if (c === undefined || c.mean === null) return '—';
      const ci = c.ci === null ? '' : ` [${formatValue(c.ci[0], 3)}, ${formatValue(c.ci[1], 3)}]`;
      return `${formatValue(c.mean)}${ci}${c.verdict === null ? '' : ` ${GRID_VERDICT_MARKS[c.verdict] ?? ''} ${c.verdict}`}`;
    }),
  ]);
  return { headers: [`initializer \\ test ${metricLabel(metric)}`, ...points], align: ['left', ...points.map(() => 'right' as const)], rows };
}

/**
 * Build and render the charts: for an experiment with a grid, first the heatmap of the test metric by initializer
 * and grid point (from `aggregates`, `summarizeExperiment`'s); then loss curves, the metric per run and the
 * activation std per layer (left out when no run recorded diagnostics).
 */
export async function reportCharts(
  results: readonly RunResult[],
  metric: string,
  baseline: { value: number; label: string } | null,
  aggregates: readonly Aggregate[] = [],
  heatmap: HeatmapSection | null = null,
): Promise<ReportChart[]> {
  const gridPoints = new Set(aggregates.map((a) => a.gridLabel)).size;
  const numeric = heatmap !== null && aggregates.length > 0 ? [{ id: 'numeric-heatmap', ...numericHeatmapChart(aggregates, metric, heatmap) }] : [];
  const specs: { id: string; spec: VegaLiteSpec; table: TextTable }[] = [
    ...numeric,
    ...(gridPoints >= 2 ? [{ id: 'grid-heatmap', spec: gridHeatmapSpec(aggregates, metric), table: gridTable(aggregates, metric) }] : []),
    // For a grid, one panel per grid point: one chart of every initializer at every point would need more colours than anyone can tell apart.
    { id: 'loss-curves', spec: lossCurvesSpec(results, { byGridPoint: gridPoints >= 2 }), table: lossTable(results) },
    {
      id: 'metric-distribution',
      spec: metricDistributionSpec(results, { metric, ...(baseline === null ? {} : { baseline: baseline.value, baselineLabel: baseline.label }) }),
      table: metricTable(results, metric),
    },
  ];
  if (layerSummaries(results).length > 0) specs.push({ id: 'activation-std', spec: activationStdSpec(results), table: activationTable(results) });
  const svgs = await Promise.all(specs.map((s) => renderSvg(s.spec)));
  return specs.map((s, i) => ({
    id: s.id,
    title: titleOf(s.spec),
    description: String((s.spec as { description?: string }).description ?? ''),
    spec: s.spec,
    svg: svgs[i]!,
    table: s.table,
  }));
}
