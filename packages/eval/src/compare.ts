import { compareToBaseline, type BaselineKind, type BaselineVerdict } from './baseline.js';
import { BASELINE_ALPHA, baselineTestNote, MIN_RUNS_FOR_BASELINE_TEST, testAgainstBaseline, type BaselineTest } from './baseline-test.js';
import { EvalError } from './errors.js';
import { BOOTSTRAP_RESAMPLES } from './bootstrap.js';
import { formatNumber, formatPercent } from './format.js';
import { metricInfo, metricLabel, resolveDirection } from './metrics-info.js';
import { intervalMethod, summarize, type IntervalMethod, type Summary } from './summarize.js';
import { pairedTTest, welchTTest, type TTestResult } from './ttest.js';
import { requireKnownOptions, requireNonEmpty, resolveConfidence, show, type SameKeys } from './validate.js';

/** One group of runs to compare, e.g. all seeds of one initializer. */
export interface ComparisonGroup {
  /** Unique display name, e.g. `'he_normal'`. */
  name: string;
  /** One metric value per run; NaN, ±Infinity or null marks a diverged run. */
  values: ReadonlyArray<number | null>;
}

/** Options of {@link compareGroups}. */
export interface CompareGroupsOptions {
  /** Metric key (`'mse'`, `'accuracy'`, … see `METRICS`) or a free-form label. */
  metric: string;
  /** Direction; optional for metrics listed in `METRICS`, required otherwise. */
  higherIsBetter?: boolean;
  /** The baseline's value on the same split; adds a verdict per row. */
  baseline?: number;
  /** Which baseline (`'train-mean'`, `'majority-class'` or any label), for messages. */
  baselineKind?: BaselineKind | (string & {});
  /**
   * Runs share seeds and splits position by position (`values[i]` of every group used seed i): use the paired
   * t-test. Every group must then have the same number of runs. Default false (Welch's t-test).
   */
  paired?: boolean;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /**
   * The values the metric can take (default: its `range` in `METRICS`; none for a free-form metric). With a
   * finite end the intervals are percentile bootstrap intervals that stay inside it; without, Student's t.
   */
  range?: readonly [number, number];
  /** Split named in messages and the title (default `'test'`; `''` for none). */
  split?: string;
}

/**
 * The keys of {@link CompareGroupsOptions}.
 *
 * @example
 * ```ts
 * COMPARE_GROUPS_OPTIONS.includes('paired'); // true
 * ```
 */
export const COMPARE_GROUPS_OPTIONS = ['metric', 'higherIsBetter', 'baseline', 'baselineKind', 'paired', 'confidence', 'range', 'split'] as const;
const compareListMatches: SameKeys<CompareGroupsOptions, typeof COMPARE_GROUPS_OPTIONS> = true;
void compareListMatches;

/** One row of a {@link ComparisonTable}. */
export interface ComparisonRow {
  /** 1-based position, best first. */
  rank: number;
  name: string;
  /** Full summary of the group's finite values. */
  summary: Summary;
  /** Mean over finite runs; null when all diverged. */
  mean: number | null;
  /** Half-width of a Student-t interval; null for a bootstrap interval (see `summary.ci`) and with fewer than 2 finite runs. */
  ciHalfWidth: number | null;
  /** Finite runs. */
  n: number;
  /** Diverged runs (excluded from mean and CI). */
  diverged: number;
  /** The mean against the baseline (difference, ratio, message); null without a baseline or without a mean. */
  baseline: BaselineVerdict | null;
  /** The verdict against the baseline: a one-sided t-test across runs ({@link testAgainstBaseline}); null without a baseline. */
  vsBaseline: BaselineTest | null;
  /** Whether the confidence interval contains the baseline; null when either is missing. */
  ciIncludesBaseline: boolean | null;
  /** Test of this row against the best row (`meanDiff` = this − best); null for the best row or too few runs. */
  vsBest: TTestResult | null;
  /** `vsBest.p`, or null. */
  pValue: number | null;
  /** True for the first row with a mean. */
  isBest: boolean;
}

/** A comparison of groups of runs on one metric: the value the CLI prints and the docs render. */
export interface ComparisonTable {
  /** Metric key or label as given. */
  metric: string;
  /** Title of the metric, with the split, e.g. `'test MSE'`. */
  title: string;
  higherIsBetter: boolean;
  confidence: number;
  /** How the rows' intervals were computed (see `notes` for the sentence that says so). */
  interval: IntervalMethod;
  /** Test used for the p-values against the best row. */
  test: 'welch' | 'paired';
  baseline: { value: number; kind: string | null } | null;
  /** Level of the one-sided test behind each row's `vsBaseline` (stated under the table); null without a baseline. */
  baselineAlpha: number | null;
  /** Best first; groups whose runs all diverged last. */
  rows: ComparisonRow[];
  /** Warnings and caveats, one line each (diverged runs, baselines not beaten, missing statistics). */
  notes: string[];
}

