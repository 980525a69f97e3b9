import type { Matrix, MatrixValues } from '@initlab/matrix';
import { PreprocessError } from './errors.js';
import { show } from './format.js';
import { checkNumberList, checkWidth, mapInput, type CellMap, type Float32Matrix, type MatrixLike, type ScalerInput } from './matrix.js';

/** What every scaler's fit learns besides its own statistics. */
export interface FittedScalerState {
  /** Number of columns seen by `fit`. */
  nFeatures: number;
}

/**
 * The part every column scaler shares: its fitted state, the one not-fitted error, the width of what `fit`
 * saw, and `transform`, `fitTransform` and `inverseTransform` for every input form (a typed Matrix gives a
 * Matrix of its element type and sample shape; `Float32Array` rows give `Float32Array` rows; plain rows give
 * plain rows). Subclasses keep their statistics, options, `fit` and JSON form, and say what one value
 * becomes ({@link FittedScaler.forward}, {@link FittedScaler.backward}).
 *
 * `F` is the type of `fit`'s options (`undefined` for scalers whose `fit` takes none).
 */
export abstract class FittedScaler<S extends FittedScalerState, F = undefined> {
  readonly #scalerName: string;
  #state: S | null = null;

  protected constructor(scalerName: string) {
    this.#scalerName = scalerName;
  }

  /** True once `fit` or `partialFit` (or `fromJSON` of a fitted scaler) has run. */
  get isFitted(): boolean {
    return this.#state !== null;
  }

  /** Number of columns seen by `fit`. */
  get nFeatures(): number {
    return this.fitted('nFeatures').nFeatures;
  }

  /** The fitted state, or `null` before `fit`. */
  protected get state(): S | null {
    return this.#state;
  }

  /** Stores what `fit` or `fromJSON` learned; `null` forgets it (a fresh `fit`). */
  protected setState(state: S | null): void {
    this.#state = state;
  }

  /** Learns what the scaler needs from `X` (replacing any earlier fit). */
  abstract fit(X: ScalerInput, opts?: F): this;

  /** What `transform` does to one value of column `c`, for the fitted state. */
  protected abstract forward(state: S): CellMap;

  /** What `inverseTransform` does to one value of column `c`, for the fitted state. */
  protected abstract backward(state: S): CellMap;

  /**
   * Scales `X` with the fitted statistics (NaN stays NaN).
   * @param X A Matrix or rows with as many columns as the fitted data (zero rows allowed).
   * @returns A new matrix of the same form: a Matrix (its element type and sample shape), `Float32Array` rows, or plain rows.
   */
  transform<T extends MatrixValues>(X: Matrix<T>): Matrix<T>;
  transform(X: Float32Matrix): Float32Array[];
  transform(X: MatrixLike): number[][];
  transform(X: ScalerInput): Matrix | number[][] | Float32Array[] {
    return this.#apply('transform', X, (state) => this.forward(state));
  }

  /**
   * `fit(X, opts)`, then `transform(X)`.
   * @returns A new matrix of the same form as `X`.
   */
  fitTransform<T extends MatrixValues>(X: Matrix<T>, opts?: F): Matrix<T>;
  fitTransform(X: Float32Matrix, opts?: F): Float32Array[];
  fitTransform(X: MatrixLike, opts?: F): number[][];
  fitTransform(X: ScalerInput, opts?: F): Matrix | number[][] | Float32Array[] {
    this.fit(X, opts);
    return this.#apply('transform', X, (state) => this.forward(state));
  }

  /**
   * Maps scaled values back to the original units.
   * @param X A Matrix or rows with as many columns as the fitted data (zero rows allowed).
   * @returns A new matrix of the same form as `X`.
   */
  inverseTransform<T extends MatrixValues>(X: Matrix<T>): Matrix<T>;
  inverseTransform(X: Float32Matrix): Float32Array[];
  inverseTransform(X: MatrixLike): number[][];
  inverseTransform(X: ScalerInput): Matrix | number[][] | Float32Array[] {
    return this.#apply('inverseTransform', X, (state) => this.backward(state));
  }

  #apply(member: 'transform' | 'inverseTransform', X: ScalerInput, cells: (state: S) => CellMap): Matrix | number[][] | Float32Array[] {
    const state = this.fitted(member);
    const input = checkWidth(`${this.#scalerName}.${member}`, X, state.nFeatures);
    return mapInput(input, state.nFeatures, cells(state));
  }

  /** The fitted state; `where` names the member in the NOT_FITTED error. */
  protected fitted(where: string): S {
    if (this.#state === null) {
      throw new PreprocessError(
        'NOT_FITTED',
        `${this.#scalerName}.${where}: the scaler is not fitted yet; call fit(X), partialFit(X) or fitTransform(X) first`,
      );
    }
    return this.#state;
  }
}

// The checks of a saved scaler's `fitted` block that every scaler's fromJSON makes, in its order.

/** The saved `fitted` field: null (not fitted) or the object of statistics. */
export function savedFitted(where: string, fitted: unknown): Record<string, unknown> | null {
  if (fitted === null) return null;
  if (typeof fitted !== 'object' || fitted === undefined || Array.isArray(fitted)) {
    throw new PreprocessError('INVALID_JSON', `${where}: fitted must be null or an object, got ${show(fitted)}`);
  }
  return fitted as Record<string, unknown>;
}

/** A saved scale divides or multiplies every value, so each entry must be > 0. */
export function checkSavedScale(where: string, scale: readonly number[]): void {
  scale.forEach((v, i) => {
    if (v <= 0) throw new PreprocessError('INVALID_JSON', `${where}: fitted.scale[${i}] must be > 0, got ${show(v)}`);
  });
}

/** The saved `nSamplesSeen`: a positive integer. */
export function savedSamplesSeen(where: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new PreprocessError('INVALID_JSON', `${where}: fitted.nSamplesSeen must be a positive integer, got ${show(n)}`);
  }
  return n;
}

/** The saved `nFeatures`: a positive integer. */
export function savedFeatures(where: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new PreprocessError('INVALID_JSON', `${where}: fitted.nFeatures must be a positive integer, got ${show(n)}`);
  }
  return n;
}
