import { EvalError } from './errors.js';
import { meanOf, varianceOf } from './sum.js';
import { studentTCdf, studentTQuantile } from './tdist.js';
import { requireFiniteValues, requireKnownOptions, requireSameLength, resolveConfidence, type SameKeys } from './validate.js';

/**
 * The options {@link welchTTest} and {@link pairedTTest} read; any other key is refused (`INVALID_OPTION`).
 *
 * @example
 * ```ts
 * TTEST_OPTIONS; // ['confidence']
 * ```
 */
export const TTEST_OPTIONS = ['confidence'] as const;

/** Options of {@link welchTTest} and {@link pairedTTest}. */
export interface TTestOptions {
  /** Coverage of the interval for the mean difference (default 0.95). */
  confidence?: number;
}

const optionListMatches: SameKeys<TTestOptions, typeof TTEST_OPTIONS> = true;
void optionListMatches;

/** Result of a two-sided t-test of `mean(a) − mean(b) = 0`. */
export interface TTestResult {
  /** Which test produced it. */
  test: 'welch' | 'paired';
  /** t statistic, `meanDiff / se`. */
  t: number;
  /** Degrees of freedom (Welch–Satterthwaite for Welch, n − 1 for paired; may be fractional). */
  df: number;
  /** Two-sided p-value, `2·P(T ≤ −|t|)`. */
  p: number;
  /** `mean(a) − mean(b)` (for the paired test, the mean of the differences: the same number). */
  meanDiff: number;
  /** Standard error of `meanDiff`. */
  se: number;
  /** Confidence level of `ci`. */
  confidence: number;
  /** `meanDiff ± t_{(1+confidence)/2, df} · se`. */
  ci: [number, number];
  /** Sample sizes `[n_a, n_b]`. */
  n: [number, number];
  /**
   * True when the spread is exactly zero (`se = 0`): equal means then give t = 0, p = 1; different means
   * give t = ±Infinity, p = 0; the interval collapses to `meanDiff`. Such runs are typically
   * deterministic (e.g. a zero-initialised network that always predicts the majority class).
   */
  zeroVariance: boolean;
}

/**
 * Welch's unequal-variances t-test of two independent samples, two-sided:
 * `t = (x̄_a − x̄_b) / √(s_a²/n_a + s_b²/n_b)` with Welch–Satterthwaite degrees of freedom
 * `df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1))`.
 * Matches R's `t.test(a, b)` and SciPy's `ttest_ind(a, b, equal_var=False)`.
 *
 * Paper: "The generalization of 'Student's' problem when several different population variances are
 * involved" – B. L. Welch (1947).
 *
 * @throws {EvalError} `TOO_FEW_VALUES` when a sample has fewer than 2 values, `NON_FINITE` for NaN or
 *   ±Infinity (filter diverged runs first), `INVALID_OPTION` for a bad confidence.
 * @example
 * ```ts
 * const a = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
 * const b = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
 * welchTTest(a, b); // { t: -1.8608, df: 17.776, p: 0.07939, meanDiff: -1.58, … } (R's sleep data)
 * ```
 */
export function welchTTest(a: readonly number[], b: readonly number[], opts: TTestOptions = {}): TTestResult {
  const fn = 'welchTTest';
  requireKnownOptions(fn, opts, TTEST_OPTIONS);
  requireSample(fn, 'a', a);
  requireSample(fn, 'b', b);
  const confidence = resolveConfidence(fn, opts.confidence);
  const meanA = meanOf(a);
  const meanB = meanOf(b);
  const va = varianceOf(a, meanA, 1) / a.length;
  const vb = varianceOf(b, meanB, 1) / b.length;
  const se = Math.sqrt(va + vb);
  // With no spread the Satterthwaite ratio is 0/0; report the pooled df, which is what it tends to as the
  // two variances approach each other.
  const df = se === 0 ? a.length + b.length - 2 : (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return finish('welch', meanA - meanB, se, df, confidence, [a.length, b.length]);
}

/**
 * Paired t-test, two-sided: runs `a[i]` and `b[i]` share a seed and data split, so the test is a one-sample
 * t-test of the differences `dᵢ = aᵢ − bᵢ`: `t = d̄ / (s_d/√n)`, `df = n − 1`. Pairing removes the
 * between-seed variation both runs share, so it detects smaller differences than Welch's test when that
 * variation is large. Matches R's `t.test(a, b, paired = TRUE)` and SciPy's `ttest_rel(a, b)`.
 *
 * @throws {EvalError} `LENGTH_MISMATCH` when the samples differ in length, `TOO_FEW_VALUES` for fewer than
 *   2 pairs, `NON_FINITE` for NaN or ±Infinity, `INVALID_OPTION` for a bad confidence.
 * @example
 * ```ts
 * const a = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
 * const b = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
 * pairedTTest(a, b); // { t: -4.0621, df: 9, p: 0.002833, meanDiff: -1.58, ci: [-2.4599, -0.7001], … }
 * ```
 */
export function pairedTTest(a: readonly number[], b: readonly number[], opts: TTestOptions = {}): TTestResult {
  const fn = 'pairedTTest';
  requireKnownOptions(fn, opts, TTEST_OPTIONS);
  requireSameLength(fn, 'a', a, 'b', b);
  requireSample(fn, 'a', a);
  requireSample(fn, 'b', b);
  const confidence = resolveConfidence(fn, opts.confidence);
  const d = a.map((x, i) => x - b[i]!);
  const meanD = meanOf(d);
  const se = Math.sqrt(varianceOf(d, meanD, 1) / d.length);
  return finish('paired', meanD, se, d.length - 1, confidence, [a.length, b.length]);
}

function requireSample(fn: string, name: string, values: readonly number[]): void {
  if (values.length < 2) {
    throw new EvalError('TOO_FEW_VALUES', `${fn}: ${name} must hold at least 2 values, got ${values.length}`);
  }
  requireFiniteValues(fn, name, values, '; leave diverged runs out (summarize and compareGroups count them)');
}

function finish(
  test: TTestResult['test'],
  meanDiff: number,
  se: number,
  df: number,
  confidence: number,
  n: [number, number],
): TTestResult {
  const zeroVariance = se === 0;
  let t: number;
  if (zeroVariance) t = meanDiff === 0 ? 0 : meanDiff > 0 ? Infinity : -Infinity;
  else t = meanDiff / se;
  // 2·cdf(−|t|) keeps tiny p-values accurate where 2·(1 − cdf(|t|)) would round to 0.
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  const halfWidth = zeroVariance ? 0 : studentTQuantile((1 + confidence) / 2, df) * se;
  return { test, t, df, p, meanDiff, se, confidence, ci: [meanDiff - halfWidth, meanDiff + halfWidth], n, zeroVariance };
}