/**
 * Compare groups of runs (e.g. initializers over seeds) on one metric: summarise each group
 * ({@link summarize}), sort best first by mean, test every row against the best one (Welch's t-test, or the
 * paired t-test when runs share seeds and splits), and judge each mean against the baseline. Diverged runs
 * are counted per row and excluded from its statistics; in the paired test, a pair with a diverged side is
 * dropped. Rows are ordered by mean only: a p-value says whether the gap to the best row is distinguishable
 * from seed noise.
 *
 * @throws {EvalError} `EMPTY_INPUT` (no groups, or a group without values), `INVALID_OPTION` (duplicate or
 *   empty names, unknown metric without direction, bad confidence, non-finite baseline),
 *   `LENGTH_MISMATCH` (paired groups of different lengths).
 * @example
 * ```ts
 * const table = compareGroups(
 *   [
 *     { name: 'he_normal', values: [0.74, 0.75, 0.73, 0.76] },
 *     { name: 'zeros', values: [0.559375, 0.559375, 0.559375, 0.559375] },
 *   ],
 *   { metric: 'accuracy', baseline: 0.559375, baselineKind: 'majority-class' },
 * );
 * table.rows[0]?.name;    // 'he_normal'
 * table.rows[1]?.pValue;  // ≈ 9.2e-5 (Welch, df = 3: the zeros runs have no spread)
 * console.log(formatComparisonTable(table)); // from @initlab/report
 * ```
 */
export function compareGroups(groups: readonly ComparisonGroup[], opts: CompareGroupsOptions): ComparisonTable {
  const fn = 'compareGroups';
  requireKnownOptions(fn, opts, COMPARE_GROUPS_OPTIONS);
  requireNonEmpty(fn, 'groups', groups, 'group');
  const higherIsBetter = resolveDirection(fn, opts.metric, opts.higherIsBetter);
  const confidence = resolveConfidence(fn, opts.confidence);
  const paired = opts.paired ?? false;
  if (opts.baseline !== undefined && (typeof opts.baseline !== 'number' || !Number.isFinite(opts.baseline))) {
    throw new EvalError('INVALID_OPTION', `${fn}: baseline must be a finite number, got ${show(opts.baseline)}`);
  }
  validateGroups(fn, groups, paired);

  const split = opts.split ?? 'test';
  const title = `${split === '' ? '' : `${split} `}${metricLabel(opts.metric)}`;
  const notes: string[] = [];
  const range = opts.range ?? metricInfo(opts.metric)?.range;
  const interval = intervalMethod(range, fn);
  if (interval === 'bootstrap') {
    notes.push(
      `interval: ${formatPercent(confidence)} percentile bootstrap of the mean over seeds (${formatNumber(BOOTSTRAP_RESAMPLES, 5)} resamples, percentiles widened for few seeds), so it stays within the range of the ${metricLabel(opts.metric)}`,
    );
  }
  const summarized = groups.map((group, index) => ({ group, index, summary: summarize(group.values, { confidence, ...(range === undefined ? {} : { range }) }) }));
  // Stable: equal means keep input order; groups with no finite run go last.
  summarized.sort((x, y) => {
    const a = x.summary.mean;
    const b = y.summary.mean;
    if (a === null || b === null) return a === b ? x.index - y.index : a === null ? 1 : -1;
    return (higherIsBetter ? b - a : a - b) || x.index - y.index;
  });
  const best = summarized.find((s) => s.summary.mean !== null);

  const rows = summarized.map(({ group, summary }, position): ComparisonRow => {
    const isBest = best !== undefined && group === best.group;
    const { mean, ci } = summary;
    const quoted = JSON.stringify(group.name);
    if (summary.n === 0) {
      notes.push(`${quoted}: ${summary.total === 1 ? 'its only run' : `all ${summary.total} runs`} diverged; no statistics`);
    } else if (summary.diverged > 0) {
      notes.push(`${quoted}: ${summary.diverged} of ${summary.total} runs diverged; statistics use the other ${summary.n}`);
    }
    if (summary.n === 1) notes.push(`${quoted}: only 1 finite run; no confidence interval`);

    let verdict: BaselineVerdict | null = null;
    let ciIncludesBaseline: boolean | null = null;
    let vsBaseline: BaselineTest | null = null;
    if (opts.baseline !== undefined) {
      vsBaseline = testAgainstBaseline(group.values, opts.baseline, { higherIsBetter, alpha: BASELINE_ALPHA });
      // Rows with too few runs share one note below: with --seeds 1 every row has them.
      const note = summary.n === 0 || vsBaseline.verdict === 'too few runs' ? null : baselineTestNote(vsBaseline, opts.baselineKind ?? null, opts.baseline);
      if (note !== null) notes.push(`${quoted}: ${note}`);
    }
    if (opts.baseline !== undefined && mean !== null) {
      verdict = compareToBaseline({
        metric: opts.metric,
        value: mean,
        baseline: opts.baseline,
        higherIsBetter,
        split,
        ...(opts.baselineKind === undefined ? {} : { baselineKind: opts.baselineKind }),
      });
      if (ci !== null) ciIncludesBaseline = ci[0] <= opts.baseline && opts.baseline <= ci[1];
    }

    let vsBest: TTestResult | null = null;
    if (best !== undefined && !isBest && mean !== null) {
      const tested = testAgainstBest(group.values, best.group.values, paired, confidence);
      vsBest = tested.result;
      if (tested.droppedPairs > 0 && vsBest !== null) {
        const pairs = tested.droppedPairs === 1 ? '1 pair' : `${tested.droppedPairs} pairs`;
        notes.push(`${quoted}: ${pairs} with a diverged run left out of the paired test`);
      }
      if (vsBest === null) {
        notes.push(`${quoted}: no p-value against the best row (needs at least 2 finite ${paired ? 'pairs' : 'runs in both groups'})`);
      }
    }
    return {
      rank: position + 1,
      name: group.name,
      summary,
      mean,
      ciHalfWidth: summary.ciHalfWidth,
      n: summary.n,
      diverged: summary.diverged,
      baseline: verdict,
      vsBaseline,
      ciIncludesBaseline,
      vsBest,
      pValue: vsBest?.p ?? null,
      isBest,
    };
  });
  const tooFew = rows.filter((r) => r.n > 0 && r.vsBaseline?.verdict === 'too few runs');
  if (tooFew.length > 0) notes.push(tooFewRunsNote(tooFew.map((r) => r.name)));
  return {
    metric: opts.metric,
    title,
    higherIsBetter,
    confidence,
    interval,
    test: paired ? 'paired' : 'welch',
    baseline: opts.baseline === undefined ? null : { value: opts.baseline, kind: opts.baselineKind ?? null },
    baselineAlpha: opts.baseline === undefined ? null : BASELINE_ALPHA,
    rows,
    notes,
  };
}

