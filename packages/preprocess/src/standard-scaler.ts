import { PreprocessError } from './errors.js';
import { checkSavedScale, FittedScaler, savedColumns, savedFitted, savedSamplesSeen } from './fitted-scaler.js';
import { show } from './format.js';
import { sumAxis0 } from './numpy-sum.js';
import { checkMatrix, columnsOf, checkNumberList, checkSaved, checkWidth, mapCells, type MatrixLike } from './matrix.js';

/** Options of {@link StandardScaler}, as scikit-learn's `with_mean` and `with_std`. */
export interface StandardScalerOptions {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column standard deviation (default true). */
  withStd?: boolean;
}

/** What a fitted {@link StandardScaler} learned. */
export interface StandardScalerState {
  /** Column means. */
  mean: number[];
  /** Column population variances (ddof 0). */
  var: number[];
  /** Divisor of each column: `sqrt(var)`, or 1 for a constant column (or when `withStd` is false). */
  scale: number[];
  /** Number of rows seen by `fit`. */
  nSamplesSeen: number;
}

/** A {@link StandardScaler} as plain JSON (`JSON.stringify(scaler)` produces it). */
export interface StandardScalerJSON {
  type: 'StandardScaler';
  withMean: boolean;
  withStd: boolean;
  /** `null` while the scaler is not fitted. */
  fitted: StandardScalerState | null;
}

const EPS = Number.EPSILON;

/**
 * Standardises each column to zero mean and unit variance, as scikit-learn 1.2's
 * `StandardScaler`: `z = (x − μ) / σ`, with μ the column mean and σ the **population** standard
 * deviation `sqrt(Σ(x − μ)² / n)`. The variance is computed with the corrected two-pass algorithm
 * scikit-learn uses (`(Σ(x−μ)² − (Σ(x−μ))²/n) / n`, Chan, Golub & LeVeque), and a column whose
 * variance is within rounding error of zero (`var ≤ n·ε·var + (n·μ·ε)²`) gets scale 1, so constant
 * columns map to 0 instead of NaN. `inverseTransform` computes `x = z · σ + μ`.
 *
 * A target scaler for regression is this class on a one-column matrix (or {@link TargetScaler}).
 *
 * @example
 * ```ts
 * import { StandardScaler } from '@initlab/preprocess';
 * const scaler = new StandardScaler().fit([[1, 10], [3, 10]]);
 * scaler.mean;                    // [2, 10]
 * scaler.scale;                   // [1, 1]   (second column is constant)
 * scaler.transform([[3, 10]]);    // [[1, 0]]
 * scaler.inverseTransform([[1, 0]]); // [[3, 10]]
 * ```
 */
export class StandardScaler extends FittedScaler<StandardScalerState> {
  /** Whether `transform` subtracts the mean. */
  readonly withMean: boolean;
  /** Whether `transform` divides by the standard deviation. */
  readonly withStd: boolean;

  constructor(opts: StandardScalerOptions = {}) {
    super('StandardScaler');
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

  /** Column means (a copy). */
  get mean(): number[] {
    return [...this.fitted('mean').mean];
  }

  /** Column population variances (a copy). */
  get var(): number[] {
    return [...this.fitted('var').var];
  }

  /** Column divisors: the standard deviation, 1 for a constant column or when `withStd` is false (a copy). */
  get scale(): number[] {
    return [...this.fitted('scale').scale];
  }

  /**
   * Learns the column means and standard deviations of `X` (replacing any earlier fit).
   * @param X Rows of finite numbers, at least one row, all of the same width.
   * @returns `this`, for chaining.
   */
  fit(X: MatrixLike): this {
    const d = checkMatrix('StandardScaler.fit', X, false);
    const n = X.length;
    // Column by column, so the sums can follow NumPy's order for the matrix's shape (numpy-sum.ts):
    // a single column is summed pairwise, as np.sum(X, axis=0) does, wider matrices row after row.
    const columns = columnsOf(X, d);
    const mean = sumAxis0(columns).map((s) => s / n);
    // scikit-learn's corrected two-pass variance (_incremental_mean_and_var): temp = X − mean.
    const temp = columns.map((col, c) => col.map((x) => x - (mean[c] as number)));
    const correction = sumAxis0(temp);
    const squares = sumAxis0(temp.map((col) => col.map((t) => t * t)));
    const variance = squares.map((sq, c) => (sq - ((correction[c] as number) * (correction[c] as number)) / n) / n);
    const scale = variance.map((v, c) => {
      if (!this.withStd) return 1;
      const m = mean[c] as number;
      const constant = v <= n * EPS * v + (n * m * EPS) ** 2;
      return constant ? 1 : Math.sqrt(v);
    });
    this.setState({ mean, var: variance, scale, nSamplesSeen: n });
    return this;
  }

  /**
   * Standardises `X` with the fitted statistics: `(x − mean) / scale` per column.
   * @param X Rows with as many columns as the fitted data (zero rows allowed).
   * @returns A new matrix.
   */
  transform(X: MatrixLike): number[][] {
    const { mean, scale } = this.fitted('transform');
    checkWidth('StandardScaler.transform', X, mean.length);
    const { withMean, withStd } = this;
    return mapCells(X, mean.length, (x, c) => {
      let v = x;
      if (withMean) v -= mean[c] as number;
      if (withStd) v /= scale[c] as number;
      return v;
    });
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: MatrixLike): number[][] {
    return this.fit(X).transform(X);
  }

  /**
   * Maps standardised values back to the original units: `z · scale + mean` per column.
   * @param X Rows with as many columns as the fitted data (zero rows allowed).
   * @returns A new matrix.
   */
  inverseTransform(X: MatrixLike): number[][] {
    const { mean, scale } = this.fitted('inverseTransform');
    checkWidth('StandardScaler.inverseTransform', X, mean.length);
    const { withMean, withStd } = this;
    return mapCells(X, mean.length, (x, c) => {
      let v = x;
      if (withStd) v *= scale[c] as number;
      if (withMean) v += mean[c] as number;
      return v;
    });
  }

  /** The options and fitted statistics as plain JSON, for saving next to a trained model. */
  toJSON(): StandardScalerJSON {
    const s = this.state;
    return {
      type: 'StandardScaler',
      withMean: this.withMean,
      withStd: this.withStd,
      fitted: s === null ? null : { mean: [...s.mean], var: [...s.var], scale: [...s.scale], nSamplesSeen: s.nSamplesSeen },
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
    const scaler = new StandardScaler({ withMean: saved.withMean as boolean, withStd: saved.withStd as boolean });
    const f = savedFitted(where, saved.fitted);
    if (f === null) return scaler;
    const mean = savedColumns(where, 'mean', f.mean);
    const variance = checkNumberList(where, 'fitted.var', f.var, mean.length);
    const scale = checkNumberList(where, 'fitted.scale', f.scale, mean.length);
    checkSavedScale(where, scale);
    const n = savedSamplesSeen(where, f.nSamplesSeen);
    scaler.setState({ mean, var: variance, scale, nSamplesSeen: n });
    return scaler;
  }
}
