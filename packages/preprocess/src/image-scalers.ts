// Scalings for image data: pixels divided by their maximum (Keras's `x / 255` convention, the default for the
// image sets), and one mean and standard deviation over every training value. Both keep each row's layout, so
// the sample shape (28 × 28 × 1) is untouched for the convolutional work that comes later.
import { PreprocessError } from './errors.js';
import { checkInput, checkSaved, type CellMap, type MatrixLike, type ScalerInput } from './matrix.js';
import { FittedScaler, savedFeatures, savedFitted } from './fitted-scaler.js';
import { show } from './format.js';
import { checkOptions, type SameKeys } from './options.js';

/**
 * The option names of {@link PixelScaler}'s constructor.
 *
 * @example
 * ```ts
 * PIXEL_SCALER_OPTIONS; // ['maxValue']
 * ```
 */
export const PIXEL_SCALER_OPTIONS = ['maxValue'] as const;

/** Options of {@link PixelScaler}. */
export interface PixelScalerOptions {
  /** The largest value a pixel can take (default 255, 8-bit images; 16 for scikit-learn's digits). */
  maxValue?: number;
}
const pixelListMatches: SameKeys<PixelScalerOptions, typeof PIXEL_SCALER_OPTIONS> = true;
void pixelListMatches;

/** A {@link PixelScaler} as JSON. */
export interface PixelScalerJSON {
  type: 'PixelScaler';
  maxValue: number;
  fitted: { nFeatures: number } | null;
}

/**
 * Scales pixel values into [0, 1] by dividing by `maxValue` (Keras's `x / 255.0`): nothing is learned from
 * the data but its width, so train and test rows are scaled alike whatever they hold. `fit` refuses a value
 * outside [0, maxValue] (such data is not pixels of that depth: choose `maxValue`, or another scaling).
 * Float32 rows stay float32 (`Math.fround(x / maxValue)`, as NumPy divides a float32 array).
 *
 * @example
 * ```ts
 * import { PixelScaler } from '@initlab/preprocess';
 * new PixelScaler().fitTransform([[0, 51, 255]]); // [[0, 0.2, 1]]
 * new PixelScaler({ maxValue: 16 }).fitTransform([[8]]); // [[0.5]] (scikit-learn's digits)
 * ```
 */
export class PixelScaler extends FittedScaler<{ nFeatures: number }> {
  /** The value that maps to 1. */
  readonly maxValue: number;

  constructor(opts: PixelScalerOptions = {}) {
    super('PixelScaler');
    checkOptions('PixelScaler', opts, PIXEL_SCALER_OPTIONS);
    const maxValue = opts.maxValue ?? 255;
    if (typeof maxValue !== 'number' || !Number.isFinite(maxValue) || maxValue <= 0) {
      throw new PreprocessError('INVALID_OPTION', `PixelScaler: maxValue must be a finite number > 0, got ${show(maxValue)}`);
    }
    this.maxValue = maxValue;
  }

  /**
   * The first value of `X` (row by row) outside [0, maxValue], or `null` when every value is a pixel of this
   * depth: the check `fit` makes, for callers that word the refusal for their own users.
   */
  firstOutOfRange(X: ScalerInput): { row: number; column: number; value: number } | null {
    const { rows, width } = checkInput('PixelScaler.firstOutOfRange', X, true);
    return outOfRange(rows, width, this.maxValue);
  }

  /** Checks that every value is a pixel in [0, maxValue] and records the width. */
  fit(X: ScalerInput): this {
    const { rows, width: nFeatures } = checkInput('PixelScaler.fit', X, false);
    const bad = outOfRange(rows, nFeatures, this.maxValue);
    if (bad !== null) {
      throw new PreprocessError(
        'INVALID_MATRIX',
        `PixelScaler.fit: pixel values must lie in [0, ${this.maxValue}], got ${show(bad.value)} at X[${bad.row}][${bad.column}]; set maxValue to the images' depth, or scale the features with standard`,
      );
    }
    this.setState({ nFeatures });
    return this;
  }

  /** `x / maxValue`. */
  protected forward(): CellMap {
    const max = this.maxValue;
    return (v, _c, round) => round(v / max);
  }

  /** `x · maxValue`. */
  protected backward(): CellMap {
    const max = this.maxValue;
    return (v, _c, round) => round(v * max);
  }

  /** The options and the fitted width, as plain JSON. */
  toJSON(): PixelScalerJSON {
    const state = this.state;
    return { type: 'PixelScaler', maxValue: this.maxValue, fitted: state === null ? null : { nFeatures: state.nFeatures } };
  }

  /** A scaler from {@link PixelScaler.toJSON}'s output; refuses anything else with `INVALID_JSON`. */
  static fromJSON(json: unknown): PixelScaler {
    const where = 'PixelScaler.fromJSON';
    const saved = checkSaved(where, json, 'PixelScaler');
    let scaler: PixelScaler;
    try {
      scaler = new PixelScaler({ maxValue: saved['maxValue'] as number });
    } catch (err) {
      throw new PreprocessError('INVALID_JSON', `${where}: ${(err as Error).message}`, { cause: err });
    }
    const fitted = savedFitted(where, saved['fitted']);
    if (fitted !== null) scaler.setState({ nFeatures: savedFeatures(where, fitted['nFeatures']) });
    return scaler;
  }
}