function validateGroups(fn: string, groups: readonly ComparisonGroup[], paired: boolean): void {
  const seen = new Set<string>();
  groups.forEach((group, i) => {
    if (typeof group.name !== 'string' || group.name === '') {
      throw new EvalError('INVALID_OPTION', `${fn}: groups[${i}].name must be a non-empty string, got ${show(group.name)}`);
    }
    if (seen.has(group.name)) {
      throw new EvalError('INVALID_OPTION', `${fn}: groups[${i}].name must be unique, got ${JSON.stringify(group.name)} twice`);
    }
    seen.add(group.name);
    requireNonEmpty(fn, `groups[${i}].values`, group.values, 'run');
    const first = groups[0]!;
    if (paired && group.values.length !== first.values.length) {
      throw new EvalError(
        'LENGTH_MISMATCH',
        `${fn}: paired groups must all have the same number of runs, got ${first.values.length} for ${JSON.stringify(first.name)} and ${group.values.length} for ${JSON.stringify(group.name)}`,
      );
    }
  });
}

function isFinite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function testAgainstBest(
  values: ReadonlyArray<number | null>,
  bestValues: ReadonlyArray<number | null>,
  paired: boolean,
  confidence: number,
): { result: TTestResult | null; droppedPairs: number } {
  if (paired) {
    const a: number[] = [];
    const b: number[] = [];
    values.forEach((v, i) => {
      const w = bestValues[i];
      if (isFinite(v) && isFinite(w)) {
        a.push(v);
        b.push(w);
      }
    });
    const result = a.length >= 2 ? pairedTTest(a, b, { confidence }) : null;
    return { result, droppedPairs: values.length - a.length };
  }
  const a = values.filter(isFinite);
  const b = bestValues.filter(isFinite);
  return { result: a.length >= 2 && b.length >= 2 ? welchTTest(a, b, { confidence }) : null, droppedPairs: 0 };
}

/** The one note for rows with fewer finished runs than the test against the baseline needs. */
function tooFewRunsNote(names: readonly string[]): string {
  const list = names.map((n) => JSON.stringify(n)).join(', ');
  const each = names.length === 1 ? '' : ' each';
  return `${list}: fewer than ${MIN_RUNS_FOR_BASELINE_TEST} finished runs${each}, too few to test against the baseline; run at least ${MIN_RUNS_FOR_BASELINE_TEST} seeds`;
}
