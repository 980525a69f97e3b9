import { errorClass, kindTable, type CodeOf } from '@initlab/errors';

// The one list of this package's codes, by kind: the code union and the kind table are derived from it.
const PREPROCESS_ERROR_CODES = {
  usage: [
    'INVALID_N_SAMPLES', 'INVALID_TEST_SIZE', 'INVALID_TRAIN_SIZE', 'SIZES_EXCEED_SAMPLES', 'EMPTY_TRAIN',
    'INVALID_RANDOM_STATE', 'INVALID_STRATIFY', 'STRATIFY_TOO_FEW', 'LENGTH_MISMATCH', 'INVALID_MATRIX',
    'NOT_FITTED', 'WIDTH_MISMATCH', 'INVALID_OPTION', 'UNKNOWN_LABEL', 'INVALID_CLASS_INDEX', 'INVALID_JSON',
  ],
} as const;

/**
 * What went wrong, as a stable machine-readable string. Messages may be reworded between
 * versions; codes are not.
 *
 * - `INVALID_N_SAMPLES`: `nSamples` is not a non-negative integer.
 * - `INVALID_TEST_SIZE`: `testSize` is outside scikit-learn's allowed range or not a finite number.
 * - `INVALID_TRAIN_SIZE`: `trainSize` is outside scikit-learn's allowed range or not a finite number.
 * - `SIZES_EXCEED_SAMPLES`: `trainSize` and `testSize` together ask for more than the data holds.
 * - `EMPTY_TRAIN`: the sizes leave the training set empty.
 * - `INVALID_RANDOM_STATE`: `randomState` is not an integer in 0…2³²−1.
 * - `INVALID_STRATIFY`: `stratify` has the wrong length, holds a non-finite label, or is combined with `shuffle: false`.
 * - `STRATIFY_TOO_FEW`: a class in `stratify` is too small, or a side has fewer rows than there are classes.
 * - `LENGTH_MISMATCH`: `X` and `y` hold different numbers of rows.
 * - `INVALID_MATRIX`: a matrix is empty or ragged, or holds a value that is not a number or is ±Infinity (NaN is a missing value).
 * - `NOT_FITTED`: an estimator was used before `fit`.
 * - `WIDTH_MISMATCH`: a matrix has a different number of columns from the one the estimator was fitted on.
 * - `INVALID_OPTION`: an option is invalid (for example `shuffle` not a boolean, or a feature range whose minimum is not below its maximum), or an options object holds a key the function does not know.
 * - `UNKNOWN_LABEL`: a label (or label code) was not seen during `fit`, or labels are not all strings or all finite numbers.
 * - `INVALID_CLASS_INDEX`: `oneHot` was given a class index outside `[0, nClasses)`, an invalid `nClasses`, or empty labels without `nClasses`.
 * - `INVALID_JSON`: `fromJSON` was given something that is not a saved estimator of that kind.
 */
export type PreprocessErrorCode = CodeOf<typeof PREPROCESS_ERROR_CODES>;

/** The kind (and so the CLI's exit code) of each code: every one is refused input. */
export const PREPROCESS_ERROR_KINDS = kindTable(PREPROCESS_ERROR_CODES);

/**
 * The one error type thrown by `@initlab/preprocess`. Its message is one line that names the
 * function and argument, states the rule, and echoes the value received; `code` says what kind
 * of problem it is, for programs.
 *
 * @example
 * ```ts
 * import { trainTestSplitIndices, PreprocessError } from '@initlab/preprocess';
 * try {
 *   trainTestSplitIndices(10, { testSize: 10 });
 * } catch (err) {
 *   if (err instanceof PreprocessError && err.code === 'INVALID_TEST_SIZE') console.error(err.message);
 * }
 * ```
 */
export class PreprocessError extends errorClass<PreprocessErrorCode>('PreprocessError', PREPROCESS_ERROR_KINDS) {}
