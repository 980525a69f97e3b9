// Seed aggregates of an experiment's stored runs: what `runExperiment` returns at the end and a report
// rebuilds from a results folder, from the same code.
import { baselineTestNote, type BaselineTest } from './baseline-test.js';
import { sizeWarnings } from './size-warnings.js';
import {
  averageLayerDiagnostics,
  finiteOrNull,
  type DataSummary,
  type ExperimentBaseline,
  type GridPoint,
  type InitializerSpecObject,
  type LayerDiagnosticsMean,
  type RunResult,
  type StoredExperimentConfig,
} from '@initlab/results';
import { compareToBaseline, type BaselineVerdict } from './baseline.js';
import { perClassScores } from './classification.js';
import { compareGroups, type ComparisonTable } from './compare.js';
import { formatNumber } from './format.js';
import { metricInfo } from './metrics-info.js';
import { summarize, type Summary } from './summarize.js';
import { requireKnownOptions, type SameKeys } from './validate.js';

/**
 * Target standard deviation above which an unscaled regression target earns a warning.
 *
 * @example
 * ```ts
 * LARGE_TARGET_STD; // 1000 (Boston's MEDV has a training std of about 1.7e5)
 * ```
 */
export const LARGE_TARGET_STD = 1e3;

/** A metric's summary with its interval kept inside the metric's range (a bootstrap interval; see {@link summarize}). */
function summarizeMetric(values: ReadonlyArray<number | null>, key: string): Summary {
  const range = metricInfo(key)?.range;
  return summarize(values, range === undefined ? {} : { range });
}

/**
 * The runs of one initializer at one grid point, summarised over seeds.
 *
 * @example
 * ```ts
 * for (const a of result.aggregates) console.log(a.name, a.test.mean, a.test.ci, a.diverged);
 * ```
 */
export interface Aggregate {
  /** Row name in the comparison: the label, plus ` @ <grid point>` when the experiment has several grid points. */
  name: string;
  label: string;
  initializer: InitializerSpecObject;
  gridIndex: number;
  gridPoint: GridPoint;
  gridLabel: string;
  seeds: number[];
  runs: number;
  diverged: number;
  /** The main test metric (`mse` for regression, `accuracy` for classification). */
  metric: string;
  /** The main test metric over seeds (diverged runs counted, not averaged). */
  test: Summary;
  /** Every test metric over seeds. */
  metrics: Record<string, Summary>;
  /** Training loss of the last epoch over seeds. */
  finalTrainLoss: Summary;
  /** The mean of the main metric against the baseline; null when no run has a value. */
  baseline: BaselineVerdict | null;
  /** The verdict against the baseline: a one-sided t-test across seeds; null without a baseline. */
  vsBaseline: BaselineTest | null;
  /** Runs whose main metric strictly beats the baseline. */
  runsBeatingBaseline: number;
  diagnostics: { init: LayerDiagnosticsMean[] | null; final: LayerDiagnosticsMean[] | null };
  /**
   * Classification: the summed test confusion matrix and per-class recall and precision over seeds; null for
   * regression, and when no run records a confusion matrix (files written before it, or every run diverged).
   */
  perClass: PerClassAggregate | null;
}

/**
 * One class of a {@link PerClassAggregate}: its recall and precision on the test split over seeds.
 *
 * @example
 * ```ts
 * const c: PerClassSummary = aggregate.perClass!.classes[0]!;
 * console.log(c.index, c.recall?.mean, c.recall?.ci, c.support);
 * ```
 */
export interface PerClassSummary {
  /** The class code: row and column of the confusion matrix (the name is `data.classes[index]`). */
  index: number;
  /**
   * Per-class recall ("per-class accuracy", `C[c][c] / Σⱼ C[c][j]`) over the runs, with the interval of a
   * bounded metric (range [0, 1]: a percentile bootstrap); null when the class has no test sample.
   */
  recall: Summary | null;
  /** Per-class precision over the runs (a class a run never predicts scores 0 there, as scikit-learn's default). */
  precision: Summary;
  /** Test samples of the class per run (the mean over runs; the split is the same for every seed). */
  support: number;
}

/**
 * The per-class view of an {@link Aggregate} of a classification experiment: the test confusion matrices of its
 * finished runs, summed, and per-class recall and precision over seeds.
 *
 * @example
 * ```ts
 * const p = aggregate.perClass;
 * if (p !== null) console.log(p.runs, p.confusion, p.classes.map((c) => c.recall?.mean));
 * ```
 */
export interface PerClassAggregate {
  /** Runs whose test confusion matrix is recorded (finished runs of files that store it). */
  runs: number;
  /** Their test confusion matrices summed: `[true class][predicted class]`, every class code. */
  confusion: number[][];
  /** One entry per class code, in code order. */
  classes: PerClassSummary[];
}

