import { PreprocessError } from './errors.js';
import { checkSavedScale, FittedScaler, savedColumns, savedFitted, savedSamplesSeen } from './fitted-scaler.js';
import { show } from './format.js';
import { checkMatrix, checkNumberList, checkSaved, checkWidth, mapCells, type MatrixLike } from './matrix.js';

/** Options of {@link MinMaxScaler}, as scikit-learn's `feature_range` and `clip`. */
export interface MinMaxScalerOptions {
  /** Target range `[low, high]` of every column, `low < high` (default `[0, 1]`). */
  featureRange?: readonly [number, number];
  /** Clip transformed values of unseen data into `featureRange` (default false). */
  clip?: boolean;
}

/** What a fitted {@link MinMaxScaler} learned. */
export interface MinMaxScalerState {
  /** Column minimums of the fitted data. */
  dataMin: number[];
  /** Column maximums of the fitted data. */
  dataMax: number[];
  /** Multiplier of each column: `(high − low) / (dataMax − dataMin)`, with a constant column's range taken as 1. */
  scale: number[];
  /** Offset of each column: `low − dataMin · scale`. */
  min: number[];
  /** Number of rows seen by `fit`. */
  nSamplesSeen: number;
}

/** A {@link MinMaxScaler} as plain JSON (`JSON.stringify(scaler)` produces it). */
export interface MinMaxScalerJSON {
  type: 'MinMaxScaler';
  featureRange: [number, number];
  clip: boolean;
  /** `null` while the scaler is not fitted. */
  fitted: MinMaxScalerState | null;
}

// scikit-learn treats a range below 10 machine epsilons as zero (a constant column).
const TINY_RANGE = 10 * Number.EPSILON;

/**
 * Rescales each column linearly onto `featureRange` (default `[0, 1]`), as scikit-learn 1.2's
 * `MinMaxScaler`: `x' = x · s + m` with `s = (high − low) / (max − min)` and `m = low − min · s`.
 * A column whose range is below `10·ε` is treated as having range 1, so it maps to `low` instead
 * of dividing by zero. `inverseTransform` computes `x = (x' − m) / s`.
 *
 * @example
 * ```ts
 * import { MinMaxScaler } from '@initlab/preprocess';
 * const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[0], [10]]);
 * scaler.transform([[5]]);        // [[0]]
 * scaler.inverseTransform([[1]]); // [[10]]
 * ```
 */
export class MinMaxScaler extends FittedScaler<MinMaxScalerState> {
  /** Target range `[low, high]`. */
  readonly featureRange: readonly [number, number];
  /** Whether `transform` clips into `featureRange`. */
  readonly clip: boolean;

  constructor(opts: MinMaxScalerOptions = {}) {
    super('MinMaxScaler');
    const range = opts.featureRange ?? [0, 1];
    const clip = opts.clip ?? false;
    const [low, high] = Array.isArray(range) ? range : [];
    if (
      !Array.isArray(range) ||
      range.length !== 2 ||
      typeof low !== 'number' ||
      typeof high !== 'number' ||
      !Number.isFinite(low) ||
      !Number.isFinite(high) ||
      !(low < high)
    ) {
      const got = Array.isArray(range) ? `[${range.map(show).join(', ')}]` : show(range);
      throw new PreprocessError(
        'INVALID_OPTION',
        `MinMaxScaler: featureRange must be [low, high] with finite low < high, got ${got}`,
      );
    }
    if (typeof clip !== 'boolean') {
      throw new PreprocessError('INVALID_OPTION', `MinMaxScaler: clip must be true or false, got ${show(clip)}`);
    }
    this.featureRange = [low, high];
    this.clip = clip;
  }

  /** Column minimums of the fitted data (a copy). */
  get dataMin(): number[] {
    return [...this.fitted('dataMin').dataMin];
  }

  /** Column maximums of the fitted data (a copy). */
  get dataMax(): number[] {
    return [...this.fitted('dataMax').dataMax];
  }

  /** Column ranges `dataMax − dataMin` (a copy). */
  get dataRange(): number[] {
    const { dataMin, dataMax } = this.fitted('dataRange');
    return dataMax.map((mx, c) => mx - (dataMin[c] as number));
  }

  /** Column multipliers (a copy). */
  get scale(): number[] {
    return [...this.fitted('scale').scale];
  }

  /** Column offsets (a copy). */
  get min(): number[] {
    return [...this.fitted('min').min];
  }

