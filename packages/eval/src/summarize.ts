import { bootstrapMeanInterval } from './bootstrap.js';
import { EvalError } from './errors.js';
import { meanOf, varianceOf } from './sum.js';
import { studentTQuantile } from './tdist.js';
import { requireKnownOptions, requireNonEmpty, resolveConfidence, show, type SameKeys } from './validate.js';

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /** Coverage of the confidence interval, strictly between 0 and 1 (default 0.95). */
  confidence?: number;
  /**
   * The values the metric can take, `[min, max]` (e.g. `METRICS.accuracy.range`, `[0, 1]`). With a finite end
   * the interval is a percentile bootstrap over the runs, which never leaves the range; without (the default)
   * it is Student's t.
   */
  range?: readonly [number, number];
}

/**
 * The keys of {@link SummarizeOptions}.
 *
 * @example
 * ```ts
 * SUMMARIZE_OPTIONS; // ['confidence', 'range']
 * ```
 */
export const SUMMARIZE_OPTIONS = ['confidence', 'range'] as const;
const summarizeListMatches: SameKeys<SummarizeOptions, typeof SUMMARIZE_OPTIONS> = true;
void summarizeListMatches;

/** How a {@link Summary}'s interval was computed. */
export type IntervalMethod = 'student-t' | 'bootstrap';

/**
 * Aggregate of one metric over repeated runs (seeds). Runs whose value is not a finite number (NaN,
 * ±Infinity or `null`: a diverged run) are counted in `diverged` and excluded from every statistic.
 * Statistics that the remaining `n` values cannot support are `null`, and `note` says why.
 */
export interface Summary {
  /** Values received, finite or not. */
  total: number;
  /** Finite values the statistics use. */
  n: number;
  /** Values that were NaN, ±Infinity or null: runs that diverged. `total = n + diverged`. */
  diverged: number;
  /** Arithmetic mean; null when n = 0. */
  mean: number | null;
  /** Sample standard deviation (ddof = 1); null when n < 2. */
  std: number | null;
  /** Standard error of the mean, `std / √n`; null when n < 2. */
  sem: number | null;
  /** Confidence level of `ci`. */
  confidence: number;
  /**
   * Confidence interval of the mean: `mean ± t_{(1+confidence)/2, n−1} · sem` (Student's t), or with a bounded
   * `range` the expanded percentile bootstrap over the runs; null when n < 2.
   */
  ci: [number, number] | null;
  /** How `ci` was computed; null when there is no interval. */
  ciMethod: IntervalMethod | null;
  /** Half-width of a Student-t `ci` (what "mean ± x" prints); null for a bootstrap interval and when n < 2. */
  ciHalfWidth: number | null;
  /** Smallest finite value; null when n = 0. */
  min: number | null;
  /** Largest finite value; null when n = 0. */
  max: number | null;
  /** Median of the finite values (mean of the middle two for even n); null when n = 0. */
  median: number | null;
  /** Why some statistics are null, or null when all are present. */
  note: string | null;
}

/**
 * Summarise one metric over seeds: mean, sample standard deviation, standard error and a confidence interval
 * of the mean, plus min, max and median. The interval is Student's `x̄ ± t_{(1+c)/2, n−1} · s/√n`, or, for a
 * metric with a bounded `range` (accuracy, MSE), a percentile bootstrap over the runs (10 000 resamples from a
 * fixed seed, percentiles expanded by Hesterberg's small-sample correction), which stays inside the range: an
 * accuracy interval never passes 1, an MSE interval never drops below 0.
 *
 * Diverged runs are reported, not averaged: NaN, ±Infinity and `null` entries are counted in `diverged`
 * and left out of every statistic. With one finite value there is no spread to estimate, so `std`, `sem`
 * and `ci` are `null` (never NaN) and `note` says so; with none, every statistic is `null`.
 *
 * @throws {EvalError} `EMPTY_INPUT` for an empty array, `INVALID_OPTION` for a confidence outside (0, 1).
 * @example
 * ```ts
 * const s = summarize([0.81, 0.79, 0.84, NaN, 0.8]);
 * s.n;        // 4
 * s.diverged; // 1
 * s.ci;       // [0.7756…, 0.8443…] (mean 0.81 ± t₀.₉₇₅,₃ · 0.0108)
 * summarize([1, 1, 1, 0.99], { range: [0, 1] }).ci; // [0.99, 1]: a bootstrap interval, never past 1
 * ```
 */
export function summarize(values: ReadonlyArray<number | null>, opts: SummarizeOptions = {}): Summary {
  requireKnownOptions('summarize', opts, SUMMARIZE_OPTIONS);
  requireNonEmpty('summarize', 'values', values, 'run');
  const confidence = resolveConfidence('summarize', opts.confidence);
  const bounded = intervalMethod(opts.range, 'summarize') === 'bootstrap';
  const finite: number[] = [];
  // -0 becomes 0 so that min, max and median do not depend on the order of the runs.
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) finite.push(v === 0 ? 0 : v);
  const n = finite.length;
  const diverged = values.length - n;
  const base = { total: values.length, n, diverged, confidence };
  if (n === 0) {
    return {
      ...base,
      mean: null,
      std: null,
      sem: null,
      ci: null,
      ciMethod: null,
      ciHalfWidth: null,
      min: null,
      max: null,
      median: null,
      note: diverged === 1 ? 'no finite value: the only run diverged' : `no finite values: all ${diverged} runs diverged`,
    };
  }
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const mean = meanOf(finite);
  const order = { min: sorted[0]!, max: sorted[n - 1]!, median };
  if (n === 1) {
    return {
      ...base,
      mean,
      std: null,
      sem: null,
      ci: null,
      ciMethod: null,
      ciHalfWidth: null,
      ...order,
      note: 'only one finite value: standard deviation and confidence interval need at least 2',
    };
  }
  const std = Math.sqrt(varianceOf(finite, mean, 1));
  const sem = std / Math.sqrt(n);
  if (bounded) {
    return { ...base, mean, std, sem, ci: bootstrapMeanInterval(finite, mean, confidence), ciMethod: 'bootstrap', ciHalfWidth: null, ...order, note: null };
  }
  const halfWidth = studentTQuantile((1 + confidence) / 2, n - 1) * sem;
  return {
    ...base,
    mean,
    std,
    sem,
    ci: [mean - halfWidth, mean + halfWidth],
    ciMethod: 'student-t',
    ciHalfWidth: halfWidth,
    ...order,
    note: null,
  };
}

/**
 * The interval {@link summarize} computes for a metric with this range: `'bootstrap'` when an end is finite,
 * else `'student-t'`.
 *
 * @throws {EvalError} `INVALID_OPTION` for a range that is not `[min, max]` with min < max.
 * @example
 * ```ts
 * intervalMethod([0, 1]);    // 'bootstrap'
 * intervalMethod(undefined); // 'student-t'
 * ```
 */
export function intervalMethod(range: SummarizeOptions['range'], fn = 'intervalMethod'): IntervalMethod {
  if (range === undefined) return 'student-t';
  const [lo, hi] = Array.isArray(range) ? range : [];
  if (!Array.isArray(range) || range.length !== 2 || typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi) || !(lo < hi)) {
    throw new EvalError('INVALID_OPTION', `${fn}: range must be [min, max] with min < max (±Infinity for an open end), got ${Array.isArray(range) ? `[${range.map((v) => show(v)).join(', ')}]` : show(range)}`);
  }
  return Number.isFinite(lo) || Number.isFinite(hi) ? 'bootstrap' : 'student-t';
}
