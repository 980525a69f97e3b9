// The numbers behind every chart and table, computed once from run results so that a chart, its text
// alternative and its data table can never disagree.
import { metricInfo, summarize } from '@initlab/eval';
import { averageLayerDiagnostics, finiteOrNull, type RunResult } from '@initlab/results';
import { ReportError, show } from './errors.js';

/** A finite number, or null for anything else (null, NaN, ±Infinity, a missing key). */
export const finite = finiteOrNull;

/**
 * The name a run's group goes by in every chart and table: the initializer label, plus ` @ <grid point>` when
 * the experiment has a grid. This is the rule `summarizeExperiment` names its aggregates by (a grid gives every
 * point a non-empty label), so chart series and comparison rows match.
 */
export function seriesName(r: RunResult): string {
  return typeof r.gridLabel === 'string' && r.gridLabel !== '' ? `${r.label} @ ${r.gridLabel}` : r.label;
}

/** Check that `results` is a non-empty array of run results (the fields every chart reads). */
export function checkResults(fn: string, results: unknown): asserts results is readonly RunResult[] {
  if (!Array.isArray(results)) {
    throw new ReportError('INVALID_INPUT', `${fn}: results must be an array of run results (readResults(dir).results), got ${show(results)}`);
  }
  if (results.length === 0) {
    throw new ReportError('INVALID_INPUT', `${fn}: results must hold at least one run, got an empty array; run an experiment first`);
  }
  results.forEach((r: unknown, i) => {
    const v = r as Partial<RunResult> | null;
    if (v === null || typeof v !== 'object' || typeof v.label !== 'string' || typeof v.seed !== 'number' || typeof v.gridIndex !== 'number') {
      throw new ReportError('INVALID_INPUT', `${fn}: results[${i}] must be a run result with label, seed and gridIndex, got ${show(r)}`);
    }
  });
}

/**
 * Series names in display order: by grid point, then in the order the runs first appear (plan order, i.e. the
 * config's initializer order, for results written by `runExperiment`).
 */
export function seriesOrder(results: readonly RunResult[]): string[] {
  const first = new Map<string, { gridIndex: number; at: number }>();
  results.forEach((r, at) => {
    const name = seriesName(r);
    if (!first.has(name)) first.set(name, { gridIndex: r.gridIndex, at });
  });
  return [...first.entries()].sort((a, b) => a[1].gridIndex - b[1].gridIndex || a[1].at - b[1].at).map(([name]) => name);
}

/** Runs grouped by series, in {@link seriesOrder}. */
export function groupBySeries(results: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>(seriesOrder(results).map((name) => [name, []]));
  for (const r of results) groups.get(seriesName(r))!.push(r);
  return groups;
}

/**
 * Which loss the loss chart draws: the training loss, or the loss on the test split after each epoch.
 *
 * @example
 * ```ts
 * const split: LossSplit = 'validation';
 * ```
 */
export type LossSplit = 'train' | 'validation';
/**
 * What the band around a mean loss curve shows: min–max over seeds, the 95% confidence interval, or nothing.
 *
 * @example
 * ```ts
 * const band: LossBand = 'ci';
 * ```
 */
export type LossBand = 'minmax' | 'ci' | 'none';

/** Mean over the runs still training at one epoch of one series. */
export interface LossPoint {
  series: string;
  epoch: number;
  /** Mean loss over the runs with a finite loss at this epoch. */
  mean: number;
  /** Band: min and max, or the 95% confidence interval (the mean itself with fewer than 2 runs). */
  lo: number;
  hi: number;
  min: number;
  max: number;
  /** Runs averaged at this epoch (diverged runs drop out after their last finite epoch). */
  runs: number;
}

/** The last finite point of a diverged run: where its curve stops. */
export interface DivergencePoint {
  series: string;
  seed: number;
  /** Last epoch with a finite loss (0 when none finished). */
  epoch: number;
  /** Loss at that epoch, or null when no epoch finished. */
  loss: number | null;
  /** The 1-based epoch whose loss was not finite; null when the test predictions were what failed. */
  divergedAtEpoch: number | null;
}

/** Everything the loss chart and its text alternative show. */
export interface LossCurveData {
  split: LossSplit;
  band: LossBand;
  series: string[];
  points: LossPoint[];
  divergences: DivergencePoint[];
  /** Runs per series. */
  runs: Record<string, number>;
  maxEpoch: number;
}

function lossAt(r: RunResult, split: LossSplit, epochIndex: number): number | null {
  const record = r.history?.[epochIndex];
  if (record === undefined) return null;
  return finite(split === 'train' ? record.loss : record.valLoss);
}

