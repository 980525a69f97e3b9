import { PreprocessError } from './errors.js';
import { checkSavedScale, FittedScaler, savedFeatures, savedFitted } from './fitted-scaler.js';
import { show } from './format.js';
import { checkOptions, type SameKeys } from './options.js';
import { checkInput, checkSaved, checkStatList, columnsOf, type CellMap, type MatrixLike, type ScalerInput } from './matrix.js';
import { sumAxis0 } from './numpy-sum.js';

/**
 * The option names of {@link StandardScaler}'s constructor, the one list the unknown-key check uses.
 * @example
 * ```ts
 * STANDARD_SCALER_OPTIONS; // ['withMean', 'withStd']; new StandardScaler({ with_mean: false }) is refused
 * ```
 */
export const STANDARD_SCALER_OPTIONS = ['withMean', 'withStd'] as const;

/**
 * The option names of {@link StandardScaler.fit} and {@link StandardScaler.partialFit} (and `TargetScaler`'s).
 * @example
 * ```ts
 * STANDARD_SCALER_FIT_OPTIONS; // ['sampleWeight']: new StandardScaler().fit(X, { sampleWeight: [1, 2] })
 * ```
 */
export const STANDARD_SCALER_FIT_OPTIONS = ['sampleWeight'] as const;

/** Options of {@link StandardScaler}, as scikit-learn's `with_mean` and `with_std`. */
export type StandardScalerOptions = {
  [K in (typeof STANDARD_SCALER_OPTIONS)[number]]?: boolean;
};

/** Options of {@link StandardScaler.fit} and {@link StandardScaler.partialFit}. */
export interface StandardScalerFitOptions {
  /**
   * Weight of each row (`sample_weight`): an array of one finite number per row, or one number for
   * every row. For float32 data the weights are rounded to float32, as scikit-learn casts them to
   * `X.dtype`.
   */
  sampleWeight?: ArrayLike<number> | number;
}

// A key added to the list and not the interface (or the reverse) fails the type check.
const fitOptionsMatch: SameKeys<StandardScalerFitOptions, typeof STANDARD_SCALER_FIT_OPTIONS> = true;
void fitOptionsMatch;

/** What a fitted {@link StandardScaler} learned (scikit-learn's fitted attributes, `None` as `null`). */
export interface StandardScalerState {
  /** Column means; `null` when both `withMean` and `withStd` are off (`mean_ = None`). */
  mean: number[] | null;
  /** Column population variances (ddof 0); `null` when `withStd` is off (`var_ = None`). */
  var: number[] | null;
  /** Divisor of each column: `sqrt(var)`, or 1 for a constant column; `null` when `withStd` is off. */
  scale: number[] | null;
  /**
   * Rows seen by `fit`/`partialFit` (the sum of the weights with `sampleWeight`): one number when every
   * column saw the same count, else one count per column (columns with NaN count fewer), as
   * scikit-learn's `n_samples_seen_`.
   */
  nSamplesSeen: number | number[];
  /** Number of columns. */
  nFeatures: number;
}

/** A {@link StandardScaler} as plain JSON (`JSON.stringify(scaler)` produces it; NaN statistics become null). */
export interface StandardScalerJSON {
  type: 'StandardScaler';
  withMean: boolean;
  withStd: boolean;
  /** `null` while the scaler is not fitted. */
  fitted: StandardScalerState | null;
}

const EPS = Number.EPSILON;

// The per-column counts and the dtype scikit-learn's partial_fit casts a scalar n_samples_seen_ to.
type CountDtype = 'int64' | 'float32' | 'float64';
const castCount = (v: number, dtype: CountDtype): number =>
  dtype === 'int64' ? Math.trunc(v) : dtype === 'float32' ? Math.fround(v) : v;

