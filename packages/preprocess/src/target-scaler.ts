import { PreprocessError } from './errors.js';
import { show } from './format.js';
import { checkOptions } from './options.js';
import { StandardScaler, STANDARD_SCALER_FIT_OPTIONS, type StandardScalerFitOptions, type StandardScalerJSON } from './standard-scaler.js';

/** A {@link TargetScaler} as plain JSON: the one-column {@link StandardScaler} it wraps. */
export interface TargetScalerJSON {
  type: 'TargetScaler';
  scaler: StandardScalerJSON;
}

// A vector as a one-column matrix; a Float32Array becomes Float32Array rows, so it stays float32 data.
function toColumn(where: string, y: ArrayLike<number>): number[][] | Float32Array[] {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') {
    throw new PreprocessError('INVALID_MATRIX', `${where}: y must be an array of numbers, got ${show(y)}`);
  }
  if (y instanceof Float32Array) return Array.from(y, (v) => Float32Array.of(v));
  return Array.from(y, (v) => [v]);
}

// The one column of a transformed matrix, as a Float32Array for float32 input.
function fromColumn(y: ArrayLike<number>, rows: number[][] | Float32Array[]): number[] | Float32Array {
  const values = (rows as ArrayLike<number>[]).map((r) => r[0] as number);
  return y instanceof Float32Array ? Float32Array.from(values) : values;
}

/**
 * Standardises a regression target: exactly a {@link StandardScaler} fitted on the one-column
 * matrix `y.map(v => [v])`, with vectors in and out, so training code reads
 * `scaler.transform(yTrain)` and predictions return to the original units with
 * `scaler.inverseTransform(predictions)`: `y = z · σ + μ`. A one-column fit sums pairwise, as NumPy
 * does, so the statistics equal scikit-learn's `StandardScaler().fit(y[:, None])` bit for bit.
 * A `Float32Array` target is float32 data and gives `Float32Array` outputs.
 *
 * @example
 * ```ts
 * import { TargetScaler } from '@initlab/preprocess';
 * const target = new TargetScaler().fit([100_000, 300_000]);
 * target.transform([300_000]);     // [1]
 * target.inverseTransform([-1]);   // [100000]
 * ```
 */
export class TargetScaler {
  readonly #scaler: StandardScaler;

  constructor(scaler: StandardScaler = new StandardScaler()) {
    this.#scaler = scaler;
  }

  /** True once `fit` or `partialFit` has run. */
  get isFitted(): boolean {
    return this.#scaler.isFitted;
  }

  /** Mean of the fitted target (`null` if the wrapped scaler has neither `withMean` nor `withStd`). */
  get mean(): number | null {
    return this.#scaler.mean?.[0] ?? null;
  }

  /** Population variance of the fitted target (`null` if the wrapped scaler has `withStd` off). */
  get var(): number | null {
    return this.#scaler.var?.[0] ?? null;
  }

  /** Standard deviation of the fitted target (1 if it was constant; `null` if `withStd` is off). */
  get scale(): number | null {
    return this.#scaler.scale?.[0] ?? null;
  }

  /** Values seen so far (NaN not counted; the weight sum with `sampleWeight`). */
  get nSamplesSeen(): number {
    const n = this.#scaler.nSamplesSeen;
    return typeof n === 'number' ? n : (n[0] as number);
  }

  /** Learns the target's mean and standard deviation (NaN ignored), replacing any earlier fit. */
  fit(y: ArrayLike<number>, opts?: StandardScalerFitOptions): this {
    checkOptions('TargetScaler.fit', opts, STANDARD_SCALER_FIT_OPTIONS);
    this.#scaler.fit(toColumn('TargetScaler.fit', y), opts);
    return this;
  }

  /** Updates the mean and standard deviation with more target values (scikit-learn's `partial_fit`). */
  partialFit(y: ArrayLike<number>, opts?: StandardScalerFitOptions): this {
    checkOptions('TargetScaler.partialFit', opts, STANDARD_SCALER_FIT_OPTIONS);
    this.#scaler.partialFit(toColumn('TargetScaler.partialFit', y), opts);
    return this;
  }

  /** `(y − mean) / scale` for each value. */
  transform(y: Float32Array): Float32Array;
  transform(y: ArrayLike<number>): number[];
  transform(y: ArrayLike<number>): number[] | Float32Array {
    return fromColumn(y, this.#scaler.transform(toColumn('TargetScaler.transform', y)));
  }

  /** `fit(y, opts)` then `transform(y)`. */
  fitTransform(y: Float32Array, opts?: StandardScalerFitOptions): Float32Array;
  fitTransform(y: ArrayLike<number>, opts?: StandardScalerFitOptions): number[];
  fitTransform(y: ArrayLike<number>, opts?: StandardScalerFitOptions): number[] | Float32Array {
    return this.fit(y, opts).transform(y);
  }

  /** `z · scale + mean` for each value: predictions back in the target's units. */
  inverseTransform(z: Float32Array): Float32Array;
  inverseTransform(z: ArrayLike<number>): number[];
  inverseTransform(z: ArrayLike<number>): number[] | Float32Array {
    return fromColumn(z, this.#scaler.inverseTransform(toColumn('TargetScaler.inverseTransform', z)));
  }

  /** The wrapped scaler as plain JSON. */
  toJSON(): TargetScalerJSON {
    return { type: 'TargetScaler', scaler: this.#scaler.toJSON() };
  }

  /** Rebuilds a target scaler saved with `toJSON`. */
  static fromJSON(json: unknown): TargetScaler {
    if (typeof json !== 'object' || json === null || (json as { type?: unknown }).type !== 'TargetScaler') {
      throw new PreprocessError('INVALID_JSON', `TargetScaler.fromJSON: expected a saved TargetScaler object, got ${show(json)}`);
    }
    const scaler = StandardScaler.fromJSON((json as { scaler?: unknown }).scaler);
    if (scaler.isFitted && scaler.nFeatures !== 1) {
      throw new PreprocessError(
        'INVALID_JSON',
        `TargetScaler.fromJSON: the saved scaler must have 1 column, got ${scaler.nFeatures}`,
      );
    }
    return new TargetScaler(scaler);
  }
}