/** Mean, band and divergence points of the per-epoch loss of every series. */
export function lossCurveData(results: readonly RunResult[], split: LossSplit, band: LossBand): LossCurveData {
  const groups = groupBySeries(results);
  const points: LossPoint[] = [];
  const divergences: DivergencePoint[] = [];
  const runs: Record<string, number> = {};
  let maxEpoch = 0;
  for (const [series, group] of groups) {
    runs[series] = group.length;
    // Epoch numbers come from the records; a run's history holds only its finite epochs, so a diverged run
    // simply stops contributing after its last one.
    const byEpoch = new Map<number, number[]>();
    for (const r of group) {
      (r.history ?? []).forEach((record, i) => {
        const value = lossAt(r, split, i);
        if (value === null) return;
        const epoch = typeof record.epoch === 'number' ? record.epoch : i + 1;
        const list = byEpoch.get(epoch);
        if (list === undefined) byEpoch.set(epoch, [value]);
        else list.push(value);
      });
      if (r.status === 'diverged') {
        const history = r.history ?? [];
        let last = history.length - 1;
        while (last >= 0 && lossAt(r, split, last) === null) last--;
        const record = last >= 0 ? history[last] : undefined;
        divergences.push({
          series,
          seed: r.seed,
          epoch: record === undefined ? 0 : (finite(record.epoch) ?? last + 1),
          loss: record === undefined ? null : lossAt(r, split, last),
          divergedAtEpoch: finite(r.divergedAtEpoch),
        });
      }
    }
    for (const epoch of [...byEpoch.keys()].sort((a, b) => a - b)) {
      const values = byEpoch.get(epoch)!;
      // Losses are ≥ 0, so their band is a bootstrap interval that stays there.
      const s = summarize(values, band === 'ci' ? { range: metricInfo('loss')!.range } : {});
      const mean = s.mean!;
      const [lo, hi] = band === 'ci' ? (s.ci ?? [mean, mean]) : band === 'minmax' ? [s.min!, s.max!] : [mean, mean];
      points.push({ series, epoch, mean, lo, hi, min: s.min!, max: s.max!, runs: s.n });
      maxEpoch = Math.max(maxEpoch, epoch);
    }
  }
  return { split, band, series: [...groups.keys()], points, divergences, runs, maxEpoch };
}

/** One run's value of a test metric. */
export interface MetricPoint {
  series: string;
  seed: number;
  runId: string;
  /** The metric, or null for a diverged run. */
  value: number | null;
  status: RunResult['status'];
  divergedAtEpoch: number | null;
}

/** One series' test metric over seeds (diverged runs counted, not averaged). */
export interface MetricStats {
  series: string;
  runs: number;
  n: number;
  diverged: number;
  mean: number | null;
  /** 95% confidence interval (a bootstrap inside the metric's range, Student's t for a free-form metric); null with fewer than 2 finite runs. */
  ci: [number, number] | null;
  min: number | null;
  max: number | null;
}

/** Everything the metric-distribution chart and its text alternative show. */
export interface MetricData {
  metric: string;
  series: string[];
  points: MetricPoint[];
  stats: MetricStats[];
}

/** Metric keys present in any run's `metrics` (even when null). */
export function metricKeys(results: readonly RunResult[]): string[] {
  const keys = new Set<string>();
  for (const r of results) for (const key of Object.keys(r.metrics ?? {})) keys.add(key);
  return [...keys];
}

/** Per-run values and per-series statistics of one test metric. */
export function metricData(results: readonly RunResult[], metric: string): MetricData {
  const groups = groupBySeries(results);
  const points: MetricPoint[] = [];
  const stats: MetricStats[] = [];
  for (const [series, group] of groups) {
    const values = group.map((r) => finite((r.metrics as unknown as Record<string, unknown> | undefined)?.[metric]));
    group.forEach((r, i) =>
      points.push({ series, seed: r.seed, runId: r.runId, value: values[i]!, status: r.status, divergedAtEpoch: finite(r.divergedAtEpoch) }),
    );
    const range = metricInfo(metric)?.range;
    const s = summarize(values, range === undefined ? {} : { range });
    stats.push({ series, runs: group.length, n: s.n, diverged: s.diverged, mean: s.mean, ci: s.ci, min: s.min, max: s.max });
  }
  return { metric, series: [...groups.keys()], points, stats };
}

/**
 * When a per-layer record was taken: at initialisation or after training.
 *
 * @example
 * ```ts
 * activationStdSpec(results, { phases: ['init'] satisfies DiagnosticsPhase[] });
 * ```
 */
export type DiagnosticsPhase = 'init' | 'final';

/** Per-layer diagnostics of one series at one phase, averaged over its runs (null where no run has a value). */
export interface LayerSummary {
  series: string;
  /** The grid point of the series (`''` without a grid). */
  gridLabel: string;
  phase: DiagnosticsPhase;
  /** 0-based; the output layer is last. */
  layer: number;
  units: number;
  activation: string;
  /** Runs with a record for this layer. */
  runs: number;
  activationStd: number | null;
  preActivationStd: number | null;
  deadShare: number | null;
  saturatedShare: number | null;
  gradientNorm: number | null;
  distinctUnits: number | null;
  distinctUnitsMin: number | null;
  distinctUnitsMax: number | null;
  /** True for the last layer of the network. */
  isOutput: boolean;
}

/** Per-layer diagnostics of every series at initialisation and, where recorded, after training. */
export function layerSummaries(results: readonly RunResult[]): LayerSummary[] {
  const out: LayerSummary[] = [];
  for (const [series, group] of groupBySeries(results)) {
    for (const phase of ['init', 'final'] as const) {
      const layers = averageLayerDiagnostics(group.map((r) => r.diagnostics?.[phase]));
      if (layers === null) continue;
      layers.forEach((mean, l) => {
        out.push({
          series,
          gridLabel: group[0]?.gridLabel ?? '',
          phase,
          layer: finite(mean.layer) ?? l,
          units: mean.units,
          activation: mean.activation,
          runs: mean.runs,
          isOutput: l === layers.length - 1,
          activationStd: mean.activationStd,
          preActivationStd: mean.preActivationStd,
          deadShare: mean.deadShare,
          saturatedShare: mean.saturatedShare,
          gradientNorm: mean.gradientNorm,
          distinctUnits: mean.distinctUnits,
          distinctUnitsMin: mean.distinctUnitsMin,
          distinctUnitsMax: mean.distinctUnitsMax,
        });
      });
    }
  }
  return out;
}

/** The training loss of a run's last epoch; null for a diverged run (as `summarizeExperiment` counts it). */
export function finalTrainLoss(r: RunResult): number | null {
  if (r.status !== 'ok') return null;
  const history = r.history ?? [];
  return finite(history[history.length - 1]?.loss);
}