function checkFitOptions(where: string, opts: StandardScalerFitOptions | undefined, nRows: number, float32: boolean): Float64Array | null {
  checkOptions(where, opts, STANDARD_SCALER_FIT_OPTIONS);
  if (opts === undefined) return null;
  const w = opts.sampleWeight;
  if (w === undefined) return null;
  let weights: Float64Array;
  if (typeof w === 'number') {
    if (!Number.isFinite(w)) {
      throw new PreprocessError('INVALID_OPTION', `${where}: sampleWeight must be a finite number or an array of them, got ${show(w)}`);
    }
    weights = new Float64Array(nRows).fill(w);
  } else if (w !== null && typeof w === 'object' && typeof w.length === 'number') {
    if (w.length !== nRows) {
      throw new PreprocessError('LENGTH_MISMATCH', `${where}: sampleWeight must hold one weight per row of X (${nRows}), got ${w.length}`);
    }
    weights = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) {
      const v = w[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new PreprocessError('INVALID_OPTION', `${where}: sampleWeight must hold finite numbers, got ${show(v)} at index ${i}`);
      }
      weights[i] = v;
    }
  } else {
    throw new PreprocessError('INVALID_OPTION', `${where}: sampleWeight must be an array of numbers or a number, got ${show(w)}`);
  }
  return float32 ? weights.map(Math.fround) : weights;
}

/**
 * Standardises each column to zero mean and unit variance, as scikit-learn 1.2's `StandardScaler`:
 * `z = (x − μ) / σ`, with μ the column mean and σ the **population** standard deviation
 * `sqrt(Σ(x − μ)² / n)`.
 *
 * `fit` and `partialFit` run scikit-learn's `_incremental_mean_and_var` step for step: the corrected
 * two-pass variance `(Σ(x−T)² − (Σ(x−T))²/n) / n` of each batch (T its mean; Chan, Golub & LeVeque),
 * combined with the earlier batches by Chan et al.'s update, with NumPy's summation order
 * (`numpy-sum.ts`), so the statistics equal scikit-learn's bit for bit. NaN is a missing value: it is
 * left out of the statistics (each column counts its own rows) and passes through `transform` as NaN.
 * `sampleWeight` weights the rows. A column whose variance is within rounding error of zero
 * (`var ≤ n·ε·var + (n·μ·ε)²`) gets scale 1, so constant columns map to 0 instead of NaN.
 * `inverseTransform` computes `x = z · σ + μ`.
 *
 * Float32 data (every row a `Float32Array`) gives `Float32Array` rows from `transform` and
 * `inverseTransform`; the statistics are float64, as scikit-learn accumulates them.
 *
 * @example
 * ```ts
 * import { StandardScaler } from '@initlab/preprocess';
 * const scaler = new StandardScaler().fit([[1, 10], [3, 10]]);
 * scaler.mean;                    // [2, 10]
 * scaler.scale;                   // [1, 1]   (second column is constant)
 * scaler.transform([[3, 10]]);    // [[1, 0]]
 * scaler.inverseTransform([[1, 0]]); // [[3, 10]]
 *
 * // In batches, with a missing value: the statistics of one fit of all rows.
 * const online = new StandardScaler().partialFit([[1, NaN], [2, 4]]).partialFit([[3, 10], [5, 20]]);
 * online.mean;                    // [2.75, 11.333…]
 * online.nSamplesSeen;            // [4, 3]
 * ```
 */
export class StandardScaler extends FittedScaler<StandardScalerState, StandardScalerFitOptions> {
  /** Whether `transform` subtracts the mean. */
  readonly withMean: boolean;
  /** Whether `transform` divides by the standard deviation. */
  readonly withStd: boolean;

  constructor(opts: StandardScalerOptions = {}) {
    super('StandardScaler');
    checkOptions('StandardScaler', opts, STANDARD_SCALER_OPTIONS);
    const withMean = opts.withMean ?? true;
    const withStd = opts.withStd ?? true;
    if (typeof withMean !== 'boolean') {
      throw new PreprocessError('INVALID_OPTION', `StandardScaler: withMean must be true or false, got ${show(withMean)}`);
    }
    if (typeof withStd !== 'boolean') {
      throw new PreprocessError('INVALID_OPTION', `StandardScaler: withStd must be true or false, got ${show(withStd)}`);
    }
    this.withMean = withMean;
    this.withStd = withStd;
  }

