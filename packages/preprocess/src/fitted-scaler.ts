import { PreprocessError } from './errors.js';
import { show } from './format.js';
import { checkNumberList } from './matrix.js';

/** What every scaler's fit learns besides its own statistics. */
export interface FittedScalerState {
  /** Number of columns seen by `fit`. */
  nFeatures: number;
}

/**
 * The part every column scaler shares: its fitted state, the one not-fitted error, and the width of
 * what `fit` saw. Subclasses keep their statistics, options and JSON form.
 */
export abstract class FittedScaler<S extends FittedScalerState> {
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
