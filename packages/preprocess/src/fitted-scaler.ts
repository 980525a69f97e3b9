import { PreprocessError } from './errors.js';

/** What every scaler's fit learns besides its own statistics. */
export interface FittedScalerState {
  /** Multiplier or divisor of each column (one per fitted column). */
  scale: number[];
  /** Number of rows seen by `fit`. */
  nSamplesSeen: number;
}

/**
 * The part every column scaler shares: its fitted state, the one not-fitted error, and the counts of
 * what `fit` saw. Subclasses keep their statistics, options and JSON form.
 */
export abstract class FittedScaler<S extends FittedScalerState> {
  readonly #scalerName: string;
  #state: S | null = null;

  protected constructor(scalerName: string) {
    this.#scalerName = scalerName;
  }

  /** True once `fit` (or `fromJSON` of a fitted scaler) has run. */
  get isFitted(): boolean {
    return this.#state !== null;
  }

  /** Number of columns seen by `fit`. */
  get nFeatures(): number {
    return this.fitted('nFeatures').scale.length;
  }

  /** Number of rows seen by `fit`. */
  get nSamplesSeen(): number {
    return this.fitted('nSamplesSeen').nSamplesSeen;
  }

  /** The fitted state, or `null` before `fit`. */
  protected get state(): S | null {
    return this.#state;
  }

  /** Stores what `fit` or `fromJSON` learned. */
  protected setState(state: S): void {
    this.#state = state;
  }

  /** The fitted state; `where` names the member in the NOT_FITTED error. */
  protected fitted(where: string): S {
    if (this.#state === null) {
      throw new PreprocessError(
        'NOT_FITTED',
        `${this.#scalerName}.${where}: the scaler is not fitted yet; call fit(X) or fitTransform(X) first`,
      );
    }
    return this.#state;
  }
}