  /** Column means (a copy); `null` when both `withMean` and `withStd` are off, as scikit-learn's `None`. */
  get mean(): number[] | null {
    const { mean } = this.fitted('mean');
    return mean === null ? null : [...mean];
  }

  /** Column population variances (a copy); `null` when `withStd` is off, as scikit-learn's `None`. */
  get var(): number[] | null {
    const v = this.fitted('var').var;
    return v === null ? null : [...v];
  }

  /** Column divisors: the standard deviation, 1 for a constant column (a copy); `null` when `withStd` is off. */
  get scale(): number[] | null {
    const { scale } = this.fitted('scale');
    return scale === null ? null : [...scale];
  }

  /**
   * Rows seen so far (weights summed with `sampleWeight`): one number when every column saw the same
   * count, else one per column (NaN cells are not counted), as scikit-learn's `n_samples_seen_`.
   */
  get nSamplesSeen(): number | number[] {
    const n = this.fitted('nSamplesSeen').nSamplesSeen;
    return typeof n === 'number' ? n : [...n];
  }

  /**
   * Learns the column means and standard deviations of `X`, replacing any earlier fit
   * (scikit-learn's `fit`: a reset, then one `partialFit`).
   * @param X A Matrix or rows of numbers (NaN for a missing value), at least one row, all of the same width.
   * @param opts `sampleWeight`: one weight per row, or one number for all.
   * @returns `this`, for chaining.
   */
  fit(X: ScalerInput, opts?: StandardScalerFitOptions): this {
    return this.#update('StandardScaler.fit', X, opts, null);
  }

  /**
   * Updates the statistics with one more batch of rows, as if every batch so far had been given to
   * one `fit` (scikit-learn's `partial_fit`, Chan, Golub & LeVeque's update of mean and variance).
   * @param X Rows with as many columns as earlier batches (NaN for a missing value).
   * @param opts `sampleWeight`: one weight per row, or one number for all.
   * @returns `this`, for chaining.
   */
  partialFit(X: ScalerInput, opts?: StandardScalerFitOptions): this {
    return this.#update('StandardScaler.partialFit', X, opts, this.state);
  }

  #update(where: string, X: ScalerInput, opts: StandardScalerFitOptions | undefined, last: StandardScalerState | null): this {
    const { rows, width: d, float32 } = checkInput(where, X, false);
    if (last !== null && d !== last.nFeatures) {
      throw new PreprocessError('WIDTH_MISMATCH', `${where}: X must have ${last.nFeatures} features per row, as in earlier batches, got ${d}`);
    }
    const weights = checkFitOptions(where, opts, rows.length, float32);
    this.setState(this.#combine(rows, d, weights, float32, last));
    return this;
  }

  // One partial_fit step of scikit-learn 1.2.1 on dense data, in its order of operations.
  #combine(X: MatrixLike, d: number, weights: Float64Array | null, float32: boolean, last: StandardScalerState | null): StandardScalerState {
    const n = X.length;
    const columns = columnsOf(X, d);
    const missing = columns.map((col) => col.map((v) => (Number.isNaN(v) ? 1 : 0)));

    // n_samples_seen_ so far: zeros at first; a scalar is spread over the columns and cast to
    // int64 (unweighted) or X.dtype (weighted), as partial_fit does.
    const dtype: CountDtype = weights === null ? 'int64' : float32 ? 'float32' : 'float64';
    const lastCount =
      last === null
        ? new Array<number>(d).fill(0)
        : typeof last.nSamplesSeen === 'number'
          ? new Array<number>(d).fill(castCount(last.nSamplesSeen, dtype))
          : [...last.nSamplesSeen];

    let mean: number[] | null;
    let variance: number[] | null;
    let count: number[];
    if (!this.withMean && !this.withStd) {
      // Nothing to learn but the counts: n − (NaN cells), weights ignored (as scikit-learn does).
      mean = null;
      variance = null;
      count = lastCount.map((c, k) => c + (n - sumInts(missing[k] as Float64Array)));
    } else {
      // mean_ starts as 0.0 and var_ as 0.0 (None without withStd).
      const lastMean = last?.mean ?? new Array<number>(d).fill(0);
      const lastVar = this.withStd ? (last?.var ?? new Array<number>(d).fill(0)) : null;
      ({ mean, variance, count } = incrementalMeanAndVar(columns, missing, weights, lastMean, lastVar, lastCount));
    }

