import { EvalError } from './errors.js';
import { meanOf, sumBy } from './sum.js';
import { readSampleWeight, requireKnownOptions, requirePairedFinite, type SameKeys } from './validate.js';

/**
 * The options every regression metric reads ({@link mse}, {@link rmse}, {@link mae}, {@link r2},
 * {@link regressionMetrics}); any other key is refused (`INVALID_OPTION`).
 *
 * @example
 * ```ts
 * REGRESSION_OPTIONS; // ['sampleWeight']
 * ```
 */
export const REGRESSION_OPTIONS = ['sampleWeight'] as const;

/** Options of the regression metrics (scikit-learn's parameters, camel-cased). */
export interface RegressionOptions {
  /**
   * One weight >= 0 per sample (scikit-learn's `sample_weight`), not all zero: every mean becomes a weighted
   * mean `Σ wᵢ xᵢ / Σ wᵢ`, and R²'s `ȳ` the weighted mean of `yTrue`.
   */
  sampleWeight?: ArrayLike<number>;
}

const optionListMatches: SameKeys<RegressionOptions, typeof REGRESSION_OPTIONS> = true;
void optionListMatches;

/** Checks a metric's arguments once: the paired values, the option keys and the weights. */
function prepare(fn: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts: RegressionOptions | undefined): ArrayLike<number> | undefined {
  requireKnownOptions(fn, opts, REGRESSION_OPTIONS);
  requirePairedFinite(fn, yTrue, yPred);
  return readSampleWeight(fn, opts?.sampleWeight, yTrue.length);
}

/** `Σ wᵢ term(i) / Σ wᵢ`, or the plain mean without weights. */
function meanBy(n: number, term: (i: number) => number, weight: ArrayLike<number> | undefined): number {
  if (weight === undefined) return sumBy(n, term) / n;
  return sumBy(n, (i) => (weight[i] === 0 ? 0 : weight[i]! * term(i))) / sumBy(n, (i) => weight[i]!);
}

/** The four regression metrics `regressionMetrics` reports together. */
export interface RegressionMetrics {
  /** Mean squared error, `Σ(yᵢ − ŷᵢ)² / n`. */
  mse: number;
  /** Root mean squared error, `√mse`, in the target's units. */
  rmse: number;
  /** Mean absolute error, `Σ|yᵢ − ŷᵢ| / n`. */
  mae: number;
  /** Coefficient of determination with scikit-learn's `r2_score` semantics (see {@link r2}). */
  r2: number;
}

/**
 * Mean squared error, `MSE = (1/n) Σᵢ (yᵢ − ŷᵢ)²` (scikit-learn's `mean_squared_error`); with
 * `sampleWeight`, `Σ wᵢ (yᵢ − ŷᵢ)² / Σ wᵢ`.
 *
 * @param yTrue - observed targets; finite, non-empty.
 * @param yPred - predictions, same length as `yTrue`; finite.
 * @throws {EvalError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_OPTION`.
 * @example
 * ```ts
 * mse([3, -0.5, 2, 7], [2.5, 0, 2, 8]);                                  // 0.375
 * mse([3, -0.5, 2, 7], [2.5, 0, 2, 8], { sampleWeight: [1, 1, 1, 0] }); // 1/6
 * ```
 */
export function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts?: RegressionOptions): number {
  const weight = prepare('mse', yTrue, yPred, opts);
  return squaredErrorMean(yTrue, yPred, weight);
}

/**
 * Root mean squared error, `RMSE = √MSE`, in the target's units (weighted with `sampleWeight`).
 *
 * @throws {EvalError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_OPTION`.
 * @example
 * ```ts
 * rmse([0, 0], [3, 4]); // √12.5 ≈ 3.5355
 * ```
 */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts?: RegressionOptions): number {
  const weight = prepare('rmse', yTrue, yPred, opts);
  return Math.sqrt(squaredErrorMean(yTrue, yPred, weight));
}

/**
 * Mean absolute error, `MAE = (1/n) Σᵢ |yᵢ − ŷᵢ|` (scikit-learn's `mean_absolute_error`); with
 * `sampleWeight`, `Σ wᵢ |yᵢ − ŷᵢ| / Σ wᵢ`.
 *
 * @throws {EvalError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `INVALID_OPTION`.
 * @example
 * ```ts
 * mae([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 * ```
 */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts?: RegressionOptions): number {
  const weight = prepare('mae', yTrue, yPred, opts);
  return absoluteErrorMean(yTrue, yPred, weight);
}

