// The per-class view of a multi-class experiment (issue 13): per-class recall of the best initializer over
// seeds, and its confusion matrix summed over seeds. report.md, report.html, the CLI's terminal line and its
// --json document all come from perClassReport, so they cannot disagree.
import { formatPercent, type Aggregate, type ExperimentSummary, type IntervalMethod } from '@initlab/eval';
import type { DataSummary } from '@initlab/results';
import { formatValue, type TextTable } from './renderers.js';

/** One class of a {@link PerClassReport}. */
export interface PerClassRow {
  /** The class code (row and column of the confusion matrix). */
  index: number;
  /** The class name from the data summary, or the code when the data names none. */
  name: string;
  /** Mean per-class recall ("per-class accuracy") over the runs; null when the class has no test sample. */
  recall: number | null;
  /** Its confidence interval (a bounded-metric bootstrap, as the comparison's); null with fewer than 2 runs. */
  recallCi: [number, number] | null;
  /** How `recallCi` was computed; null without an interval. */
  recallCiMethod: IntervalMethod | null;
  /** Mean per-class precision over the runs (0 for a run that never predicts the class, as scikit-learn). */
  precision: number | null;
  /** Test samples of the class per run. */
  support: number;
}

/** The per-class view of the comparison's best initializer, as {@link perClassReport} builds it. */
export interface PerClassReport {
  /** The comparison row it describes (the best: rank 1). */
  initializer: string;
  /** Finished runs whose confusion matrices it sums. */
  runs: number;
  /** Confidence level of the recall intervals. */
  confidence: number;
  classes: PerClassRow[];
  /** The class names in code order (the confusion matrix's rows and columns). */
  labels: string[];
  /** Test confusion matrices of those runs summed: `[true class][predicted class]`. */
  confusion: number[][];
}

/**
 * The per-class view of a multi-class experiment: for the comparison's best initializer, per-class recall
 * ("per-class accuracy") mean and interval over seeds, precision and test support per class, and the test
 * confusion matrices of its runs summed. Class names come from `data.classes`. Null for binary and regression
 * data, without a comparison, and when the best initializer's runs record no confusion matrix (results written
 * before runs recorded it).
 *
 * @example
 * ```ts
 * const summary = summarizeExperiment({ config: meta.config, results, baseline: meta.baseline, data: meta.data });
 * const view = perClassReport(summary, meta.data);
 * if (view !== null) console.log(perClassLine(view));
 * // per class (he_normal, recall over 5 runs): 0 1 [1, 1] · 1 0.95 [0.9, 1] · 2 0.9 [0.8, 1]
 * ```
 */
export function perClassReport(summary: Pick<ExperimentSummary, 'aggregates' | 'comparison'> | null, data: DataSummary | null): PerClassReport | null {
  if (summary === null || data === null || data.task !== 'multiclass') return null;
  const best = summary.comparison?.rows.find((r) => r.isBest) ?? summary.comparison?.rows[0];
  if (best === undefined) return null;
  const aggregate: Aggregate | undefined = summary.aggregates.find((a) => a.name === best.name);
  const view = aggregate?.perClass ?? null;
  if (view === null) return null;
  const nameOf = (c: number): string => data.classes?.[c] ?? String(c);
  const classes = view.classes.map(
    (c): PerClassRow => ({
      index: c.index,
      name: nameOf(c.index),
      recall: c.recall?.mean ?? null,
      recallCi: c.recall?.ci ?? null,
      recallCiMethod: c.recall?.ciMethod ?? null,
      precision: c.precision.mean,
      support: c.support,
    }),
  );
  const confidence = view.classes.find((c) => c.recall !== null)?.recall?.confidence ?? 0.95;
  return { initializer: best.name, runs: view.runs, confidence, classes, labels: view.confusion.map((_, c) => nameOf(c)), confusion: view.confusion };
}

function recallCell(row: PerClassRow): string {
  if (row.recall === null) return '—';
  return row.recallCi === null ? formatValue(row.recall) : `${formatValue(row.recall)} [${formatValue(row.recallCi[0])}, ${formatValue(row.recallCi[1])}]`;
}

/** The caption of {@link perClassTable}: whose runs, how many, and how the interval is computed. */
export function perClassCaption(view: PerClassReport): string {
  const method = view.classes.some((c) => c.recallCiMethod === 'bootstrap') ? ' bootstrap' : '';
  const runs = `${view.runs} ${view.runs === 1 ? 'run' : 'runs'}`;
  return (
    `${view.initializer} (the best initializer), per class on the test split over ${runs}: recall (the share of the class's test rows predicted as it, ` +
    `"per-class accuracy") mean and ${formatPercent(view.confidence)}${method} confidence interval, precision mean, and the class's test rows per run`
  );
}

/** Class, recall mean [interval], precision and support: one row per class. */
export function perClassTable(view: PerClassReport): TextTable {
  return {
    headers: ['class', `recall (mean [${formatPercent(view.confidence)} CI])`, 'precision', 'support'],
    align: ['left', 'right', 'right', 'right'],
    rows: view.classes.map((c) => [c.name, recallCell(c), formatValue(c.precision), formatValue(c.support)]),
  };
}

/** The caption of {@link confusionTable}. */
export function confusionCaption(view: PerClassReport): string {
  return `${view.initializer}: test confusion matrix summed over ${view.runs} ${view.runs === 1 ? 'run' : 'runs'}; rows are the true class, columns the predicted class`;
}

/** The summed confusion matrix with class names on both axes. */
export function confusionTable(view: PerClassReport): TextTable {
  return {
    headers: ['true \\ predicted', ...view.labels],
    align: ['left', ...view.labels.map(() => 'right' as const)],
    rows: view.confusion.map((row, i) => [view.labels[i]!, ...row.map((v) => formatValue(v))]),
  };
}

/**
 * One terminal line: the best initializer's per-class recall, `name mean [low, high]` per class.
 *
 * @example
 * ```ts
 * perClassLine(view); // 'per class (he_normal, recall over 3 runs): a 1 [1, 1] · b 0.9 [0.8, 1] · c 0.95 [0.9, 1]'
 * ```
 */
export function perClassLine(view: PerClassReport): string {
  const runs = `${view.runs} ${view.runs === 1 ? 'run' : 'runs'}`;
  return `per class (${view.initializer}, recall over ${runs}): ${view.classes.map((c) => `${c.name} ${recallCell(c)}`).join(' · ')}`;
}