    // A count that is the same for every column is kept as one number (np.ptp(n_samples_seen_) == 0).
    const uniform = count.every((c) => c === count[0]);
    const nSamplesSeen = uniform ? (count[0] as number) : count;
    let scale: number[] | null = null;
    if (this.withStd) {
      const v = variance as number[];
      const m = mean as number[];
      scale = v.map((vc, k) => {
        const nk = uniform ? (count[0] as number) : (count[k] as number);
        const bound = nk * (m[k] as number) * EPS;
        const constant = vc <= nk * EPS * vc + bound * bound;
        return constant ? 1 : Math.sqrt(vc);
      });
    }
    return { mean, var: variance, scale, nSamplesSeen, nFeatures: d };
  }

  /** `(x − mean) / scale` per column (each step rounded for float32 rows, as NumPy does in place). */
  protected forward({ mean, scale }: StandardScalerState): CellMap {
    const { withMean, withStd } = this;
    return (x, c, round) => {
      let v = x;
      if (withMean) v = round(v - ((mean as number[])[c] as number));
      if (withStd) v = round(v / ((scale as number[])[c] as number));
      return v;
    };
  }

  /** `z · scale + mean` per column. */
  protected backward({ mean, scale }: StandardScalerState): CellMap {
    const { withMean, withStd } = this;
    return (x, c, round) => {
      let v = x;
      if (withStd) v = round(v * ((scale as number[])[c] as number));
      if (withMean) v = round(v + ((mean as number[])[c] as number));
      return v;
    };
  }

  /** The options and fitted statistics as plain JSON, for saving next to a trained model. */
  toJSON(): StandardScalerJSON {
    const s = this.state;
    const copy = (v: number[] | null): number[] | null => (v === null ? null : [...v]);
    return {
      type: 'StandardScaler',
      withMean: this.withMean,
      withStd: this.withStd,
      fitted:
        s === null
          ? null
          : {
              mean: copy(s.mean),
              var: copy(s.var),
              scale: copy(s.scale),
              nSamplesSeen: typeof s.nSamplesSeen === 'number' ? s.nSamplesSeen : [...s.nSamplesSeen],
              nFeatures: s.nFeatures,
            },
    };
  }

  /**
   * Rebuilds a scaler saved with `toJSON` (validated: a malformed object is refused with `INVALID_JSON`).
   * @example
   * ```ts
   * const copy = StandardScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
   * ```
   */
  static fromJSON(json: unknown): StandardScaler {
    const where = 'StandardScaler.fromJSON';
    const saved = checkSaved(where, json, 'StandardScaler');
    for (const key of ['withMean', 'withStd'] as const) {
      if (typeof saved[key] !== 'boolean') {
        throw new PreprocessError('INVALID_JSON', `${where}: ${key} must be true or false, got ${show(saved[key])}`);
      }
    }
    const withMean = saved.withMean as boolean;
    const withStd = saved.withStd as boolean;
    const scaler = new StandardScaler({ withMean, withStd });
    const f = savedFitted(where, saved.fitted);
    if (f === null) return scaler;
    const d = savedFeatures(where, f.nFeatures);
    // Which statistics exist follows from the options, as in scikit-learn.
    const stat = (name: 'mean' | 'var' | 'scale', present: boolean): number[] | null => {
      if (!present) {
        if (f[name] !== null) {
          throw new PreprocessError('INVALID_JSON', `${where}: fitted.${name} must be null with these options, got ${show(f[name])}`);
        }
        return null;
      }
      return checkStatList(where, `fitted.${name}`, f[name], d);
    };
    const mean = stat('mean', withMean || withStd);
    const variance = stat('var', withStd);
    const scale = stat('scale', withStd);
    if (scale !== null) checkSavedScale(where, scale);
    const n = f.nSamplesSeen;
    const okCount = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
    const nSamplesSeen = okCount(n)
      ? (n as number)
      : Array.isArray(n) && n.length === d && n.every(okCount)
        ? [...(n as number[])]
        : null;
    if (nSamplesSeen === null) {
      throw new PreprocessError(
        'INVALID_JSON',
        `${where}: fitted.nSamplesSeen must be a finite number or an array of ${d} finite numbers, got ${show(n)}`,
      );
    }
    scaler.setState({ mean, var: variance, scale, nSamplesSeen, nFeatures: d });
    return scaler;
  }
}

