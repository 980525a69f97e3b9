import { PreprocessError } from './errors.js';
import { checkSavedScale, FittedScaler, savedFeatures, savedFitted, savedSamplesSeen } from './fitted-scaler.js';
import { show } from './format.js';
import { checkOptions, type SameKeys } from './options.js';
import { checkInput, checkNumberList, checkSaved, checkStatList, columnsOf, type CellMap, type ScalerInput } from './matrix.js';

/**
 * The option names of {@link MinMaxScaler}'s constructor, the one list the unknown-key check uses.
 * @example
 * ```ts
 * MINMAX_SCALER_OPTIONS; // ['featureRange', 'clip']; new MinMaxScaler({ range: [0, 1] }) is refused
 * ```
 */
export const MINMAX_SCALER_OPTIONS = ['featureRange', 'clip'] as const;

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
  /** Number of rows seen by `fit` and `partialFit`. */
  nSamplesSeen: number;
  /** Number of columns. */
  nFeatures: number;
  /**
   * The dtype of the statistics: `float32` when every batch was float32 data, as NumPy keeps
   * `data_min_` in the data's dtype (it sets float32 rounding and the `10·ε` of a constant column).
   */
  dtype: 'float32' | 'float64';
}

// A key added to the list and not the interface (or the reverse) fails the type check.
const optionsMatch: SameKeys<MinMaxScalerOptions, typeof MINMAX_SCALER_OPTIONS> = true;
void optionsMatch;

/** A {@link MinMaxScaler} as plain JSON (`JSON.stringify(scaler)` produces it). */
export interface MinMaxScalerJSON {
  type: 'MinMaxScaler';
  featureRange: [number, number];
  clip: boolean;
  /** `null` while the scaler is not fitted. */
  fitted: MinMaxScalerState | null;
}

// scikit-learn treats a range below 10 machine epsilons of its dtype as zero (a constant column).
const TINY_RANGE = { float64: 10 * Number.EPSILON, float32: 10 * 2 ** -23 } as const;
const exact = (v: number): number => v;

// np.minimum / np.maximum: NaN propagates (a column all NaN in one batch stays NaN).
const npMinimum = (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b));
const npMaximum = (a: number, b: number): number => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b));

// np.nanmin / np.nanmax of one column: NaN only when every value is NaN.
function nanExtremes(column: Float64Array): [number, number] {
  let lo = Number.NaN;
  let hi = Number.NaN;
  for (const v of column) {
    if (Number.isNaN(v)) continue;
    if (!(v >= lo)) lo = v;
    if (!(v <= hi)) hi = v;
  }
  return [lo, hi];
}