/** A {@link GlobalStandardScaler} as JSON. */
export interface GlobalStandardScalerJSON {
  type: 'GlobalStandardScaler';
  fitted: { nFeatures: number; mean: number; std: number; scale: number } | null;
}

interface GlobalState {
  nFeatures: number;
  mean: number;
  std: number;
  scale: number;
}

/**
 * Standardises every value with ONE mean and standard deviation, taken over all values of the training rows
 * (`(x − mean) / std`, the population std as NumPy's `X.std()`), instead of one per column: for images, where
 * the columns are pixel positions, it keeps the relative brightness of the positions (the border pixels of
 * MNIST, always 0, stay equal instead of becoming 0/0). The sums are float64 and row by row, so they can
 * differ from NumPy's pairwise `X.mean()` in the last bits. A constant training set gets scale 1 (as
 * scikit-learn's scalers treat zero variance). NaN is not allowed in the fit.
 *
 * @example
 * ```ts
 * import { GlobalStandardScaler } from '@initlab/preprocess';
 * const s = new GlobalStandardScaler().fit([[0, 2], [4, 6]]);
 * s.mean; // 3
 * s.std;  // 2.2360679…
 * ```
 */
export class GlobalStandardScaler extends FittedScaler<GlobalState> {
  constructor() {
    super('GlobalStandardScaler');
  }

  /** The mean of every training value. */
  get mean(): number {
    return this.fitted('mean').mean;
  }

  /** The population standard deviation of every training value. */
  get std(): number {
    return this.fitted('std').std;
  }

  /** What `transform` divides by: `std`, or 1 when it is 0. */
  get scale(): number {
    return this.fitted('scale').scale;
  }

  /** Learns the mean and standard deviation of all values of `X`. */
  fit(X: ScalerInput): this {
    const where = 'GlobalStandardScaler.fit';
    const { rows, width: nFeatures } = checkInput(where, X, false);
    let sum = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let c = 0; c < nFeatures; c++) {
        const v = row[c]!;
        if (Number.isNaN(v)) {
          throw new PreprocessError('INVALID_MATRIX', `${where}: X[${r}][${c}] is NaN; one mean over all values needs every value (drop or fill missing values first)`);
        }
        sum += v;
      }
    }
    const count = rows.length * nFeatures;
    const mean = sum / count;
    // Two passes, as NumPy's var: the squared deviations from the mean, not E[x²] − mean².
    let squares = 0;
    for (const row of rows) for (let c = 0; c < nFeatures; c++) squares += (row[c]! - mean) ** 2;
    const std = Math.sqrt(squares / count);
    this.setState({ nFeatures, mean, std, scale: std === 0 ? 1 : std });
    return this;
  }

  /** `(x − mean) / scale` for every value. */
  protected forward({ mean, scale }: GlobalState): CellMap {
    return (v, _c, round) => round(round(v - mean) / scale);
  }

  /** Back to the original units: `x · scale + mean`. */
  protected backward({ mean, scale }: GlobalState): CellMap {
    return (v, _c, round) => round(round(v * scale) + mean);
  }

  /** The fitted statistics, as plain JSON. */
  toJSON(): GlobalStandardScalerJSON {
    const s = this.state;
    return { type: 'GlobalStandardScaler', fitted: s === null ? null : { nFeatures: s.nFeatures, mean: s.mean, std: s.std, scale: s.scale } };
  }

  /** A scaler from {@link GlobalStandardScaler.toJSON}'s output; refuses anything else with `INVALID_JSON`. */
  static fromJSON(json: unknown): GlobalStandardScaler {
    const where = 'GlobalStandardScaler.fromJSON';
    const saved = checkSaved(where, json, 'GlobalStandardScaler');
    const scaler = new GlobalStandardScaler();
    const fitted = savedFitted(where, saved['fitted']);
    if (fitted === null) return scaler;
    const nFeatures = savedFeatures(where, fitted['nFeatures']);
    const [mean, std, scale] = (['mean', 'std', 'scale'] as const).map((key) => {
      const v = fitted[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new PreprocessError('INVALID_JSON', `${where}: fitted.${key} must be a finite number, got ${show(v)}`);
      return v;
    }) as [number, number, number];
    if (std < 0 || scale <= 0) throw new PreprocessError('INVALID_JSON', `${where}: fitted.std must be ≥ 0 and fitted.scale > 0, got ${std} and ${scale}`);
    scaler.setState({ nFeatures, mean, std, scale });
    return scaler;
  }
}

/** The first cell (row by row) outside [0, max]; NaN counts as outside (it is not a pixel). */
function outOfRange(rows: MatrixLike, width: number, max: number): { row: number; column: number; value: number } | null {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) {
      const v = row[c]!;
      if (!(v >= 0 && v <= max)) return { row: r, column: c, value: v };
    }
  }
  return null;
}
