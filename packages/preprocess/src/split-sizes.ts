import { PreprocessError } from './errors.js';
import { show } from './format.js';
import { checkOptions, type SameKeys } from './options.js';

/** The number of rows on each side of a split. */
export interface SplitSizes {
  /** Rows in the training set. */
  nTrain: number;
  /** Rows in the test set. */
  nTest: number;
}

/**
 * The option names of {@link splitSizes}, the one list the unknown-key check uses.
 * @example
 * ```ts
 * SPLIT_SIZE_OPTIONS; // ['testSize', 'trainSize']
 * ```
 */
export const SPLIT_SIZE_OPTIONS = ['testSize', 'trainSize'] as const;

/** Sizes as `trainTestSplit` takes them: an integer is a count of rows, a non-integer a fraction. */
export interface SplitSizeOptions {
  /**
   * Test-set size: an integer is a row count in `[1, nSamples − 1]`; a non-integer is a fraction
   * in `(0, 1)`, rounded up (`ceil(testSize · nSamples)`). Default: the complement of
   * `trainSize`, or 0.25 when both are omitted.
   */
  testSize?: number;
  /**
   * Training-set size: an integer is a row count in `[1, nSamples − 1]`; a non-integer is a
   * fraction in `(0, 1)`, rounded down (`floor(trainSize · nSamples)`). Default: the complement
   * of the test size.
   */
  trainSize?: number;
}

// A key added to the list and not the interface (or the reverse) fails the type check.
const optionsMatch: SameKeys<SplitSizeOptions, typeof SPLIT_SIZE_OPTIONS> = true;
void optionsMatch;

/**
 * scikit-learn's `train_test_split` default test fraction, used when neither size is given.
 * @example
 * ```ts
 * import { DEFAULT_TEST_SIZE, splitSizes } from '@initlab/preprocess';
 * splitSizes(100); // { nTrain: 75, nTest: 25 }, from DEFAULT_TEST_SIZE = 0.25
 * ```
 */
export const DEFAULT_TEST_SIZE = 0.25;

type SizeKind = 'count' | 'fraction' | 'none';

// scikit-learn tells a count from a fraction by Python type (int vs float). JavaScript has one
// number type, so an integer-valued number is a count and anything else a fraction.
function kindOf(value: number | undefined): SizeKind {
  if (value === undefined) return 'none';
  return Number.isInteger(value) ? 'count' : 'fraction';
}

function checkSize(
  caller: string,
  name: 'testSize' | 'trainSize',
  value: number | undefined,
  nSamples: number,
): SizeKind {
  const code = name === 'testSize' ? 'INVALID_TEST_SIZE' : 'INVALID_TRAIN_SIZE';
  if (value === undefined) return 'none';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PreprocessError(
      code,
      `${caller}: ${name} must be a finite number (an integer row count or a fraction in (0, 1)), got ${show(value)}`,
    );
  }
  const kind = kindOf(value);
  const outOfRange = kind === 'count' ? value <= 0 || value >= nSamples : value <= 0 || value >= 1;
  if (outOfRange) {
    throw new PreprocessError(
      code,
      `${caller}: ${name} must be either a positive integer smaller than nSamples (${nSamples}) or a fraction in (0, 1), got ${show(value)}`,
    );
  }
  return kind;
}

/**
 * How many rows go to training and to testing, by scikit-learn 1.2's `_validate_shuffle_split`
 * rules, with `train_test_split`'s default test size of 0.25.
 *
 * - A fractional `testSize` gives `n_test = ceil(testSize · nSamples)`; a fractional `trainSize`
 *   gives `n_train = floor(trainSize · nSamples)`; an integer is taken as the count itself.
 * - A missing size is the complement of the other: `nSamples − n_other`.
 * - Errors (each naming the parameter): a count outside `[1, nSamples − 1]`, a fraction outside
 *   `(0, 1)`, two fractions summing over 1, `n_train + n_test > nSamples`, and an empty training side.
 *
 * @param nSamples Number of rows to split (a non-negative integer).
 * @param opts `testSize` and `trainSize` as `trainTestSplit` takes them.
 * @returns `{ nTrain, nTest }`.
 * @throws {PreprocessError} `INVALID_N_SAMPLES`, `INVALID_TEST_SIZE`, `INVALID_TRAIN_SIZE`,
 *   `SIZES_EXCEED_SAMPLES`, `EMPTY_TRAIN`.
 * @example
 * ```ts
 * import { splitSizes } from '@initlab/preprocess';
 * splitSizes(489, { testSize: 0.2 }); // { nTrain: 391, nTest: 98 }
 * splitSizes(10, { trainSize: 0.55 }); // { nTrain: 5, nTest: 5 }
 * ```
 */
export function splitSizes(nSamples: number, opts: SplitSizeOptions = {}): SplitSizes {
  checkOptions('splitSizes', opts, SPLIT_SIZE_OPTIONS);
  return resolveSplitSizes('splitSizes', nSamples, opts);
}

/** {@link splitSizes} with the public function's name (`caller`) in its error messages. */
export function resolveSplitSizes(caller: string, nSamples: number, opts: SplitSizeOptions): SplitSizes {
  if (typeof nSamples !== 'number' || !Number.isSafeInteger(nSamples) || nSamples < 0) {
    throw new PreprocessError(
      'INVALID_N_SAMPLES',
      `${caller}: nSamples must be a non-negative integer, got ${show(nSamples)}`,
    );
  }
  const { trainSize } = opts;
  const testSize = opts.testSize === undefined && trainSize === undefined ? DEFAULT_TEST_SIZE : opts.testSize;

  const testKind = checkSize(caller, 'testSize', testSize, nSamples);
  const trainKind = checkSize(caller, 'trainSize', trainSize, nSamples);

  if (testKind === 'fraction' && trainKind === 'fraction') {
    const sum = (trainSize as number) + (testSize as number);
    if (sum > 1) {
      throw new PreprocessError(
        'SIZES_EXCEED_SAMPLES',
        `${caller}: testSize + trainSize must be at most 1 when both are fractions, got ${show(testSize)} + ${show(trainSize)} = ${show(sum)}`,
      );
    }
  }

  let nTest = testKind === 'fraction' ? Math.ceil((testSize as number) * nSamples) : (testSize ?? 0);
  let nTrain = trainKind === 'fraction' ? Math.floor((trainSize as number) * nSamples) : (trainSize ?? 0);
  if (trainKind === 'none') nTrain = nSamples - nTest;
  else if (testKind === 'none') nTest = nSamples - nTrain;

  if (nTrain + nTest > nSamples) {
    throw new PreprocessError(
      'SIZES_EXCEED_SAMPLES',
      `${caller}: trainSize and testSize must not ask for more than nSamples (${nSamples}) rows, got ${nTrain} train + ${nTest} test = ${nTrain + nTest}; reduce testSize and/or trainSize`,
    );
  }
  if (nTrain === 0) {
    throw new PreprocessError(
      'EMPTY_TRAIN',
      `${caller}: the split leaves no training row: ${nSamples} rows with testSize ${show(testSize)}${trainSize === undefined ? '' : ` and trainSize ${show(trainSize)}`}; lower the test size or use more rows`,
    );
  }
  // n_test >= 1 always holds here: a count is >= 1, ceil of a positive fraction is >= 1, and a
  // complement n - floor(f * n) is >= 1 because a double f < 1 never rounds f * n up to n.
  return { nTrain, nTest };
}
