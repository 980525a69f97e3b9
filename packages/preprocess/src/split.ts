import { isMatrix, selectRows, type Matrix, type MatrixValues } from '@initlab/matrix';
import { RandomState, randomSeed } from '@initlab/random';
import { PreprocessError } from './errors.js';
import { show } from './format.js';
import { checkOptions, type SameKeys } from './options.js';
import { resolveSplitSizes, SPLIT_SIZE_OPTIONS, type SplitSizeOptions } from './split-sizes.js';
import type { SplitIndices } from './split-indices.js';
import { stratifiedShuffleSplit } from './stratify.js';

export type { SplitIndices };

/**
 * The option names of `trainTestSplitIndices` and `trainTestSplit`, the one list the unknown-key check uses.
 * @example
 * ```ts
 * SPLIT_OPTIONS; // ['testSize', 'trainSize', 'randomState', 'shuffle', 'stratify']; { test_size: 0.2 } is refused
 * ```
 */
export const SPLIT_OPTIONS = [...SPLIT_SIZE_OPTIONS, 'randomState', 'shuffle', 'stratify'] as const;

/** Options of `trainTestSplitIndices` and `trainTestSplit`, named after scikit-learn's. */
export interface SplitOptions extends SplitSizeOptions {
  /**
   * Seed of NumPy's legacy `RandomState` (an integer in 0…2³²−1), exactly as
   * `random_state=` in scikit-learn. Omitted: a fresh random seed (not reproducible).
   * Ignored when `shuffle` is false.
   */
  randomState?: number;
  /** Shuffle before splitting (default true). False: train is the first rows, test the next. */
  shuffle?: boolean;
  /** Class label of each row: split so that each class keeps its share on both sides. */
  stratify?: ArrayLike<number>;
}

// A key added to the list and not the interface (or the reverse) fails the type check.
const optionsMatch: SameKeys<SplitOptions, typeof SPLIT_OPTIONS> = true;
void optionsMatch;

/** The four parts of a split dataset, as scikit-learn's `X_train, X_test, y_train, y_test`. */
export interface TrainTestSplit<T> {
  /** Training rows of `X`. */
  XTrain: T[];
  /** Test rows of `X`. */
  XTest: T[];
  /** Training targets. */
  yTrain: number[];
  /** Test targets. */
  yTest: number[];
}

/** A split typed matrix: the two parts are new matrices of its element type and sample shape. */
export interface MatrixTrainTestSplit<V extends MatrixValues> {
  /** Training rows of `X`, gathered in split order. */
  XTrain: Matrix<V>;
  /** Test rows of `X`, gathered in split order. */
  XTest: Matrix<V>;
  /** Training targets. */
  yTrain: number[];
  /** Test targets. */
  yTest: number[];
}

const MAX_SEED = 0xffffffff;

function checkRandomState(caller: string, randomState: number | undefined): number {
  if (randomState === undefined) return randomSeed();
  if (typeof randomState !== 'number' || !Number.isInteger(randomState) || randomState < 0 || randomState > MAX_SEED) {
    throw new PreprocessError(
      'INVALID_RANDOM_STATE',
      `${caller}: randomState must be an integer in [0, 4294967295] (a NumPy RandomState seed), got ${show(randomState)}`,
    );
  }
  return randomState;
}

function range(start: number, end: number): number[] {
  const out = new Array<number>(end - start);
  for (let i = start; i < end; i++) out[i - start] = i;
  return out;
}

// The body shared by both public functions; `caller` names the public function in errors.
function splitIndices(caller: string, nSamples: number, opts: SplitOptions): SplitIndices {
  checkOptions(caller, opts, SPLIT_OPTIONS);
  const { nTrain, nTest } = resolveSplitSizes(caller, nSamples, opts);
  const shuffle = opts.shuffle ?? true;
  if (typeof shuffle !== 'boolean') {
    throw new PreprocessError('INVALID_OPTION', `${caller}: shuffle must be true or false, got ${show(shuffle)}`);
  }

  if (!shuffle) {
    if (opts.stratify !== undefined) {
      throw new PreprocessError(
        'INVALID_STRATIFY',
        `${caller}: stratify needs shuffle: true (scikit-learn has no stratified split without shuffling), got shuffle: false`,
      );
    }
    return { train: range(0, nTrain), test: range(nTrain, nTrain + nTest) };
  }

  const rng = new RandomState(checkRandomState(caller, opts.randomState));
  if (opts.stratify !== undefined) {
    return stratifiedShuffleSplit(caller, opts.stratify, nSamples, nTrain, nTest, rng);
  }
  // ShuffleSplit: one permutation; the test rows come first, then the training rows.
  const permutation = rng.permutation(nSamples);
  return { train: permutation.slice(nTest, nTest + nTrain), test: permutation.slice(0, nTest) };
}