/**
 * Rescales each column linearly onto `featureRange` (default `[0, 1]`), as scikit-learn 1.2's
 * `MinMaxScaler`: `x' = x · s + m` with `s = (high − low) / (max − min)` and `m = low − min · s`.
 * A column whose range is below `10·ε` is treated as having range 1, so it maps to `low` instead
 * of dividing by zero. `inverseTransform` computes `x = (x' − m) / s`. `partialFit` widens the
 * minimums and maximums batch by batch; NaN cells are left out of them and pass through `transform`.
 * Float32 data (every row a `Float32Array`) is computed in float32 as NumPy does and gives
 * `Float32Array` rows.
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
    checkOptions('MinMaxScaler', opts, MINMAX_SCALER_OPTIONS);
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

  /** Column ranges `dataMax − dataMin` (in float32 for float32 data, as scikit-learn's `data_range_`). */
  get dataRange(): number[] {
    const { dataMin, dataMax, dtype } = this.fitted('dataRange');
    const round = dtype === 'float32' ? Math.fround : exact;
    return dataMax.map((mx, c) => round(mx - (dataMin[c] as number)));
  }

  /** Number of rows seen by `fit` and `partialFit` (NaN cells included, as scikit-learn counts them). */
  get nSamplesSeen(): number {
    return this.fitted('nSamplesSeen').nSamplesSeen;
  }

  /** `float32` when every fitted batch was float32 data, else `float64`. */
  get dtype(): 'float32' | 'float64' {
    return this.fitted('dtype').dtype;
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
   * Learns each column's minimum and maximum, ignoring NaN (replacing any earlier fit).
   * @param X Rows of numbers (NaN for a missing value), at least one row, all of the same width.
   * @returns `this`, for chaining.
   */
  fit(X: ScalerInput): this {
    return this.#update('MinMaxScaler.fit', X, null);
  }

  /**
   * Widens the fitted minimums and maximums with one more batch of rows (scikit-learn's `partial_fit`:
   * `np.minimum(data_min_, np.nanmin(X, axis=0))`, likewise for the maximum).
   * @param X Rows with as many columns as earlier batches (NaN for a missing value).
   * @returns `this`, for chaining.
   */
  partialFit(X: ScalerInput): this {
    return this.#update('MinMaxScaler.partialFit', X, this.state);
  }

  #update(where: string, X: ScalerInput, last: MinMaxScalerState | null): this {
    const { rows, width: d, float32 } = checkInput(where, X, false);
    if (last !== null && d !== last.nFeatures) {
      throw new PreprocessError('WIDTH_MISMATCH', `${where}: X must have ${last.nFeatures} features per row, as in earlier batches, got ${d}`);
    }
    const extremes = columnsOf(rows, d).map(nanExtremes);
    let dataMin = extremes.map(([lo]) => lo);
    let dataMax = extremes.map(([, hi]) => hi);
    let dtype: MinMaxScalerState['dtype'] = float32 ? 'float32' : 'float64';
    if (last !== null) {
      dataMin = dataMin.map((v, c) => npMinimum(last.dataMin[c] as number, v));
      dataMax = dataMax.map((v, c) => npMaximum(last.dataMax[c] as number, v));
      if (last.dtype === 'float64') dtype = 'float64';
    }
    // In float32, every step rounds to float32: the Python floats of featureRange become float32 scalars.
    const round = dtype === 'float32' ? Math.fround : exact;
    const [low, high] = this.featureRange;
    const span = round(high - low);
    const scale = dataMax.map((mx, c) => {
      const range = round(mx - (dataMin[c] as number));
      return round(span / (range < TINY_RANGE[dtype] ? 1 : range));
    });
    const min = dataMin.map((mn, c) => round(round(low) - round(mn * (scale[c] as number))));
    const nSamplesSeen = (last?.nSamplesSeen ?? 0) + rows.length;
    this.setState({ dataMin, dataMax, scale, min, nSamplesSeen, nFeatures: d, dtype });
    return this;
  }

  /** `x · scale + min` per column, clipped into `featureRange` when `clip` is set. */
  protected forward({ scale, min }: MinMaxScalerState): CellMap {
    const [low, high] = this.featureRange;
    const clip = this.clip;
    return (x, c, round) => {
      const v = round(round(x * (scale[c] as number)) + (min[c] as number));
      return clip ? Math.min(Math.max(v, round(low)), round(high)) : v;
    };
  }

  /** `(x' − min) / scale` per column. */
  protected backward({ scale, min }: MinMaxScalerState): CellMap {
    return (x, c, round) => round(round(x - (min[c] as number)) / (scale[c] as number));
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
          : {
              dataMin: [...s.dataMin],
              dataMax: [...s.dataMax],
              scale: [...s.scale],
              min: [...s.min],
              nSamplesSeen: s.nSamplesSeen,
              nFeatures: s.nFeatures,
              dtype: s.dtype,
            },
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
    const d = savedFeatures(where, f.nFeatures);
    const dataMin = checkStatList(where, 'fitted.dataMin', f.dataMin, d);
    const dataMax = checkStatList(where, 'fitted.dataMax', f.dataMax, d);
    const scale = checkStatList(where, 'fitted.scale', f.scale, d);
    const min = checkStatList(where, 'fitted.min', f.min, d);
    checkSavedScale(where, scale);
    const n = savedSamplesSeen(where, f.nSamplesSeen);
    const dtype = f.dtype;
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new PreprocessError('INVALID_JSON', `${where}: fitted.dtype must be "float32" or "float64", got ${show(dtype)}`);
    }
    scaler.setState({ dataMin, dataMax, scale, min, nSamplesSeen: n, nFeatures: d, dtype });
    return scaler;
  }
}