/**
 * Published numbers beside initlab's: one row per aggregate whose label the reference names.
 *
 * @example
 * ```ts
 * for (const row of result.reference?.rows ?? []) console.log(row.name, row.values.accuracy);
 * ```
 */
export interface ReferenceComparison {
  source: string;
  note: string | null;
  /** The reference's main metric. */
  metric: string;
  rows: {
    name: string;
    label: string;
    /** Per metric: the published value, initlab's mean over seeds, its confidence interval and run count. */
    values: Record<string, { reference: number | null; initlab: number | null; ci: [number, number] | null; n: number }>;
  }[];
}

/**
 * Input of {@link summarizeExperiment}: what `runExperiment` has at the end, or what `readResults` returns.
 *
 * @example
 * ```ts
 * const input: SummaryInput = { config, results, baseline, data };
 * ```
 */
export interface SummaryInput {
  config: StoredExperimentConfig;
  results: readonly RunResult[];
  baseline: ExperimentBaseline;
  /** Enables the unscaled-target warning (needs the training target's spread). */
  data?: DataSummary | null;
}

/**
 * The keys {@link summarizeExperiment} reads from its input; any other key is refused (`INVALID_OPTION`).
 *
 * @example
 * ```ts
 * SUMMARY_INPUT_KEYS; // ['config', 'results', 'baseline', 'data']
 * ```
 */
export const SUMMARY_INPUT_KEYS = ['config', 'results', 'baseline', 'data'] as const;

const summaryKeysMatch: SameKeys<SummaryInput, typeof SUMMARY_INPUT_KEYS> = true;
void summaryKeysMatch;

/**
 * Aggregates, the comparison table, the reference rows and the warnings of an experiment.
 *
 * @example
 * ```ts
 * const { comparison, warnings } = summarizeExperiment({ config, results, baseline });
 * ```
 */
export interface ExperimentSummary {
  aggregates: Aggregate[];
  /** `@initlab/eval`'s table for the main metric with the baseline; null when there are no results. */
  comparison: ComparisonTable | null;
  reference: ReferenceComparison | null;
  warnings: string[];
}

/**
 * The metric a comparison ranks by: `accuracy` for classification baselines, `mse` for regression.
 *
 * @example
 * ```ts
 * mainMetric(result.baseline); // 'accuracy' for seed-wine, 'mse' for seed-boston
 * ```
 */
export function mainMetric(baseline: ExperimentBaseline): 'accuracy' | 'mse' {
  return baseline.kind === 'majority-class' ? 'accuracy' : 'mse';
}

function metricValue(r: RunResult, key: string): number | null {
  return finiteOrNull((r.metrics as unknown as Record<string, unknown>)[key]);
}

/**
 * Sum the recorded test confusion matrices of a group's finished runs and summarise per-class recall and
 * precision over them. Runs whose matrix has another size than the first are left out (a grid cannot change
 * the output units of one group, so this only guards hand-edited files).
 */
function perClassOf(runs: readonly RunResult[]): PerClassAggregate | null {
  const matrices = runs.flatMap((r) => (r.status === 'ok' && Array.isArray(r.confusionMatrix) ? [r.confusionMatrix] : []));
  const k = matrices[0]?.length;
  if (k === undefined) return null;
  const same = matrices.filter((m) => m.length === k);
  const confusion = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => same.reduce((sum, m) => sum + (m[i]?.[j] ?? 0), 0)));
  // A 0/0 recall (no test sample) is null and the class gets no recall; a 0/0 precision is 0, as scikit-learn.
  const scores = same.map((m) => perClassScores(m, { zeroDivision: null }));
  const unit: [number, number] = [0, 1];
  const classes = Array.from({ length: k }, (_, c): PerClassSummary => {
    const support = scores.reduce((sum, s) => sum + s.support[c]!, 0) / scores.length;
    return {
      index: c,
      recall: support > 0 ? summarize(scores.map((s) => s.recall[c] ?? null), { range: unit }) : null,
      precision: summarize(scores.map((s) => s.precision[c] ?? 0), { range: unit }),
      support,
    };
  });
  return { runs: same.length, confusion, classes };
}

function lastLoss(r: RunResult): number | null {
  if (r.status !== 'ok') return null;
  return finiteOrNull(r.history[r.history.length - 1]?.loss);
}

function baselineValue(baseline: ExperimentBaseline, metric: string): number | null {
  return finiteOrNull((baseline.metrics as Record<string, unknown>)[metric]);
}