function sumInts(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

// Σ w·v in row order: scikit-learn computes weighted sums with np.matmul (BLAS), whose order depends on the
// BLAS build, so they are not bit-exact anywhere; row order is the plain reading of the formula.
function weightedSum(weights: Float64Array, values: Float64Array, missing: Float64Array): number {
  let s = 0;
  for (let r = 0; r < values.length; r++) s += weights[r]! * (missing[r] === 1 ? 0 : values[r]!);
  return s;
}

/** scikit-learn 1.2.1's `_incremental_mean_and_var` on dense columns, its operations in its order. */
function incrementalMeanAndVar(
  columns: Float64Array[],
  missing: Float64Array[],
  weights: Float64Array | null,
  lastMean: readonly number[],
  lastVar: readonly number[] | null,
  lastCount: readonly number[],
): { mean: number[]; variance: number[] | null; count: number[] } {
  const n = columns[0]!.length;
  const lastSum = lastMean.map((m, k) => m * lastCount[k]!);
  // np.nansum is np.sum with NaN replaced by 0, in the same order.
  const zeroed = columns.map((col, k) => col.map((v, r) => (missing[k]![r] === 1 ? 0 : v)));
  let newSum: number[];
  let newCount: number[];
  if (weights !== null) {
    newSum = columns.map((col, k) => weightedSum(weights, col, missing[k]!));
    // np.sum(sample_weight[:, None] * ~X_nan_mask, axis=0), a NumPy reduction like the unweighted sums.
    newCount = sumAxis0(missing.map((m) => m.map((isNaN, r) => weights[r]! * (isNaN === 1 ? 0 : 1))));
  } else {
    newSum = sumAxis0(zeroed);
    newCount = missing.map((m) => n - sumInts(m));
  }
  const count = lastCount.map((c, k) => c + newCount[k]!);
  const mean = lastSum.map((s, k) => (s + newSum[k]!) / count[k]!);
  if (lastVar === null) return { mean, variance: null, count };

  const T = newSum.map((s, k) => s / newCount[k]!);
  const temp = columns.map((col, k) => col.map((v) => v - T[k]!));
  const tempSq = temp.map((col) => col.map((t) => t * t));
  let correction: number[];
  let newUnnormalized: number[];
  if (weights !== null) {
    correction = temp.map((col, k) => weightedSum(weights, col, missing[k]!));
    newUnnormalized = tempSq.map((col, k) => weightedSum(weights, col, missing[k]!));
  } else {
    const zero = (cols: Float64Array[]) => cols.map((col, k) => col.map((v, r) => (missing[k]![r] === 1 ? 0 : v)));
    correction = sumAxis0(zero(temp));
    newUnnormalized = sumAxis0(zero(tempSq));
  }
  newUnnormalized = newUnnormalized.map((u, k) => u - (correction[k]! * correction[k]!) / newCount[k]!);
  const variance = newUnnormalized.map((u, k) => {
    const lastCountK = lastCount[k]!;
    // The first batch of a column: its own variance (scikit-learn overwrites the update where last count is 0).
    if (lastCountK === 0) return u / count[k]!;
    const lastUnnormalized = lastVar[k]! * lastCountK;
    const lastOverNew = lastCountK / newCount[k]!;
    const gap = lastSum[k]! / lastOverNew - newSum[k]!;
    const updated = lastUnnormalized + u + (lastOverNew / count[k]!) * (gap * gap);
    return updated / count[k]!;
  });
  return { mean, variance, count };
}