/**
 * Coefficient of determination, `R² = 1 − SS_res / SS_tot` with `SS_res = Σ(yᵢ − ŷᵢ)²` and
 * `SS_tot = Σ(yᵢ − ȳ)²`, as scikit-learn's `r2_score` (default `force_finite=True`).
 *
 * - R² ≤ 1; 0 for predicting the mean of `yTrue`; unbounded below.
 * - Constant `yTrue` (`SS_tot = 0`, detected exactly as "all values equal"): 1 for a perfect prediction,
 *   0 otherwise, never NaN or −Infinity.
 * - Needs at least 2 samples (scikit-learn returns NaN there; this throws `TOO_FEW_VALUES`).
 * - With `sampleWeight`: `SS_res = Σ wᵢ(yᵢ − ŷᵢ)²`, `SS_tot = Σ wᵢ(yᵢ − ȳ_w)²` with the weighted mean `ȳ_w`;
 *   "constant" then means constant over the samples of weight > 0.
 *
 * @throws {EvalError} `EMPTY_INPUT`, `LENGTH_MISMATCH`, `NON_FINITE`, `TOO_FEW_VALUES`, `INVALID_OPTION`.
 * @example
 * ```ts
 * r2([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // ≈ 0.948608
 * r2([-2, -2, -2], [-2, -2, -2]);       // 1 (constant target, perfect prediction)
 * ```
 */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts?: RegressionOptions): number {
  const weight = prepare('r2', yTrue, yPred, opts);
  return r2Unchecked(yTrue, yPred, weight);
}

/**
 * MSE, RMSE, MAE and R² of one set of predictions, validated once (all weighted with `sampleWeight`).
 *
 * @throws {EvalError} as {@link r2} (so at least 2 samples).
 * @example
 * ```ts
 * regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
 * // { mse: 0.375, rmse: 0.6124…, mae: 0.5, r2: 0.9486… }
 * ```
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, opts?: RegressionOptions): RegressionMetrics {
  const weight = prepare('regressionMetrics', yTrue, yPred, opts);
  if (yTrue.length < 2) throw tooFewForR2('regressionMetrics', yTrue.length);
  const squared = squaredErrorMean(yTrue, yPred, weight);
  return {
    mse: squared,
    rmse: Math.sqrt(squared),
    mae: absoluteErrorMean(yTrue, yPred, weight),
    r2: r2Unchecked(yTrue, yPred, weight),
  };
}

function squaredErrorMean(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weight: ArrayLike<number> | undefined): number {
  return meanBy(yTrue.length, (i) => ((yTrue[i] as number) - (yPred[i] as number)) ** 2, weight);
}

function absoluteErrorMean(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weight: ArrayLike<number> | undefined): number {
  return meanBy(yTrue.length, (i) => Math.abs((yTrue[i] as number) - (yPred[i] as number)), weight);
}

function tooFewForR2(fn: string, n: number): EvalError {
  return new EvalError('TOO_FEW_VALUES', `${fn}: yTrue must hold at least 2 samples for R², got ${n}`);
}

function r2Unchecked(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, weight?: ArrayLike<number>): number {
  const n = yTrue.length;
  if (n < 2) throw tooFewForR2('r2', n);
  // Samples of weight 0 take no part: scikit-learn multiplies their terms by 0.
  const counts = (i: number): boolean => weight === undefined || weight[i]! > 0;
  const w = (i: number): number => (weight === undefined ? 1 : weight[i]!);
  // A constant target has SS_tot = 0 exactly; testing equality directly avoids the rounding residue a
  // computed mean can leave (e.g. three copies of 0.1), which would turn scikit-learn's 0/1 rule into noise.
  let first = -1;
  let constant = true;
  for (let i = 0; i < n && constant; i++) {
    if (!counts(i)) continue;
    if (first < 0) first = i;
    else constant = yTrue[i] === yTrue[first];
  }
  const residual = (i: number): number => (counts(i) ? (yTrue[i] as number) - (yPred[i] as number) : 0);
  const residualScale = maxAbs(n, residual);
  if (constant) return residualScale === 0 ? 1 : 0;
  if (residualScale === 0) return 1;
  const mean = weight === undefined ? meanOf(yTrue) : weightedMean(yTrue, weight);
  const deviation = (i: number): number => (counts(i) ? (yTrue[i] as number) - mean : 0);
  const deviationScale = maxAbs(n, deviation); // > 0: the counted values are not all equal
  // R² is scale-free, so both sums are taken on values scaled to at most 1: squares of tiny (subnormal) or
  // huge (1e160+) differences would otherwise underflow to 0 or overflow to Infinity and give NaN.
  const ssRes = sumBy(n, (i) => w(i) * (residual(i) / residualScale) ** 2);
  const ssTot = sumBy(n, (i) => w(i) * (deviation(i) / deviationScale) ** 2);
  return 1 - (residualScale / deviationScale) ** 2 * (ssRes / ssTot);
}

/** `Σ wᵢ yᵢ / Σ wᵢ` with one correction pass, as {@link meanOf}. */
function weightedMean(values: ArrayLike<number>, weight: ArrayLike<number>): number {
  const n = values.length;
  const total = sumBy(n, (i) => weight[i]!);
  const m = sumBy(n, (i) => weight[i]! * (values[i] as number)) / total;
  return m + sumBy(n, (i) => weight[i]! * ((values[i] as number) - m)) / total;
}

function maxAbs(n: number, value: (i: number) => number): number {
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(value(i)));
  return max;
}