function sameSeeds(groups: readonly { seeds: number[] }[]): boolean {
  const first = groups[0]?.seeds;
  if (first === undefined || first.length < 2) return false;
  return groups.every((g) => g.seeds.length === first.length && g.seeds.every((s, i) => s === first[i]));
}

/**
 * Summarise runs: one {@link Aggregate} per initializer and grid point (the main test metric, every metric and
 * the final training loss over seeds with `@initlab/eval`'s `summarize`; diverged runs counted, not
 * averaged; mean diagnostics per layer), the comparison table of the main metric with the baseline (the
 * paired t-test when every group ran the same seeds, else Welch's), the reference numbers side by side, and
 * the warnings: an unscaled regression target with a large spread (std > 1e3) naming the baseline and
 * suggesting target scaling; every group whose runs do not beat the baseline; diverged runs; reference labels
 * without runs.
 *
 * @example
 * ```ts
 * import { readResults } from '@initlab/results';
 * import { summarizeExperiment } from '@initlab/eval';
 * const { meta, results } = await readResults('out/');
 * const summary = summarizeExperiment({ config: meta!.config, results, baseline: meta!.baseline, data: meta!.data });
 * console.log(summary.comparison?.rows.map((r) => [r.name, r.mean]));
 * ```
 */
export function summarizeExperiment(input: SummaryInput): ExperimentSummary {
  requireKnownOptions('summarizeExperiment', input, SUMMARY_INPUT_KEYS, 'input');
  const { config, results, baseline } = input;
  const metric = mainMetric(baseline);
  const base = baselineValue(baseline, metric);
  const metricKeys =
    baseline.kind === 'majority-class' ? ['accuracy', 'loss', 'logLoss', 'macroF1'] : ['mse', 'rmse', 'mae', 'r2', 'loss'];
  const manyPoints = new Set(results.map((r) => r.gridIndex)).size > 1 || (config.grid !== undefined && Object.keys(config.grid).length > 0);
  const labelOrder = new Map(config.initializers.map((e, i) => [e.label, i]));
  const seedOrder = new Map(config.seeds.map((s, i) => [s, i]));

  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const key = `${r.gridIndex}\u0000${r.label}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    const x = a[0]!;
    const y = b[0]!;
    return x.gridIndex - y.gridIndex || (labelOrder.get(x.label) ?? 1e9) - (labelOrder.get(y.label) ?? 1e9) || x.label.localeCompare(y.label);
  });

  for (const runs of ordered) runs.sort((a, b) => (seedOrder.get(a.seed) ?? 1e9 + a.seed) - (seedOrder.get(b.seed) ?? 1e9 + b.seed));
  const aggregates: Aggregate[] = ordered.map((runs) => {
    const first = runs[0]!;
    const values = runs.map((r) => metricValue(r, metric));
    const test = summarizeMetric(values, metric);
    const metrics: Record<string, Summary> = {};
    for (const key of metricKeys) metrics[key] = summarizeMetric(runs.map((r) => metricValue(r, key)), key);
    let verdict: BaselineVerdict | null = null;
    let beating = 0;
    if (base !== null) {
      if (test.mean !== null) verdict = compareToBaseline({ metric, value: test.mean, baseline: base, baselineKind: baseline.kind });
      for (const v of values) if (v !== null && compareToBaseline({ metric, value: v, baseline: base }).verdict === 'better') beating++;
    }
    return {
      name: manyPoints && first.gridLabel !== '' ? `${first.label} @ ${first.gridLabel}` : first.label,
      label: first.label,
      initializer: first.initializer,
      gridIndex: first.gridIndex,
      gridPoint: first.gridPoint,
      gridLabel: first.gridLabel,
      seeds: runs.map((r) => r.seed),
      runs: runs.length,
      diverged: runs.filter((r) => r.status === 'diverged' || metricValue(r, metric) === null).length,
      metric,
      test,
      metrics,
      finalTrainLoss: summarize(runs.map(lastLoss)),
      baseline: verdict,
      // Filled from the comparison table's row below: the verdict is computed once, by compareGroups.
      vsBaseline: null as BaselineTest | null,
      runsBeatingBaseline: beating,
      diagnostics: {
        init: averageLayerDiagnostics(runs.map((r) => r.diagnostics?.init)),
        final: averageLayerDiagnostics(runs.map((r) => r.diagnostics?.final)),
      },
      perClass: baseline.kind === 'majority-class' ? perClassOf(runs) : null,
    };
  });

  let comparison: ComparisonTable | null = null;
  if (aggregates.length > 0) {
    comparison = compareGroups(
      aggregates.map((a, i) => ({ name: a.name, values: ordered[i]!.map((r) => metricValue(r, metric)) })),
      {
        metric,
        ...(base === null ? {} : { baseline: base, baselineKind: baseline.kind }),
        paired: sameSeeds(aggregates),
      },
    );
    const rows = new Map(comparison.rows.map((row) => [row.name, row]));
    for (const a of aggregates) a.vsBaseline = rows.get(a.name)?.vsBaseline ?? null;
  }

  const warnings: string[] = [];
  const baseText = base === null ? 'n/a' : formatNumber(base);
  const metricLabel = metricInfo(metric)?.label ?? metric;
  const data = input.data ?? null;
  // Every model losing to the training mean is the unscaled target's signature, whatever its spread.
  const allWorse = aggregates.length > 0 && aggregates.every((a) => a.baseline !== null && a.baseline.verdict === 'worse');
  if (baseline.kind === 'train-mean' && config.preprocess.target === 'none' && data?.targetStats != null && (data.targetStats.std > LARGE_TARGET_STD || allWorse)) {
    const failing = aggregates.filter((a) => a.vsBaseline !== null && a.vsBaseline.verdict !== 'better').length;
    warnings.push(
      `the target ${JSON.stringify(data.targetName)} is not scaled (training mean ${formatNumber(data.targetStats.mean)}, std ${formatNumber(data.targetStats.std)}): ` +
        `the network starts with outputs near 0 and must grow them to that size; the train-mean baseline has test ${metricLabel} ${baseText}` +
        (aggregates.length > 0 ? ` and ${failing} of ${aggregates.length} initializers do not beat it` : '') +
        `; set preprocess.target: standard (initlab --scale-target) to train on the standardised target (metrics stay in original units)`,
    );
  }
  for (const a of aggregates) {
    const quoted = JSON.stringify(a.name);
    const finite = a.runs - a.diverged;
    // Too few runs is said once, in the table's notes (every row of a one-seed run has it).
    const note = a.vsBaseline === null || base === null || finite === 0 || a.vsBaseline.verdict === 'too few runs' ? null : baselineTestNote(a.vsBaseline, baseline.kind, base);
    if (note !== null) {
      warnings.push(`${quoted}: ${note} (${finite - a.runsBeatingBaseline} of ${finite} finished runs do not beat it)`);
    } else if (a.vsBaseline?.verdict === 'better' && a.runsBeatingBaseline < finite) {
      warnings.push(
        `${quoted}: ${finite - a.runsBeatingBaseline} of ${finite} finished runs do not beat the ${baseline.kind} baseline (test ${metricLabel} ${baseText}), although the runs as a whole do`,
      );
    }
    if (a.diverged > 0) {
      const groupRuns = results.filter((r) => r.gridIndex === a.gridIndex && r.label === a.label && (r.status === 'diverged' || metricValue(r, metric) === null));
      const epochs = groupRuns.map((r) => (r.divergedAtEpoch === null ? 'test predictions not finite' : `epoch ${r.divergedAtEpoch}`));
      warnings.push(`${quoted}: ${a.diverged} of ${a.runs} runs diverged (seed ${groupRuns.map((r) => r.seed).join(', ')}: ${epochs.join(', ')}); they have no test metrics`);
    }
  }

  let reference: ReferenceComparison | null = null;
  if (config.reference !== undefined) {
    const ref = config.reference;
    const tables: Record<string, Record<string, number>> = { [ref.metric]: ref.values, ...(ref.otherMetrics ?? {}) };
    const referenced = new Set(Object.values(tables).flatMap((t) => Object.keys(t)));
    const rows: ReferenceComparison['rows'] = [];
    for (const a of aggregates) {
      if (!referenced.has(a.label)) continue;
      const values: ReferenceComparison['rows'][number]['values'] = {};
      for (const [key, table] of Object.entries(tables)) {
        const summary = a.metrics[key] ?? summarizeMetric(results.filter((r) => r.gridIndex === a.gridIndex && r.label === a.label).map((r) => metricValue(r, key)), key);
        values[key] = { reference: table[a.label] ?? null, initlab: summary.mean, ci: summary.ci, n: summary.n };
      }
      rows.push({ name: a.name, label: a.label, values });
    }
    const ran = new Set(aggregates.map((a) => a.label));
    const missing = [...referenced].filter((label) => !ran.has(label));
    if (missing.length > 0 && results.length > 0) warnings.push(`reference: no finished runs for ${missing.map((l) => JSON.stringify(l)).join(', ')}`);
    reference = { source: ref.source, note: ref.note ?? null, metric: ref.metric, rows };
  }

  if (data !== null) warnings.push(...sizeWarnings(data, config.training.batchSize));
  return { aggregates, comparison, reference, warnings };
}