  /**
   * Learns each column's minimum and maximum (replacing any earlier fit).
   * @param X Rows of finite numbers, at least one row, all of the same width.
   * @returns `this`, for chaining.
   */
  fit(X: MatrixLike): this {
    const d = checkMatrix('MinMaxScaler.fit', X, false);
    const first = X[0] as ArrayLike<number>;
    const dataMin = Array.from({ length: d }, (_, c) => first[c] as number);
    const dataMax = [...dataMin];
    for (const row of X) {
      for (let c = 0; c < d; c++) {
        const v = row[c] as number;
        if (v < (dataMin[c] as number)) dataMin[c] = v;
        if (v > (dataMax[c] as number)) dataMax[c] = v;
      }
    }
    const [low, high] = this.featureRange;
    const scale = dataMax.map((mx, c) => {
      const range = mx - (dataMin[c] as number);
      return (high - low) / (range < TINY_RANGE ? 1 : range);
    });
    const min = dataMin.map((mn, c) => low - mn * (scale[c] as number));
    this.setState({ dataMin, dataMax, scale, min, nSamplesSeen: X.length });
    return this;
  }

  /**
   * Rescales `X`: `x · scale + min` per column, clipped into `featureRange` when `clip` is set.
   * @param X Rows with as many columns as the fitted data (zero rows allowed).
   * @returns A new matrix.
   */
  transform(X: MatrixLike): number[][] {
    const { scale, min } = this.fitted('transform');
    checkWidth('MinMaxScaler.transform', X, scale.length);
    const [low, high] = this.featureRange;
    const clip = this.clip;
    return mapCells(X, scale.length, (x, c) => {
      const v = x * (scale[c] as number) + (min[c] as number);
      return clip ? Math.min(Math.max(v, low), high) : v;
    });
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: MatrixLike): number[][] {
    return this.fit(X).transform(X);
  }

  /**
   * Maps rescaled values back to the original units: `(x' − min) / scale` per column.
   * @param X Rows with as many columns as the fitted data (zero rows allowed).
   * @returns A new matrix.
   */
  inverseTransform(X: MatrixLike): number[][] {
    const { scale, min } = this.fitted('inverseTransform');
    checkWidth('MinMaxScaler.inverseTransform', X, scale.length);
    return mapCells(X, scale.length, (x, c) => (x - (min[c] as number)) / (scale[c] as number));
  }

  /** The options and fitted statistics as plain JSON. */
  toJSON(): MinMaxScalerJSON {
    const s = this.state;
    return {
      type: 'MinMaxScaler',
      featureRange: [this.featureRange[0], this.featureRange[1]],
      clip: this.clip,
      fitted:
        s === null
          ? null
          : { dataMin: [...s.dataMin], dataMax: [...s.dataMax], scale: [...s.scale], min: [...s.min], nSamplesSeen: s.nSamplesSeen },
    };
  }

  /**
   * Rebuilds a scaler saved with `toJSON` (validated: a malformed object is refused with `INVALID_JSON`).
   * @example
   * ```ts
   * const copy = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
   * ```
   */
  static fromJSON(json: unknown): MinMaxScaler {
    const where = 'MinMaxScaler.fromJSON';
    const saved = checkSaved(where, json, 'MinMaxScaler');
    const range = checkNumberList(where, 'featureRange', saved.featureRange, 2);
    if (typeof saved.clip !== 'boolean') {
      throw new PreprocessError('INVALID_JSON', `${where}: clip must be true or false, got ${show(saved.clip)}`);
    }
    let scaler: MinMaxScaler;
    try {
      scaler = new MinMaxScaler({ featureRange: [range[0] as number, range[1] as number], clip: saved.clip });
    } catch (err) {
      throw new PreprocessError('INVALID_JSON', `${where}: featureRange must have low < high, got [${range.join(', ')}]`, {
        cause: err,
      });
    }
    const f = savedFitted(where, saved.fitted);
    if (f === null) return scaler;
    const dataMin = savedColumns(where, 'dataMin', f.dataMin);
    const dataMax = checkNumberList(where, 'fitted.dataMax', f.dataMax, dataMin.length);
    const scale = checkNumberList(where, 'fitted.scale', f.scale, dataMin.length);
    const min = checkNumberList(where, 'fitted.min', f.min, dataMin.length);
    checkSavedScale(where, scale);
    const n = savedSamplesSeen(where, f.nSamplesSeen);
    scaler.setState({ dataMin, dataMax, scale, min, nSamplesSeen: n });
    return scaler;
  }
}