/**
 * Row indices of scikit-learn 1.2's `train_test_split`, row for row and in the same order.
 *
 * Without `stratify` this is `ShuffleSplit(n_splits=1)`: draw
 * `p = RandomState(randomState).permutation(nSamples)`, then `test = p[0 : n_test]` and
 * `train = p[n_test : n_test + n_train]`. With `shuffle: false`, `train = [0, n_train)` and
 * `test = [n_train, n_train + n_test)`. With `stratify` it follows `StratifiedShuffleSplit`
 * (see the package README for the exact parity). Sizes follow {@link splitSizes}.
 *
 * @param nSamples Number of rows.
 * @param opts `testSize`, `trainSize`, `randomState`, `shuffle`, `stratify`.
 * @returns `{ train, test }`: disjoint row indices in `[0, nSamples)`.
 * @throws {PreprocessError} On an invalid size, seed or stratify vector (see `PreprocessErrorCode`).
 * @example
 * ```ts
 * import { trainTestSplitIndices } from '@initlab/preprocess';
 * const { train, test } = trainTestSplitIndices(10, { testSize: 0.2, randomState: 42 });
 * // train = [5, 0, 7, 2, 9, 4, 3, 6], test = [8, 1]  (as scikit-learn)
 * ```
 */
export function trainTestSplitIndices(nSamples: number, opts: SplitOptions = {}): SplitIndices {
  return splitIndices('trainTestSplitIndices', nSamples, opts);
}

/**
 * Split features and targets into training and test sets exactly as scikit-learn 1.2's
 * `train_test_split(X, y, ...)` does: the same rows, in the same order, for the same
 * `randomState`. An array's rows are not copied (the returned arrays hold the same row objects); a typed
 * `Matrix` (from `@initlab/matrix`) gives two new matrices of its element type and sample shape, holding the
 * selected rows and nothing else.
 *
 * @param X One entry per sample (a feature row, an image, anything), or a typed Matrix of one row per sample.
 * @param y One target per sample.
 * @param opts `testSize`, `trainSize`, `randomState`, `shuffle`, `stratify` (as for {@link trainTestSplitIndices}).
 * @returns `{ XTrain, XTest, yTrain, yTest }`.
 * @throws {PreprocessError} `LENGTH_MISMATCH` when `X` and `y` differ in length, and every error of `trainTestSplitIndices`.
 * @example
 * ```ts
 * import { trainTestSplit } from '@initlab/preprocess';
 * const X = [[1], [2], [3], [4], [5]];
 * const y = [0, 1, 0, 1, 0];
 * const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
 * // A typed matrix: XTrain and XTest are matrices of its element type and sample shape.
 * const images = matrix(new Float32Array(6 * 4), 6, 4, [2, 2, 1]);
 * const parts = trainTestSplit(images, [0, 1, 0, 1, 0, 1], { testSize: 2, randomState: 0 });
 * parts.XTrain.rows; // 4
 * ```
 */
export function trainTestSplit<V extends MatrixValues>(X: Matrix<V>, y: readonly number[], opts?: SplitOptions): MatrixTrainTestSplit<V>;
export function trainTestSplit<T>(X: readonly T[], y: readonly number[], opts?: SplitOptions): TrainTestSplit<T>;
export function trainTestSplit<T>(X: readonly T[] | Matrix, y: readonly number[], opts: SplitOptions = {}): TrainTestSplit<T> | MatrixTrainTestSplit<MatrixValues> {
  const n = isMatrix(X) ? X.rows : (X as readonly T[]).length;
  if (n !== y.length) {
    throw new PreprocessError(
      'LENGTH_MISMATCH',
      `trainTestSplit: X and y must hold the same number of samples, got ${n} rows in X and ${y.length} targets in y`,
    );
  }
  const { train, test } = splitIndices('trainTestSplit', n, opts);
  const targets = { yTrain: train.map((i) => y[i] as number), yTest: test.map((i) => y[i] as number) };
  if (isMatrix(X)) return { XTrain: selectRows(X, train), XTest: selectRows(X, test), ...targets };
  const rows = X as readonly T[];
  return {
    XTrain: train.map((i) => rows[i] as T),
    XTest: test.map((i) => rows[i] as T),
    ...targets,
  };
}
